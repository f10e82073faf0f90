/**
 * FailoverThreshold within FailoverPeriod across nodes: the times of a group's recent failovers
 * live in the store (`/wolfpack/failovers/<group>`), so the leader (a Down owner) and an owner
 * (RestartAction 2) count against the same history.
 */
import { failoverAllowed, type FailoverDecision } from '../core/failover-policy.js';
import type { GroupConfig } from '../core/model.js';
import type { ClusterStore } from '../store/port.js';
import { CLUSTER_KEYS } from './keys.js';

/** Whether one more failover of the group is allowed now, by its stored history. */
export async function decideFailover(store: ClusterStore, group: GroupConfig, nodeCount: number): Promise<FailoverDecision> {
  const stored = await store.get(CLUSTER_KEYS.failovers(group.name));
  const history = stored ? (JSON.parse(stored.value) as number[]) : [];
  return failoverAllowed(history, Date.now(), group.common.FailoverThreshold, group.common.FailoverPeriod, nodeCount);
}

/** Counts an allowed failover (the decision's history includes it). */
export async function recordFailover(store: ClusterStore, group: GroupConfig, decision: FailoverDecision): Promise<void> {
  if (decision.allowed) await store.put(CLUSTER_KEYS.failovers(group.name), JSON.stringify(decision.history));
}
