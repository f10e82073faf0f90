/**
 * Time is injected: core code never reads the system clock or sets timers. The engine passes a
 * real clock; tests pass a manual one and move time in fake milliseconds.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** A clock that only moves when told to: for tests of timers, restart windows and timeouts. */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), callback });
    return { cancel: () => this.timers.delete(id) };
  }

  /** Moves time forward, firing due timers in order of their due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    while (this.fireNextDue(target));
    this.current = target;
  }

  /**
   * Fires the earliest timer due at or before `until`, moving time to it; false when none is due.
   * The building block for advancing in steps (the SDK's mock environment settles promises between
   * timers).
   */
  fireNextDue(until: number): boolean {
    let dueId: number | undefined;
    let dueAt = Infinity;
    for (const [id, timer] of this.timers) {
      if (timer.at <= until && timer.at < dueAt) {
        dueAt = timer.at;
        dueId = id;
      }
    }
    if (dueId === undefined) return false;
    const timer = this.timers.get(dueId);
    this.timers.delete(dueId);
    this.current = dueAt;
    timer?.callback();
    return true;
  }

  /** Moves time to `at` without firing anything (callers fire what is due first). */
  protected setNow(at: number): void {
    this.current = at;
  }

  pendingTimers(): number {
    return this.timers.size;
  }
}
