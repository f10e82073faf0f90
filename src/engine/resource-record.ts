/**
 * The engine's materialized model: one mutable record per resource and per group, readable by the
 * planner as a Runtime without copying (the planner is synchronous, so it sees a consistent view).
 */
import type { ClusterModel, GroupConfig, GroupRuntime, NodeRuntime, ResourceConfig, ResourceRuntime, Runtime } from '../core/model.js';
import { NodeState, PersistentState, ResourceState, type GroupState } from '../core/states.js';
import type { TimerHandle } from '../core/clock.js';
import type { PendingTimeoutTimer } from './pending-timeout-timer.js';

export interface ResourceRecord extends ResourceRuntime {
  readonly config: ResourceConfig;
  /**
   * What everyone sees: the queued state while the resource waits for its turn in a running plan,
   * else the state machine's state. WSFC shows every resource of an offline as OfflinePending from
   * the moment the call is accepted, so a client polling the group never sees it Offline early.
   */
  readonly state: ResourceState;
  /** The state machine's own state (src/core/resource-state-machine.ts); only the controller sets it. */
  machineState: ResourceState;
  /** OfflinePending / OnlinePending from admission until the resource's step starts, else null. */
  queued: ResourceState | null;
  persistentState: PersistentState;
  locked: boolean;
  lockedReason: number;
  failureReason?: string;
  /** The running operation whose plan includes this resource; a second one is refused (5023). */
  operation: string | null;
  /** Times of restarts inside the RestartPeriod window (restart policy). */
  restartHistory: number[];
  pendingTimer: PendingTimeoutTimer | null;
  /** Health-check and restart timers, cancelled when the resource leaves Online or is removed. */
  healthTimers: TimerHandle[];
  recoveryTimer: TimerHandle | null;
  /** Outstanding terminate call: a terminate step ends when it returns. */
  terminating: Promise<void> | null;
  /** Resolvers waiting for the resource to leave its pending state. */
  settleWaiters: Array<() => void>;
}

export interface GroupRecord extends GroupRuntime {
  readonly config: GroupConfig;
  owner: string | null;
  persistentState: PersistentState;
  moving: boolean;
  /** Last published group state, to publish only changes. */
  state: GroupState;
}

export class ClusterRecords implements Runtime {
  readonly resources = new Map<string, ResourceRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly nodes = new Map<string, NodeRuntime>();

  constructor(readonly model: ClusterModel, localNode: string, initialGroupState: GroupState) {
    for (const node of model.config.nodes) this.nodes.set(node.name, { state: NodeState.Up });
    for (const group of model.config.groups) {
      this.groups.set(group.name, { config: group, owner: localNode, persistentState: PersistentState.Offline, moving: false, state: initialGroupState });
    }
    for (const resource of model.config.resources) this.resources.set(resource.name, newResourceRecord(resource));
  }

  resource(name: string): ResourceRecord | undefined {
    const config = this.model.resourcesByKey.get(name.toLowerCase());
    return config ? this.resources.get(config.name) : undefined;
  }

  group(name: string): GroupRecord | undefined {
    const config = this.model.groupsByKey.get(name.toLowerCase());
    return config ? this.groups.get(config.name) : undefined;
  }
}

export function newResourceRecord(config: ResourceConfig): ResourceRecord {
  return {
    config,
    // Initializing until the start-up probe says whether it is running (no action before that).
    machineState: ResourceState.Initializing,
    queued: null,
    get state(): ResourceState {
      return this.queued ?? this.machineState;
    },
    persistentState: PersistentState.Offline,
    locked: false,
    lockedReason: 0,
    operation: null,
    restartHistory: [],
    pendingTimer: null,
    healthTimers: [],
    recoveryTimer: null,
    terminating: null,
    settleWaiters: [],
  };
}
