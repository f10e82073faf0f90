/**
 * The health-check schedule: every queued check of every resource behind one clock timer.
 *
 * Checks are kept in lanes, one per (entry point, interval). A check is always queued `interval`
 * after now and now only moves forward, so each lane is already in due order: adding is an append
 * and the next due check is at the head of some lane -- no heap, no per-check timer. Configurations
 * use a handful of distinct intervals, so scanning the lane heads is cheap.
 *
 * Cancelling is lazy: a record's `healthRound` moves on when its checks stop, and an entry queued
 * in an older round is skipped when it comes due. `live` counts the entries still current, so the
 * timer is dropped as soon as nothing is being checked (no timer outlives the last Online resource).
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { ResourceRecord } from './resource-record.js';

export type HealthEntry = 'looksAlive' | 'isAlive';

interface Lane {
  readonly entry: HealthEntry;
  /** Parallel arrays (one entry = one index), cheaper than an object per queued check. */
  records: ResourceRecord[];
  rounds: number[];
  dues: number[];
  head: number;
}

/** Below this many consumed entries a lane is not worth compacting. */
const COMPACT_AFTER = 1024;

export class CheckLanes {
  private readonly lanes = new Map<HealthEntry, Map<number, Lane>>();
  private live = 0;
  private timer: TimerHandle | null = null;
  private armedFor = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly due: (record: ResourceRecord, entry: HealthEntry) => void,
  ) {}

  /** Queues one check of `record` in its current round, `intervalMs` from now. */
  add(record: ResourceRecord, entry: HealthEntry, intervalMs: number): void {
    const lane = this.lane(entry, intervalMs);
    const at = this.clock.now() + intervalMs;
    lane.records.push(record);
    lane.rounds.push(record.healthRound);
    lane.dues.push(at);
    record.healthQueued++;
    this.live++;
    if (at < this.armedFor) this.arm(at);
  }

  /** Cancels every queued check of `record` (they are skipped when they come due). */
  cancel(record: ResourceRecord): void {
    record.healthRound++;
    if (record.healthQueued === 0) return;
    this.live -= record.healthQueued;
    record.healthQueued = 0;
    if (this.live === 0) this.clear();
  }

  /** Forgets every queued check and drops the timer. */
  clear(): void {
    this.lanes.clear();
    this.live = 0;
    this.disarm();
  }

  private lane(entry: HealthEntry, intervalMs: number): Lane {
    let byInterval = this.lanes.get(entry);
    if (!byInterval) this.lanes.set(entry, (byInterval = new Map()));
    let lane = byInterval.get(intervalMs);
    if (!lane) byInterval.set(intervalMs, (lane = { entry, records: [], rounds: [], dues: [], head: 0 }));
    return lane;
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (const byInterval of this.lanes.values()) {
      for (const lane of byInterval.values()) {
        while (lane.head < lane.dues.length && (lane.dues[lane.head] as number) <= now) {
          const i = lane.head++;
          const record = lane.records[i] as ResourceRecord;
          if (lane.rounds[i] !== record.healthRound) continue;
          record.healthQueued--;
          this.live--;
          this.due(record, lane.entry);
        }
        compact(lane);
        if (lane.head < lane.dues.length) next = Math.min(next, lane.dues[lane.head] as number);
      }
    }
    // A check that ran above may have stopped the last queued one (or queued a new round).
    if (this.live === 0) this.clear();
    else if (next < this.armedFor) this.arm(next);
  }

  private arm(at: number): void {
    this.disarm();
    this.armedFor = at;
    this.timer = this.clock.setTimer(at - this.clock.now(), () => this.fire());
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = null;
    this.armedFor = Infinity;
  }
}

/** Drops consumed entries once they are many and the majority, so a lane does not grow forever. */
function compact(lane: Lane): void {
  if (lane.head === lane.dues.length) {
    lane.records = [];
    lane.rounds = [];
    lane.dues = [];
    lane.head = 0;
  } else if (lane.head >= COMPACT_AFTER && lane.head * 2 >= lane.dues.length) {
    lane.records = lane.records.slice(lane.head);
    lane.rounds = lane.rounds.slice(lane.head);
    lane.dues = lane.dues.slice(lane.head);
    lane.head = 0;
  }
}
