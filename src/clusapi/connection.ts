/**
 * The port the ClusAPI facade talks through: one cluster as seen by one principal. The facade
 * owns handles, argument checks and Win32 conventions; a connection only reads and submits. There
 * is the in-process one (local-connection.ts, over an Engine) and the HTTP one over src/client
 * (http-connection.ts); the facade does not know which it has. Every method is async because over
 * HTTP every one of them is a request.
 *
 * Answers carry Win32 codes, never exceptions: "not found" is 5013 / 5007 / 5042, a principal
 * without Read is 5. A connection may throw only for bugs.
 */
import type { Access, CommandKind } from '../core/commands.js';
import type { OfflineReason } from '../core/flags.js';
import type { GroupState, NodeState, ResourceState } from '../core/states.js';

export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: number; readonly detail: string };

export type ObjectKind = 'node' | 'group' | 'resource';

/** A state-changing request, named by the target's name (any casing). */
export interface ConnectionCommand {
  readonly kind: CommandKind;
  readonly target: string;
  /** The raw DWORD the Ex call received; validated by the cluster (87), not by the facade. */
  readonly flags: number;
  /** Offline only; the cluster defaults to CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED. */
  readonly reason?: OfflineReason;
  /**
   * OnlineClusterGroup(Ex)'s or MoveClusterGroup(Ex)'s hDestinationNode, by name; absent for NULL
   * (an online stays on the owner, a move goes where the cluster picks).
   */
  readonly destinationNode?: string;
  /** The CLUSPROP property list exactly as the caller's cbInBufferSize delimited it. */
  readonly input?: Uint8Array;
  /**
   * The access the caller's handle was granted (wsfc.md §9: fixed when the handle was opened). The
   * connection acts with the lower of this and its principal's access, so a Read handle gets 5.
   */
  readonly access: Access;
}

/** PauseClusterNodeEx / ResumeClusterNodeEx, the node named by its name (any casing). */
export type NodeCommand =
  | { readonly kind: 'pause-node'; readonly node: string; readonly drain: boolean; readonly flags: number; readonly access: Access }
  | { readonly kind: 'resume-node'; readonly node: string; readonly failback: number; readonly flags: number; readonly access: Access };

export interface CommandAnswer {
  /** 997 accepted and running, 0 nothing to do, anything else a rejection that changed nothing. */
  readonly code: number;
  readonly detail: string | null;
  /** The operation id in the cluster's log (rejections are logged too), when the cluster has one. */
  readonly operation: string | null;
}

export interface GroupStatus {
  readonly name: string;
  readonly state: GroupState;
  /** The owner node; null while no node owns the group. */
  readonly owner: string | null;
}

export interface ResourceStatus {
  readonly name: string;
  readonly state: ResourceState;
  /** A resource runs where its group is owned. */
  readonly owner: string | null;
  readonly group: string;
}

export interface NodeStatus {
  readonly name: string;
  readonly state: NodeState;
}

export interface ClusterConnection {
  /** The cluster's configured name. */
  readonly clusterName: string;
  /** Who the connection acts for (recorded as the actor of every operation). */
  readonly principal: string;
  /** The most the cluster security descriptor grants the principal ('none' when it grants nothing). */
  grantedAccess(): Promise<Access>;
  /** The canonical name of a node, group or resource (names are case-insensitive, wsfc.md §1.2). */
  findObject(kind: ObjectKind, name: string): Promise<Answer<string>>;
  groupStatus(name: string): Promise<Answer<GroupStatus>>;
  resourceStatus(name: string): Promise<Answer<ResourceStatus>>;
  nodeStatus(name: string): Promise<Answer<NodeStatus>>;
  submit(command: ConnectionCommand): Promise<CommandAnswer>;
  nodeCommand(command: NodeCommand): Promise<CommandAnswer>;
}

export function isClusterConnection(value: unknown): value is ClusterConnection {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Record<keyof ClusterConnection, unknown>>;
  return typeof c.submit === 'function' && typeof c.findObject === 'function' && typeof c.grantedAccess === 'function';
}
