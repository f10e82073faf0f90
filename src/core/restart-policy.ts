/**
 * Restart policy (wsfc.md §5.5), as a pure decision: given a failed resource's common properties,
 * the times of its earlier restarts and now, say what happens next. The engine owns the timers; this
 * module owns the rule, so restart windows are tested in fake milliseconds.
 */
import type { ResourceCommonProperties } from './common-properties.js';
import { PersistentState } from './states.js';

export const RestartAction = {
  DontRestart: 0,
  RestartNoNotify: 1,
  RestartNotify: 2,
} as const;

export type RestartDecision =
  /** Restart on this node after `delayMs`; `history` is the new list of restart times to keep. */
  | { readonly kind: 'restart'; readonly delayMs: number; readonly history: readonly number[]; readonly attempt: number }
  /** Stay Failed. `retryAfterMs` is RetryPeriodOnFailure when a last attempt is due later, else null. */
  | { readonly kind: 'stay-failed'; readonly why: string; readonly retryAfterMs: number | null; readonly history: readonly number[] }
  /** Threshold exceeded with RestartNotify: fail the group over to another node (§6.3). */
  | { readonly kind: 'fail-over-group'; readonly why: string; readonly history: readonly number[] };

const NEVER = 0xffffffff;

/** Restart times still inside the RestartPeriod window ending at `now`. */
export function restartsInWindow(history: readonly number[], now: number, periodMs: number): number[] {
  return history.filter((t) => now - t < periodMs);
}

export function decideRestart(
  common: ResourceCommonProperties,
  persistentState: PersistentState,
  history: readonly number[],
  now: number,
): RestartDecision {
  const recent = restartsInWindow(history, now, common.RestartPeriod);
  const retryAfterMs = common.RetryPeriodOnFailure === NEVER ? null : common.RetryPeriodOnFailure;
  // MS-CMRP 3.1.4.2.19 step 8: no recovery for a resource whose persistent state is offline.
  if (persistentState !== PersistentState.Online) {
    return { kind: 'stay-failed', why: 'persistent state is offline: no recovery', retryAfterMs: null, history: recent };
  }
  if (common.RestartAction === RestartAction.DontRestart) {
    return { kind: 'stay-failed', why: 'RestartAction is 0 (do not restart)', retryAfterMs, history: recent };
  }
  if (recent.length < common.RestartThreshold) {
    return { kind: 'restart', delayMs: common.RestartDelay, history: [...recent, now], attempt: recent.length + 1 };
  }
  const why = `${recent.length} restarts within RestartPeriod ${common.RestartPeriod} ms reached RestartThreshold ${common.RestartThreshold}`;
  if (common.RestartAction === RestartAction.RestartNotify) return { kind: 'fail-over-group', why, history: recent };
  return { kind: 'stay-failed', why: `${why}; RestartAction 1 does not fail the group over`, retryAfterMs, history: recent };
}
