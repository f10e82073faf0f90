/**
 * Placement (ADR 0006, wsfc.md §6.3 and §8): which node may host a group, which node a group goes
 * to when nobody names one (failover, drain, a move without a destination), and whether a group
 * should fail back to its preferred owner now. Pure: the leader passes the model, the runtime it
 * mirrors and the local hour; it owns the clock and the compare-and-swap.
 */
import type { ClusterModel, GroupConfig, Runtime } from './model.js';
import { findGroup, findNode, findResource, nameKey } from './model.js';
import { groupRuntime, nodeState } from './runtime.js';
import { NodeState } from './states.js';

/** FailbackWindowStart/End and FailoverThreshold: -1 (0xFFFFFFFF) is "not set" (wsfc.md §8). */
export const DWORD_NONE = 0xffffffff;

export function isUnset(value: number): boolean {
  return value === -1 || value === DWORD_NONE;
}

/**
 * The keys of the nodes every resource of the group allows, or null when none restricts (an empty
 * possibleOwners list means every node). Intersected once per call, so choosing among N nodes
 * for a group of R resources costs O(R + N), not O(R x N).
 */
function allowedNodeKeys(model: ClusterModel, group: GroupConfig): Set<string> | null {
  let allowed: Set<string> | null = null;
  for (const name of group.resources) {
    const owners = findResource(model, name)?.possibleOwners ?? [];
    if (owners.length === 0) continue;
    const keys = new Set(owners.map(nameKey));
    if (allowed === null) allowed = keys;
    else for (const key of allowed) if (!keys.has(key)) allowed.delete(key);
  }
  return allowed;
}

/**
 * The first resource of the group (declaration order) whose possible owners leave `node` out, or
 * null when every resource allows it. What a 5015 names.
 */
export function resourceBarringNode(model: ClusterModel, node: string, groupName: string): string | null {
  const group = findGroup(model, groupName);
  if (!group) return null;
  const key = nameKey(node);
  for (const name of group.resources) {
    const resource = findResource(model, name);
    const owners = resource?.possibleOwners ?? [];
    if (owners.length > 0 && !owners.some((owner) => nameKey(owner) === key)) return resource?.name ?? name;
  }
  return null;
}

/**
 * Whether `node` is a configured node that is a possible owner of every resource of the group. Node
 * state is not considered: this is the configuration's answer (5015 when false on a move).
 */
export function canHost(model: ClusterModel, node: string, groupName: string): boolean {
  if (!findGroup(model, groupName) || !findNode(model, node)) return false;
  return resourceBarringNode(model, node, groupName) === null;
}

export interface ChooseNodeOptions {
  /** Nodes never chosen (the current owner on a move or failover); case-insensitive. */
  readonly exclude?: readonly string[];
}

/** Candidates in placement order: preferred owners as listed, then the other nodes in configuration order. */
function candidates(model: ClusterModel, group: GroupConfig): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const name of [...group.preferredOwners, ...model.config.nodes.map((n) => n.name)]) {
    const node = findNode(model, name);
    if (!node || seen.has(nameKey(node.name))) continue;
    seen.add(nameKey(node.name));
    order.push(node.name);
  }
  return order;
}

/**
 * The node a group goes to when the caller names none: the first candidate (preferred owners in
 * order, then the remaining configured nodes in configuration order) that is Up and a possible
 * owner of every resource. Paused, Joining, Down and unknown nodes are never chosen (ADR 0006: "Up
 * only, not paused"). Returns the canonical node name, or null when no node qualifies.
 */
export function chooseNode(model: ClusterModel, runtime: Runtime, groupName: string, options: ChooseNodeOptions = {}): string | null {
  const group = findGroup(model, groupName);
  if (!group) return null;
  const excluded = new Set((options.exclude ?? []).map(nameKey));
  const allowed = allowedNodeKeys(model, group);
  for (const node of candidates(model, group)) {
    const key = nameKey(node);
    if (excluded.has(key)) continue;
    if (allowed !== null && !allowed.has(key)) continue;
    if (nodeState(runtime, node) !== NodeState.Up) continue;
    return node;
  }
  return null;
}

/**
 * Whether `hourOfDay` (0-23, local cluster time) is inside the failback window [start, end). A
 * window with either bound unset does not exist and so never holds failback back (wsfc.md §8: both
 * must be set). start > end wraps midnight (22 -> 6 is 22:00-05:59). start == end is the single hour
 * `start`: a half-open reading would make it an empty window, and an operator who wants no failback
 * says so with AutoFailbackType 0.
 */
export function insideFailbackWindow(start: number, end: number, hourOfDay: number): boolean {
  checkHour(hourOfDay);
  if (isUnset(start) || isUnset(end)) return true;
  if (start === end) return hourOfDay === start;
  return start < end ? hourOfDay >= start && hourOfDay < end : hourOfDay >= start || hourOfDay < end;
}

/** A bad hour is the caller's bug (the leader derives it from its clock), not a policy answer. */
function checkHour(hourOfDay: number): void {
  if (!Number.isInteger(hourOfDay) || hourOfDay < 0 || hourOfDay > 23) throw new RangeError(`hourOfDay must be an integer 0..23, got ${hourOfDay}`);
}

/** AutoFailbackType 1 (wsfc.md §8). */
export const ClusterGroupAllowFailback = 1;

/**
 * The node a group should fail back to now, or null. Needs AutoFailbackType 1 and a preferred-owner
 * list; the target is the most preferred owner that is Up and may host the group, and there is a
 * failback only when that node is not the current owner and the hour is inside the window. A
 * preferred owner that cannot host the group is passed over rather than blocking failback to the
 * next one: failing back to a node the move admission would refuse (5015) would only fail.
 */
export function failbackTarget(model: ClusterModel, runtime: Runtime, groupName: string, hourOfDay: number): string | null {
  checkHour(hourOfDay);
  const group = findGroup(model, groupName);
  if (!group || group.common.AutoFailbackType !== ClusterGroupAllowFailback || group.preferredOwners.length === 0) return null;
  if (!insideFailbackWindow(group.common.FailbackWindowStart, group.common.FailbackWindowEnd, hourOfDay)) return null;
  const allowed = allowedNodeKeys(model, group);
  const owner = groupRuntime(runtime, group.name).owner;
  for (const name of group.preferredOwners) {
    const node = findNode(model, name);
    if (!node) continue;
    const key = nameKey(node.name);
    if (allowed !== null && !allowed.has(key)) continue;
    if (nodeState(runtime, node.name) !== NodeState.Up) continue;
    return owner !== null && nameKey(owner) === key ? null : node.name;
  }
  return null;
}
