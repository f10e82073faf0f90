/** The shared health-check schedule: exact due times, lazy cancel, one timer, none when idle. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { ResourceConfig } from '../core/model.js';
import { CheckLanes, type HealthEntry } from './check-lanes.js';
import { ResourceRecord } from './resource-record.js';

function record(name: string): ResourceRecord {
  return new ResourceRecord({ name } as ResourceConfig);
}

function lanes(clock: ManualClock): { lanes: CheckLanes; fired: string[] } {
  const fired: string[] = [];
  return { fired, lanes: new CheckLanes(clock, (r: ResourceRecord, entry: HealthEntry) => fired.push(`${clock.now()} ${r.config.name} ${entry}`)) };
}

describe('CheckLanes', () => {
  it('fires each check at its own due time, in due order across intervals, behind one timer', () => {
    const clock = new ManualClock();
    const { lanes: schedule, fired } = lanes(clock);
    const a = record('A');
    const b = record('B');
    schedule.add(a, 'looksAlive', 5000);
    schedule.add(a, 'isAlive', 60_000);
    clock.advance(1000);
    schedule.add(b, 'looksAlive', 5000);
    schedule.add(b, 'isAlive', 3000);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(2999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['4000 B isAlive']);
    clock.advance(1000);
    expect(fired).toEqual(['4000 B isAlive', '5000 A looksAlive']);
    clock.advance(1000);
    expect(fired).toEqual(['4000 B isAlive', '5000 A looksAlive', '6000 B looksAlive']);
    clock.advance(54_000);
    expect(fired.at(-1)).toBe('60000 A isAlive');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('skips the checks of a cancelled round and drops the timer once nothing is queued', () => {
    const clock = new ManualClock();
    const { lanes: schedule, fired } = lanes(clock);
    const a = record('A');
    const b = record('B');
    schedule.add(a, 'looksAlive', 5000);
    schedule.add(b, 'looksAlive', 5000);
    schedule.cancel(a);
    clock.advance(5000);
    expect(fired).toEqual(['5000 B looksAlive']);
    schedule.add(a, 'looksAlive', 5000);
    schedule.cancel(a);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10_000);
    expect(fired).toEqual(['5000 B looksAlive']);
  });

  it('keeps a lane short however long it runs', () => {
    const clock = new ManualClock();
    const fired: ResourceRecord[] = [];
    const schedule = new CheckLanes(clock, (r) => {
      fired.push(r);
      schedule.add(r, 'looksAlive', 10);
    });
    const records = Array.from({ length: 100 }, (_, i) => record(`R${i}`));
    records.forEach((r, i) => {
      clock.advance(i === 0 ? 0 : 0.1);
      schedule.add(r, 'looksAlive', 10);
    });
    clock.advance(10_000);
    expect(fired.length).toBeGreaterThan(99_000);
    const lane = (schedule as unknown as { lanes: Map<string, Map<number, { dues: number[] }>> }).lanes.get('looksAlive')?.get(10);
    expect(lane?.dues.length).toBeLessThanOrEqual(2200);
  });
});
