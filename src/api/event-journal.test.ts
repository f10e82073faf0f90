/** The journal's ring: replay after an id, the window it covers, resets, fan-out, frames. */
import { describe, expect, it } from 'vitest';
import { EventBus } from '../engine/events.js';
import { EventJournal, sseFrame } from './event-journal.js';

function source(): { bus: EventBus; publish(n: number): void } {
  const bus = new EventBus(() => 1000);
  return {
    bus,
    publish: (n) => {
      for (let i = 0; i < n; i++) bus.publish({ type: 'persistent-state', target: 'group', name: 'G', state: i % 2 });
    },
  };
}

function journalOver(bus: EventBus, capacity: number): EventJournal {
  return new EventJournal({ subscribe: (l) => bus.subscribe(l), get lastEventSeq() { return bus.lastSeq; } }, capacity);
}

describe('EventJournal', () => {
  it('replays every event after an id, and nothing for the newest id', () => {
    const { bus, publish } = source();
    const journal = journalOver(bus, 10);
    publish(5);
    const replay = journal.replayAfter(2);
    expect(replay.kind === 'events' && replay.entries.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(journal.replayAfter(5)).toEqual({ kind: 'events', entries: [] });
    expect(journal.replayAfter(0)).toMatchObject({ kind: 'events' });
  });

  it('covers only the newest N once the ring wraps, and resets for older ids', () => {
    const { bus, publish } = source();
    const journal = journalOver(bus, 3);
    publish(7);
    expect(journal.oldestSeq).toBe(5);
    const replay = journal.replayAfter(4);
    expect(replay.kind === 'events' && replay.entries.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(journal.replayAfter(3)).toMatchObject({ kind: 'reset', oldest: 5, last: 7 });
    expect(journal.replayAfter(8)).toMatchObject({ kind: 'reset', reason: expect.stringContaining('restarted') as string });
  });

  it('knows nothing before it started: an id older than its first event is a reset', () => {
    const { bus, publish } = source();
    publish(4);
    const journal = journalOver(bus, 10);
    expect(journal.replayAfter(4)).toEqual({ kind: 'events', entries: [] });
    expect(journal.replayAfter(3).kind).toBe('reset');
    publish(1);
    const replay = journal.replayAfter(4);
    expect(replay.kind === 'events' && replay.entries.map((e) => e.seq)).toEqual([5]);
  });

  it('writes each event once as its SSE frame, fans it out, and counts it by type', () => {
    const { bus, publish } = source();
    const journal = journalOver(bus, 10);
    const seen: string[] = [];
    const stop = journal.subscribe((e) => seen.push(e.frame));
    journal.subscribe(() => {
      throw new Error('a broken stream');
    });
    publish(2);
    stop();
    publish(1);
    expect(seen).toEqual([
      sseFrame(1, 'persistent-state', { type: 'persistent-state', target: 'group', name: 'G', state: 0, seq: 1, time: 1000 }),
      sseFrame(2, 'persistent-state', { type: 'persistent-state', target: 'group', name: 'G', state: 1, seq: 2, time: 1000 }),
    ]);
    expect(seen[0]).toMatch(/^id: 1\nevent: persistent-state\ndata: \{.*\}\n\n$/);
    expect(journal.published.get('persistent-state')).toBe(3);
    journal.close();
    publish(1);
    expect(journal.lastSeq).toBe(3);
  });
});
