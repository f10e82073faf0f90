/**
 * Failover limit (wsfc.md §5.5 item 4, §8): a group fails over at most FailoverThreshold times in
 * FailoverPeriod hours; past that it stays Failed on its last owner. Pure like the restart policy:
 * the leader keeps the history in `/wolfpack/failovers/<group>` and passes its clock's now.
 */

const HOUR_MS = 3_600_000;

export interface FailoverDecision {
  readonly allowed: boolean;
  /** The failovers still inside the period plus `now` when this one is allowed, oldest first: what to store. */
  readonly history: number[];
  /** Failovers still allowed inside the period after this decision. */
  readonly remaining: number;
}

/**
 * The threshold in force: 0xFFFFFFFF (also -1) is "number of nodes - 1" (wsfc.md §8 remark), so a
 * group can visit every other node once per period; a one-node cluster has nowhere to fail over to.
 */
export function effectiveFailoverThreshold(threshold: number, nodeCount: number): number {
  if (threshold === -1 || threshold === 0xffffffff) return Math.max(nodeCount - 1, 0);
  return threshold;
}

/**
 * Whether one more failover may happen at `now` (ms), given the times of earlier ones. A failover
 * counts while `now - t < period`; a time later than `now` (another node's clock ahead of this
 * one's) is kept and counts, so skew between leaders can only make the limit stricter. Period 0
 * keeps nothing, so only a threshold of 0 can refuse.
 */
export function failoverAllowed(history: readonly number[], now: number, threshold: number, periodHours: number, nodeCount: number): FailoverDecision {
  const periodMs = periodHours * HOUR_MS;
  const recent = history.filter((t) => now - t < periodMs).sort((a, b) => a - b);
  const limit = effectiveFailoverThreshold(threshold, nodeCount);
  if (recent.length >= limit) return { allowed: false, history: recent, remaining: 0 };
  return { allowed: true, history: [...recent, now].sort((a, b) => a - b), remaining: limit - recent.length - 1 };
}
