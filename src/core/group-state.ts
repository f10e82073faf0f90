/**
 * The group-state rule: a group's state is derived from its resources, never stored. The order of
 * the checks is MS-CMRP's (wsfc.md §2.2, MS-CMRP 3.1.4.2.46): Failed, then Pending, then the
 * top-level resources decide between Online, PartialOnline and Offline.
 */
import type { ClusterModel, Runtime } from './model.js';
import { findGroup, findResource, nameKey } from './model.js';
import { resourceRuntime } from './runtime.js';
import { GroupState, isPendingResourceState, ResourceState } from './states.js';

/**
 * Names of the group's top-level resources: those no other resource of the group depends on
 * (wsfc.md §2.2 rule 3). Dependencies never cross groups (§6.1), so only the group's own
 * expressions are read.
 */
export function topLevelResources(model: ClusterModel, groupName: string): string[] {
  const group = findGroup(model, groupName);
  if (!group) return [];
  const isProvider = new Set<string>();
  for (const name of group.resources) {
    const resource = findResource(model, name);
    if (!resource) continue;
    for (const orSet of resource.dependsOn) for (const provider of orSet) isProvider.add(nameKey(provider));
  }
  return group.resources.filter((name) => !isProvider.has(nameKey(name)));
}

/**
 * Top-level resources per model and group. The engine asks for a group's state on every resource
 * state change; a model never changes once built (a new revision is a new model), so the answer is
 * worked out once rather than with a fresh Set on each call.
 */
const topLevelCache = new WeakMap<ClusterModel, Map<string, readonly string[]>>();

function cachedTopLevel(model: ClusterModel, groupName: string): readonly string[] {
  let perGroup = topLevelCache.get(model);
  if (!perGroup) topLevelCache.set(model, (perGroup = new Map()));
  let top = perGroup.get(groupName);
  if (!top) perGroup.set(groupName, (top = topLevelResources(model, groupName)));
  return top;
}

/** Unknown groups are GroupState.Unknown (-1), as GetClusterGroupState answers on error. */
export function computeGroupState(model: ClusterModel, runtime: Runtime, groupName: string): GroupState {
  const group = findGroup(model, groupName);
  if (!group) return GroupState.Unknown;
  // An empty group is Offline (sdk-api GetClusterGroupState: "or the group has no resources").
  if (group.resources.length === 0) return GroupState.Offline;

  let anyPending = false;
  for (const name of group.resources) {
    const state = resourceRuntime(runtime, name).state;
    if (state === ResourceState.Failed) return GroupState.Failed;
    if (isPendingResourceState(state)) anyPending = true;
  }
  if (anyPending) return GroupState.Pending;

  // Rule 3-5 look only at top-level resources: a provider is online whenever its dependents are.
  const top = cachedTopLevel(model, group.name);
  let online = 0;
  for (const name of top) if (resourceRuntime(runtime, name).state === ResourceState.Online) online++;
  if (online === top.length) return GroupState.Online;
  if (online > 0) return GroupState.PartialOnline;
  return GroupState.Offline;
}
