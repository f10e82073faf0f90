/**
 * The engine's materialized model: one mutable record per resource and per group, readable by the
 * planner as a Runtime without copying (the planner is synchronous, so it sees a consistent view).
 */
import type { ClusterModel, GroupConfig, GroupRuntime, NodeRuntime, ResourceConfig, ResourceRuntime, Runtime } from '../core/model.js';
import { NodeState, PersistentState, ResourceState, type GroupState } from '../core/states.js';
import type { TimerHandle } from '../core/clock.js';
import type { DriverDispatch, DriverTicket, ResourceBinding } from './driver.js';
import type { PendingTimeoutTimer } from './pending-timeout-timer.js';

/** No restarts yet: shared by every record until its first restart (then it gets its own). */
const NO_RESTARTS: readonly number[] = Object.freeze([]);

/**
 * A class rather than an object literal: `state` is one getter on the prototype instead of a
 * closure per record, and every field exists from the start (never deleted), so 10,000 records
 * share one hidden class and stay fast, compact objects rather than dictionaries.
 */
export class ResourceRecord implements ResourceRuntime, ResourceBinding {
  /** The state machine's own state (src/core/resource-state-machine.ts); only the controller sets it. */
  // Initializing until the start-up probe says whether it is running (no action before that).
  machineState: ResourceState = ResourceState.Initializing;
  /** OfflinePending / OnlinePending from admission until the resource's step starts, else null. */
  queued: ResourceState | null = null;
  persistentState: PersistentState = PersistentState.Offline;
  locked = false;
  lockedReason = 0;
  /**
   * Declared without an initializer, which still defines the field (as undefined) on every
   * record; cleared with clearFailureReason, never by delete (delete makes the record a dictionary).
   */
  failureReason?: string;
  /** The running operation whose plan includes this resource; a second one is refused (5023). */
  operation: string | null = null;
  /** Times of restarts inside the RestartPeriod window (restart policy); replaced, never mutated. */
  restartHistory: readonly number[] = NO_RESTARTS;
  pendingTimer: PendingTimeoutTimer | null = null;
  /**
   * Health checks (health-monitor.ts): bumped whenever checks stop, so queued checks of an older
   * round are recognised as cancelled; and how many checks of the current round are queued.
   */
  healthRound = 0;
  healthQueued = 0;
  recoveryTimer: TimerHandle | null = null;
  /** Outstanding terminate call: a terminate step ends when it returns. */
  terminating: Promise<void> | null = null;
  /** The online/offline call last sent for this resource: a plan's next step may follow it (`after`). */
  ticket: DriverTicket | null = null;
  /** This resource's next plan step, sent ahead to run in its host right after its provider's step. */
  predispatched: { readonly entry: 'online' | 'offline'; readonly dispatch: DriverDispatch } | null = null;
  /** Resolvers waiting for the resource to leave its pending state; null while nobody waits. */
  settleWaiters: Array<() => void> | null = null;

  /** Replaced when a new configuration revision changes the resource. */
  constructor(public config: ResourceConfig) {}

  /**
   * What everyone sees: the queued state while the resource waits for its turn in a running plan,
   * else the state machine's state. WSFC shows every resource of an offline as OfflinePending from
   * the moment the call is accepted, so a client polling the group never sees it Offline early.
   */
  get state(): ResourceState {
    return this.queued ?? this.machineState;
  }

  // The record is also what the driver is handed for a call (ResourceBinding), read through from
  // the current configuration: no binding object per resource, and never a stale one.
  get name(): string {
    return this.config.name;
  }

  get type(): string {
    return this.config.type;
  }

  get properties(): ResourceConfig['properties'] {
    return this.config.properties;
  }

  get separateMonitor(): boolean {
    return this.config.common.SeparateMonitor === 1;
  }

  clearFailureReason(): void {
    // Optional for readers (ResourceRuntime); here the field stays and only its value goes.
    (this as { failureReason?: string | undefined }).failureReason = undefined;
  }
}

export interface GroupRecord extends GroupRuntime {
  config: GroupConfig;
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

  /**
   * `defaultOwner`: who owns a group nobody has said anything about (this node when it runs alone;
   * nobody in a cluster, until the leader places it). `newNodeState`: the state of a node nobody
   * has said anything about (Up alone; Down in a cluster, until its membership record appears).
   */
  constructor(
    public model: ClusterModel,
    private readonly defaultOwner: string | null,
    initialGroupState: GroupState,
    private readonly newNodeState: NodeState = NodeState.Up,
  ) {
    for (const node of model.config.nodes) this.nodes.set(node.name, { state: newNodeState });
    for (const group of model.config.groups) this.groups.set(group.name, newGroupRecord(group, defaultOwner, initialGroupState));
    for (const resource of model.config.resources) this.resources.set(resource.name, newResourceRecord(resource));
  }

  /**
   * Moves to a new configuration: records of removed objects are dropped, new ones created, kept
   * ones get their new configuration (their runtime state stays). Returns the created and removed
   * resource records so the engine can probe and close them.
   */
  adopt(next: ClusterModel, initialGroupState: GroupState): { added: ResourceRecord[]; removed: ResourceRecord[] } {
    const added: ResourceRecord[] = [];
    const removed: ResourceRecord[] = [];
    const keepResources = new Set(next.config.resources.map((r) => r.name));
    for (const [name, record] of this.resources) {
      if (!keepResources.has(name)) {
        removed.push(record);
        this.resources.delete(name);
      }
    }
    for (const config of next.config.resources) {
      const record = this.resources.get(config.name);
      if (record) record.config = config;
      else {
        const created = newResourceRecord(config);
        this.resources.set(config.name, created);
        added.push(created);
      }
    }
    const keepGroups = new Set(next.config.groups.map((g) => g.name));
    for (const name of [...this.groups.keys()]) if (!keepGroups.has(name)) this.groups.delete(name);
    for (const config of next.config.groups) {
      const record = this.groups.get(config.name);
      if (record) record.config = config;
      else this.groups.set(config.name, newGroupRecord(config, this.defaultOwner, initialGroupState));
    }
    const known = new Map(this.nodes);
    this.nodes.clear();
    for (const node of next.config.nodes) this.nodes.set(node.name, known.get(node.name) ?? { state: this.newNodeState });
    this.model = next;
    return { added, removed };
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

function newGroupRecord(config: GroupConfig, owner: string | null, state: GroupState): GroupRecord {
  return { config, owner, persistentState: PersistentState.Offline, moving: false, state };
}

export function newResourceRecord(config: ResourceConfig): ResourceRecord {
  return new ResourceRecord(config);
}
