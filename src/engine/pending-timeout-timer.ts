/**
 * PendingTimeout is a gap timer, not a cap on total pending time (wsfc.md §5.2 item 4): each
 * progress report from the resource type starts the gap again; when a gap exceeds PendingTimeout
 * the engine terminates the resource, which then ends Failed.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

export class PendingTimeoutTimer {
  private handle: TimerHandle | null = null;
  private lastReset = 0;
  private expired = false;

  constructor(
    private readonly clock: Clock,
    readonly timeoutMs: number,
    private readonly onExpire: () => void,
  ) {}

  start(): void {
    this.arm();
  }

  /** A progress report: the gap starts again. Ignored once expired or stopped. */
  reset(): void {
    if (this.handle === null || this.expired) return;
    this.handle.cancel();
    this.arm();
  }

  stop(): void {
    this.handle?.cancel();
    this.handle = null;
  }

  get hasExpired(): boolean {
    return this.expired;
  }

  /** Milliseconds left in the current gap (0 once expired or stopped). */
  remainingMs(): number {
    if (this.handle === null || this.expired) return 0;
    return Math.max(0, this.timeoutMs - (this.clock.now() - this.lastReset));
  }

  private arm(): void {
    this.lastReset = this.clock.now();
    this.handle = this.clock.setTimer(this.timeoutMs, () => {
      this.expired = true;
      this.handle = null;
      this.onExpire();
    });
  }
}
