/**
 * State enums with their exact ClusAPI numbers (wsfc.md §2). Each is a frozen object of numbers
 * plus a name table, so values cross process and HTTP boundaries as the numbers Windows uses.
 */

export const ResourceState = {
  Unknown: -1,
  Inherited: 0,
  Initializing: 1,
  Online: 2,
  Offline: 3,
  Failed: 4,
  Pending: 128,
  OnlinePending: 129,
  OfflinePending: 130,
} as const;
export type ResourceState = (typeof ResourceState)[keyof typeof ResourceState];

/** Values only a resource type reports (resapi.h); the engine maps them to Failed / Offline. */
export const ResourceDllStatus = {
  CannotComeOnlineOnAnyNode: 126,
  CannotComeOnlineOnThisNode: 127,
} as const;
export type ResourceDllStatus = (typeof ResourceDllStatus)[keyof typeof ResourceDllStatus];

export const GroupState = {
  Unknown: -1,
  Online: 0,
  Offline: 1,
  Failed: 2,
  PartialOnline: 3,
  Pending: 4,
} as const;
export type GroupState = (typeof GroupState)[keyof typeof GroupState];

export const NodeState = {
  Unknown: -1,
  Up: 0,
  Down: 1,
  Paused: 2,
  Joining: 3,
} as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

/** Persistent (intended) state: what a client last asked for. */
export const PersistentState = { Offline: 0, Online: 1 } as const;
export type PersistentState = (typeof PersistentState)[keyof typeof PersistentState];

function invert<T extends Record<string, number>>(table: T, prefix: string): ReadonlyMap<number, string> {
  return new Map(Object.entries(table).map(([k, v]) => [v, `${prefix}${k}`]));
}

const RESOURCE_STATE_NAMES = invert(ResourceState, 'ClusterResource');
const GROUP_STATE_NAMES = invert(GroupState, 'ClusterGroup');
const NODE_STATE_NAMES = invert(NodeState, 'ClusterNode');

/** ClusAPI spelling: ClusterResourceOnline, ClusterResourceStateUnknown, ... */
export function resourceStateName(state: number): string {
  if (state === ResourceState.Unknown) return 'ClusterResourceStateUnknown';
  if (state === ResourceDllStatus.CannotComeOnlineOnAnyNode) return 'ClusterResourceCannotComeOnlineOnAnyNode';
  if (state === ResourceDllStatus.CannotComeOnlineOnThisNode) return 'ClusterResourceCannotComeOnlineOnThisNode';
  return RESOURCE_STATE_NAMES.get(state) ?? `ClusterResourceState(${state})`;
}

export function groupStateName(state: number): string {
  if (state === GroupState.Unknown) return 'ClusterGroupStateUnknown';
  return GROUP_STATE_NAMES.get(state) ?? `ClusterGroupState(${state})`;
}

export function nodeStateName(state: number): string {
  if (state === NodeState.Unknown) return 'ClusterNodeStateUnknown';
  return NODE_STATE_NAMES.get(state) ?? `ClusterNodeState(${state})`;
}

/** Short, human names for CLI tables and the UI: "Online", "OfflinePending", ... */
export function resourceStateLabel(state: number): string {
  return resourceStateName(state).replace(/^ClusterResource(State)?/, '') || String(state);
}

export function groupStateLabel(state: number): string {
  return groupStateName(state).replace(/^ClusterGroup(State)?/, '') || String(state);
}

export function isPendingResourceState(state: ResourceState): boolean {
  return state === ResourceState.Pending || state === ResourceState.OnlinePending || state === ResourceState.OfflinePending;
}
