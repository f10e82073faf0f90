/**
 * The host's side of self-fencing (docs/adr/0006-many-nodes.md): a deadline the daemon keeps
 * pushing forward while its lease is renewed. When it passes, the host terminates what it runs on
 * its own, because the daemon may be dead, frozen or cut off from etcd and another node may soon be
 * given the groups. Kept apart from HostRuntime so the timing rules can be read in one place.
 *
 * Rules:
 * - Every `fence` replaces the previous deadline and lifts the fenced state, `null` included: the
 *   daemon re-arms only after it has a valid lease again, and it is the one that knows.
 * - The deadline runs on the host's timers (setTimeout: libuv's monotonic clock), from receipt.
 * - While fenced, HostRuntime refuses `online`: the node may no longer own the group.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

/** 5016 ERROR_HOST_NODE_NOT_GROUP_OWNER (core/errors.ts): what a fenced node is, until re-armed. */
export const FENCED_CODE = 5016;

export interface HostFenceOptions {
  readonly clock: Clock;
  /** Terminates what the host runs; settles when every terminate has. Must not reject. */
  readonly terminateAll: () => Promise<void>;
  /**
   * How long `whenDone` waits for terminateAll before giving up: a type whose terminate hangs must
   * not keep an orphaned host alive for ever (it cannot help the resource by staying).
   */
  readonly terminateLimitMs: number;
}

export class HostFence {
  private timer: TimerHandle | null = null;
  private isFenced = false;
  /** Fences whose terminateAll has not settled (and not hit the limit) yet. */
  private running = 0;
  private waiters: (() => void)[] = [];
  /** Counts expiries: an online that spans a change of generation overlapped a fence. */
  generation = 0;

  constructor(private readonly options: HostFenceOptions) {}

  get fenced(): boolean {
    return this.isFenced;
  }

  /** A deadline is pending, or a fence is still terminating. */
  get active(): boolean {
    return this.timer !== null || this.running > 0;
  }

  set(inMs: number | null): void {
    this.timer?.cancel();
    this.timer = null;
    this.isFenced = false;
    if (inMs === null) {
      this.settleWaiters();
      return;
    }
    // Anything that is not a positive number (0, negative, NaN) means "now": failing safe.
    if (!(inMs > 0)) {
      this.expire();
      return;
    }
    this.timer = this.options.clock.setTimer(inMs, () => {
      this.timer = null;
      this.expire();
    });
  }

  /**
   * For a host whose daemon is gone: settles once the pending deadline has expired and its
   * terminates have run (or hit the limit); null when nothing is armed or running, so the caller
   * can exit at once as an unfenced host always did.
   */
  whenDone(): Promise<void> | null {
    if (!this.active) return null;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private expire(): void {
    this.isFenced = true;
    this.generation += 1;
    this.running += 1;
    let counted = true;
    const finish = (): void => {
      if (!counted) return;
      counted = false;
      this.running -= 1;
      this.settleWaiters();
    };
    const limit = this.options.clock.setTimer(this.options.terminateLimitMs, finish);
    const settled = (): void => {
      limit.cancel();
      finish();
    };
    void this.options.terminateAll().then(settled, settled);
  }

  private settleWaiters(): void {
    if (this.active) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
