/**
 * A group's status as its owner publishes it to the other nodes (ADR 0006): every resource's
 * visible state, persistent state and locked mode, and whether a move is under way. Other nodes
 * mirror it into their records so that reads, events and the UI show the whole cluster on any
 * node. Short keys: it is written on every state change of a group.
 */
import type { PersistentState, ResourceState } from '../core/states.js';
import type { ClusterRecords, GroupRecord } from './resource-record.js';

export interface ResourceStatus {
  /** Visible state (the queued state while waiting in a plan). */
  readonly s: ResourceState;
  readonly p: PersistentState;
  readonly l: boolean;
  /** Failure reason while Failed. */
  readonly f?: string;
}

export interface GroupStatus {
  readonly owner: string | null;
  readonly moving: boolean;
  readonly persistent: PersistentState;
  readonly resources: Readonly<Record<string, ResourceStatus>>;
}

export function groupStatusOf(records: ClusterRecords, group: GroupRecord): GroupStatus {
  const resources: Record<string, ResourceStatus> = {};
  for (const name of group.config.resources) {
    const record = records.resources.get(name);
    if (!record) continue;
    resources[name] = record.failureReason === undefined
      ? { s: record.state, p: record.persistentState, l: record.locked }
      : { s: record.state, p: record.persistentState, l: record.locked, f: record.failureReason };
  }
  return { owner: group.owner, moving: group.moving, persistent: group.persistentState, resources };
}
