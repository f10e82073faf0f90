/**
 * The engine's public shapes: commands as callers give them, admission answers, the hooks the
 * daemon and the cluster layer plug in, and the options. Apart from engine.ts so that modules the
 * engine is built from (move-runner.ts) can name them without importing the engine.
 */
import type { Clock } from '../core/clock.js';
import type { Command } from '../core/commands.js';
import type { ClusterModel } from '../core/model.js';
import type { PersistentStateChange, Plan } from '../core/plan.js';
import type { NodeState, PersistentState } from '../core/states.js';
import type { ResourceDriver } from './driver.js';
import type { OperationRecord } from './operation.js';

/** A command as callers give it: the input buffer as bytes, decoded by the engine. */
export type EngineCommand = DistributiveOmit<Command, 'input'> & { readonly inputBytes?: Uint8Array };
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface SubmitMeta {
  /** The surface the request came through: cli, api, clusapi, ui, engine. */
  readonly client?: string;
  /** Why the engine itself started this operation (restart policy, start-up, shutdown). */
  readonly cause?: string;
  /** Internal only: run the offline without writing persistent state (daemon shutdown). */
  readonly keepPersistentState?: boolean;
  /** Internal only: extra CLUS_RESDLL_OFFLINE_* bits for offline steps (a move returning to its source). */
  readonly resDllFlags?: number;
  /** Internal only: the onlines of a group arriving by a move from this node (live migration). */
  readonly sourceNode?: string;
}

/** What the cluster layer needs to give a group to another node after a move's offline part. */
export interface HandOverRequest {
  readonly group: string;
  readonly from: string;
  readonly to: string;
  readonly operation: string;
  /** CLUSAPI_GROUP_MOVE_* of the move. */
  readonly flags: number;
  /** The move's input buffer (base64 CLUSPROP), delivered to the onlines on the destination. */
  readonly inputBase64: string | null;
  readonly kind: 'move' | 'return';
}

export interface SubmitResult {
  readonly code: number;
  readonly name: string;
  readonly detail: string | null;
  readonly operation: string | null;
  readonly plan: Plan | null;
}

export interface EngineHooks {
  /**
   * Awaited before any answer, for accepted and rejected commands alike: the place to make the
   * operation record and the persistent-state changes durable together, so that nothing
   * acknowledged is lost and operation ids have no gaps. If it throws, the command is refused with
   * 70 ERROR_SHARING_PAUSED (the server cannot write) and nothing changes.
   */
  persistAdmission?(operation: OperationRecord, persistent: readonly PersistentStateChange[]): Promise<void> | void;
  /** Steps starting and ending, and the end of the operation: not awaited (the record says where it got to). */
  operationUpdated?(operation: OperationRecord): void;
  /** A resource exhausted its restarts with RestartAction 2: placement may fail the group over. */
  failoverRequested?(group: string, why: string): void;
  /**
   * A move's offline part has ended: give the group to `to` (compare-and-swap of its owner in the
   * store). Rejects when it cannot; the group then comes back to its persistent state here.
   * Without this hook the engine runs alone and refuses moves to other nodes with 5005.
   */
  handOver?(request: HandOverRequest): Promise<void>;
}

export interface EngineOptions {
  readonly model: ClusterModel;
  readonly driver: ResourceDriver;
  readonly clock: Clock;
  readonly localNode: string;
  readonly hooks?: EngineHooks;
  /** Persistent states from the cluster database; everything else starts persistent Offline. */
  readonly persistent?: {
    readonly resources?: ReadonlyMap<string, PersistentState>;
    readonly groups?: ReadonlyMap<string, PersistentState>;
  };
  /** Operation ids continue from the store's counter across restarts. */
  readonly firstOperationNumber?: number;
  /** How many operations to keep in memory (older ones live in the store). */
  readonly operationHistory?: number;
  /** Operations recorded before this start (from the store), oldest first, for reads. */
  readonly history?: readonly OperationRecord[];
  /** Node states known at start (default: every node Up); the cluster layer updates them. */
  readonly nodeStates?: ReadonlyMap<string, NodeState>;
  /** Group owners known at start (default: this node owns every group). */
  readonly owners?: ReadonlyMap<string, string | null>;
  /** Operation ids are `${prefix}000042` (default "op-"); many nodes use "op-<node>-". */
  readonly operationIdPrefix?: string;
}
