/**
 * The engine's view of the rest of the cluster, set by the cluster layer (src/cluster): node
 * states, group owners, and the status that other owners publish for their groups, mirrored into
 * this node's records so that every node can serve reads and events for the whole cluster. Nothing
 * here calls a resource: a mirrored resource runs on another node.
 */
import type { NodeState } from '../core/states.js';
import { ResourceState } from '../core/states.js';
import type { EventBus } from './events.js';
import type { GroupStatus } from './group-status.js';
import type { ClusterRecords, GroupRecord, ResourceRecord } from './resource-record.js';

export function setNodeState(records: ClusterRecords, bus: EventBus, node: string, state: NodeState): boolean {
  const name = records.model.config.nodes.find((n) => n.name.toLowerCase() === node.toLowerCase())?.name;
  if (name === undefined) return false;
  const previous = records.nodes.get(name)?.state;
  if (previous === state) return true;
  records.nodes.set(name, { state });
  bus.publish({ type: 'node-state', node: name, state, previous: previous ?? state });
  return true;
}

export function setGroupOwner(bus: EventBus, group: GroupRecord, owner: string | null): void {
  if (group.owner === owner) return;
  const previous = group.owner;
  group.owner = owner;
  bus.publish({ type: 'group-owner', group: group.config.name, owner, previous });
}

export function setGroupMoving(bus: EventBus, group: GroupRecord, moving: boolean, queued: boolean, operation: string | null): void {
  if (group.moving === moving && !queued) return;
  group.moving = moving;
  bus.publish({ type: 'group-moving', group: group.config.name, moving, queued, operation });
}

/**
 * Copies another owner's published status into the records of its group. `changed` is called for
 * each resource whose visible state changed (the engine publishes it like its own changes).
 */
export function mirrorStatus(
  records: ClusterRecords,
  bus: EventBus,
  group: GroupRecord,
  status: GroupStatus,
  changed: (record: ResourceRecord, previous: ResourceState) => void,
): void {
  setGroupMoving(bus, group, status.moving, false, null);
  if (group.persistentState !== status.persistent) {
    group.persistentState = status.persistent;
    bus.publish({ type: 'persistent-state', target: 'group', name: group.config.name, state: status.persistent });
  }
  for (const name of group.config.resources) {
    const record = records.resources.get(name);
    const mirrored = status.resources[name];
    if (!record || !mirrored) continue;
    if (record.persistentState !== mirrored.p) {
      record.persistentState = mirrored.p;
      bus.publish({ type: 'persistent-state', target: 'resource', name, state: mirrored.p });
    }
    if (record.locked !== mirrored.l) {
      record.locked = mirrored.l;
      bus.publish({ type: 'resource-locked', resource: name, locked: mirrored.l, reason: 0 });
    }
    const previous = record.state;
    record.queued = null;
    record.machineState = mirrored.s;
    if (mirrored.f !== undefined) record.failureReason = mirrored.f;
    else if (record.failureReason !== undefined) record.clearFailureReason();
    if (previous !== record.state) changed(record, previous);
  }
}

/** A group this node no longer runs (fenced, or handed away while down): show it Offline here. */
export function forgetLocalState(group: GroupRecord, records: ClusterRecords, changed: (record: ResourceRecord, previous: ResourceState) => void): void {
  for (const name of group.config.resources) {
    const record = records.resources.get(name);
    if (!record) continue;
    const previous = record.state;
    record.queued = null;
    record.machineState = ResourceState.Offline;
    record.operation = null;
    const waiters = record.settleWaiters;
    record.settleWaiters = null;
    for (const resolve of waiters ?? []) resolve();
    if (previous !== record.state) changed(record, previous);
  }
}
