/**
 * Where the nodes of one cluster meet in the store (ADR 0006). Every value is JSON. Written down
 * once here; docs/store.md lists the same keys.
 */
import type { NodeState } from '../core/states.js';

export const CLUSTER_KEYS = {
  nodePrefix: '/wolfpack/nodes/',
  node: (name: string): string => `/wolfpack/nodes/${name}`,
  pausedPrefix: '/wolfpack/paused/',
  paused: (name: string): string => `/wolfpack/paused/${name}`,
  leader: '/wolfpack/leader',
  ownerPrefix: '/wolfpack/owners/',
  owner: (group: string): string => `/wolfpack/owners/${group}`,
  statusPrefix: '/wolfpack/status/',
  status: (group: string): string => `/wolfpack/status/${group}`,
  failovers: (group: string): string => `/wolfpack/failovers/${group}`,
  secret: '/wolfpack/secret',
} as const;

/** The membership record, attached to the node's lease: it disappears when the node is gone. */
export interface NodeRecord {
  readonly name: string;
  /** The node's HTTP API, for forwarded commands; null until it listens. */
  readonly url: string | null;
  /** Joining while the node probes its resources at start, then Up. */
  readonly state: typeof NodeState.Joining | typeof NodeState.Up;
  /** Stopping: its groups are going offline; nothing may be placed on it (shown Paused). */
  readonly leaving?: boolean;
  readonly since: number;
}

/** Why a node was given a group; the new owner acts on it (brings the group to its persistent state). */
export interface Handover {
  readonly kind: 'initial' | 'move' | 'return' | 'failover' | 'rejoin';
  readonly from: string | null;
  /** The operation that decided it (a move's, or the leader's failover record). */
  readonly operation: string | null;
  /** CLUSAPI_GROUP_MOVE_* of a move. */
  readonly flags: number;
  /** A move's input buffer, base64 CLUSPROP. */
  readonly input: string | null;
  readonly cause: string;
  /** FailoverThreshold exceeded: the group ends Failed on its new owner instead of coming online. */
  readonly failed?: boolean;
}

export interface OwnerRecord {
  readonly node: string | null;
  /** Bumped on every change of owner: the fencing token of ADR 0006. */
  readonly epoch: number;
  readonly handover: Handover | null;
}

export interface PausedRecord {
  readonly since: number;
  /** Move the node's groups away (PauseClusterNodeEx with bDrainNode). */
  readonly drain: boolean;
  readonly flags: number;
  readonly by: string;
}
