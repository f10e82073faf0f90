/**
 * The engine: one per node, the single writer of resource and group state. It admits commands
 * synchronously through the pure planner (answering 997, 0 or a rejection that changes nothing),
 * runs admitted plans through resource hosts, keeps resources healthy, and publishes every change
 * as an event. Reads come from its materialized records.
 */
import type { Command } from '../core/commands.js';
import { Win32, describeCode, errorName, isClusterError } from '../core/errors.js';
import { ResDllOfflineFlags } from '../core/flags.js';
import { computeGroupState } from '../core/group-state.js';
import type { ClusterModel, Snapshot } from '../core/model.js';
import type { PersistentStateChange, PlanStep } from '../core/plan.js';
import { plan as planCommand } from '../core/planner/index.js';
import { GroupState, NodeState, PersistentState, ResourceState } from '../core/states.js';
import { forgetLocalState, mirrorStatus, setGroupMoving, setGroupOwner, setNodeState } from './cluster-view.js';
import { groupStatusOf, type GroupStatus } from './group-status.js';
import { MoveBook, type MoveInFlight } from './moves.js';
import { MoveRunner } from './move-runner.js';
import type { EngineCommand, EngineOptions, SubmitMeta, SubmitResult } from './engine-types.js';
import { EventBus, type EventListener } from './events.js';
import { HealthMonitor } from './health-monitor.js';
import { decodeInput, toBase64, type DecodedInput } from './input-buffer.js';
import type { AuditKind, OperationRecord } from './operation.js';
import { OperationRunner, stepRecordsOf } from './operation-runner.js';
import { Recovery } from './recovery.js';
import { ResourceController } from './resource-controller.js';
import { ClusterRecords, type GroupRecord, type ResourceRecord } from './resource-record.js';

export type { EngineCommand, EngineHooks, EngineOptions, HandOverRequest, SubmitMeta, SubmitResult } from './engine-types.js';

const SYSTEM = { principal: 'wolfpack', access: 'full' } as const;

/** How this node takes in a group it was given (Engine.adoptGroup). */
export interface AdoptHow {
  readonly cause: string;
  readonly inputBytes?: Uint8Array;
  /** FailoverThreshold reached: leave the group Failed here with this reason. */
  readonly failed?: string;
  /** The node a move came from (live migration). */
  readonly sourceNode?: string;
  /** Persistent states as durable in the store, taken over before restoring. */
  readonly persistent?: { readonly group: PersistentState | null; readonly resources: ReadonlyMap<string, PersistentState> };
}

export class Engine {
  readonly records: ClusterRecords;
  private readonly bus: EventBus;
  private readonly controller: ResourceController;
  private readonly health: HealthMonitor;
  private readonly recovery: Recovery;
  private readonly runner: OperationRunner;
  private readonly operations = new Map<string, OperationRecord>();
  private readonly running = new Map<string, Promise<OperationRecord>>();
  private nextOperation: number;
  private admission: Promise<unknown> = Promise.resolve();
  private accepting = true;
  private readonly unsubscribeDriver: () => void;
  private readonly moves = new MoveBook();
  private readonly moveRunner: MoveRunner;

  constructor(private readonly options: EngineOptions) {
    // In a cluster (owners given) a group nobody placed yet has no owner and an unheard-of node is Down.
    const inCluster = options.owners !== undefined;
    this.records = new ClusterRecords(options.model, inCluster ? null : options.localNode, GroupState.Pending, inCluster ? NodeState.Down : NodeState.Up);
    this.bus = new EventBus(() => options.clock.now());
    this.nextOperation = options.firstOperationNumber ?? 1;
    for (const record of options.history ?? []) this.operations.set(record.id, record);
    this.health = new HealthMonitor(options.driver, options.clock, () => this.controller);
    this.recovery = new Recovery(options.clock, {
      restart: (record, cause) => this.submitInternal({ kind: 'online-resource', resource: record.config.name, flags: 0x2, caller: SYSTEM }, { cause }),
      failover: (record, why) => options.hooks?.failoverRequested?.(record.config.group, why),
    });
    this.controller = new ResourceController(options.driver, options.clock, {
      stateChanged: (record, previous, detail) => this.resourceStateChanged(record, previous, detail),
      progress: (record, note, pendingTimeoutMs) => this.bus.publish({ type: 'resource-progress', resource: record.config.name, operation: record.operation, note, pendingTimeoutMs }),
      startHealthChecks: (record) => this.health.start(record),
      stopHealthChecks: (record) => this.health.stop(record),
      applyRestartPolicy: (record) => this.recovery.resourceFailed(record),
      moveRequested: (record) => options.hooks?.failoverRequested?.(record.config.group, `${record.config.name} cannot come online on this node`),
      dropped: () => undefined,
    });
    this.runner = new OperationRunner(this.records, this.controller, this.bus, options.clock);
    this.moveRunner = new MoveRunner(this.moves, {
      records: this.records,
      bus: this.bus,
      clock: options.clock,
      localNode: options.localNode,
      hooks: options.hooks,
      controller: this.controller,
      runSteps: (operation, steps, decoded) => this.runSteps(operation, steps, decoded),
      restoreGroup: (group, how) => this.restoreGroup(group, how),
      finish: (operation) => this.finish(operation),
      snapshot: () => this.snapshot(),
      newRecord: (command, meta, decoded, code, detail, steps) => this.newRecord(command, meta, decoded, code, detail, steps),
      reject: (command, meta, decoded, code, detail) => this.reject(command, meta, decoded, code, detail),
      resourceStateChanged: (record, previous) => this.resourceStateChanged(record, previous, undefined),
      persistOrRefuse: (operation) => this.persistOrRefuse(operation, []),
    });
    for (const [name, state] of options.persistent?.resources ?? []) {
      const record = this.records.resource(name);
      if (record) record.persistentState = state;
    }
    for (const [name, state] of options.persistent?.groups ?? []) {
      const record = this.records.group(name);
      if (record) record.persistentState = state;
    }
    for (const [name, state] of options.nodeStates ?? []) setNodeState(this.records, this.bus, name, state);
    for (const [name, owner] of options.owners ?? []) {
      const record = this.records.group(name);
      if (record) record.owner = owner;
    }
    this.unsubscribeDriver = options.driver.subscribe((event) => {
      if (event.kind === 'progress') {
        const record = this.records.resources.get(event.resource);
        if (record) this.controller.progressReported(record, event.note);
      } else if (event.kind === 'locked') {
        const record = this.records.resources.get(event.resource);
        if (record) {
          record.locked = event.locked;
          record.lockedReason = event.reason;
          this.bus.publish({ type: 'resource-locked', resource: record.config.name, locked: event.locked, reason: event.reason });
          if (!event.locked) this.moveRunner.releaseQueued(record.config.group);
        }
      } else if (event.kind === 'host-crashed') {
        this.bus.publish({ type: 'host-crashed', host: event.host, resources: event.resources, detail: event.detail });
        for (const name of event.resources) {
          const record = this.records.resources.get(name);
          if (record) this.controller.feed(record, 'host-crashed', event.detail);
        }
      }
    });
  }

  get model(): ClusterModel {
    return this.records.model;
  }

  subscribe(listener: EventListener): () => void {
    return this.bus.subscribe(listener);
  }

  get lastEventSeq(): number {
    return this.bus.lastSeq;
  }

  snapshot(): Snapshot {
    return { model: this.records.model, runtime: this.records };
  }

  resource(name: string): ResourceRecord | undefined {
    return this.records.resource(name);
  }

  group(name: string): GroupRecord | undefined {
    return this.records.group(name);
  }

  groupState(name: string): GroupState {
    return computeGroupState(this.records.model, this.records, this.records.group(name)?.config.name ?? name);
  }

  operation(id: string): OperationRecord | undefined {
    return this.operations.get(id);
  }

  listOperations(limit = 100): OperationRecord[] {
    return [...this.operations.values()].slice(-limit).reverse();
  }

  /** Resolves with the record once the operation has ended (at once for rejected and 0 answers). */
  async waitForOperation(id: string): Promise<OperationRecord | undefined> {
    return (await this.running.get(id)) ?? this.operations.get(id);
  }

  /**
   * Start-up: every resource is probed before anything acts (adopting what outlived a crash), then
   * the groups whose persistent state is online are brought back. Resolves when the probes are in;
   * the onlines run as operations.
   */
  async start(): Promise<void> {
    await this.probeAll([...this.records.resources.values()]);
    // A resource running here for a group another node owns outlived this node's fencing (or was
    // started by hand): it must not run twice, so it stops before anything else happens.
    for (const group of this.records.groups.values()) {
      if (this.ownsGroup(group.config.name)) continue;
      for (const name of group.config.resources) {
        const record = this.records.resources.get(name);
        if (record?.machineState === ResourceState.Online) this.controller.feed(record, 'terminate-requested', `group ${group.config.name} is owned by ${group.owner ?? 'no node'}`);
      }
    }
    for (const group of this.records.groups.values()) this.publishGroupState(group);
    for (const group of this.records.groups.values()) {
      if (group.persistentState !== PersistentState.Online || !this.ownsGroup(group.config.name)) continue;
      void this.restoreGroup(group, { cause: 'start: persistent state online' });
    }
  }

  /** Admission: answers at once with 997, 0 or a rejection code; an accepted plan runs in the background. */
  submit(command: EngineCommand, meta: SubmitMeta = {}): Promise<SubmitResult> {
    const result = this.admission.then(() => this.admit(command, meta));
    this.admission = result.catch(() => undefined);
    return result;
  }

  /**
   * Moves to a new configuration revision. Removed resources must already be offline (the daemon
   * offlines them with reason BEING_DELETED first) and no operation may be running on them. New
   * resources are probed like at start; kept ones keep their state and get their new properties.
   */
  async reconfigure(next: ClusterModel): Promise<void> {
    const { added, removed } = this.records.adopt(next, GroupState.Offline);
    for (const record of removed) {
      this.health.stop(record);
      record.pendingTimer?.stop();
      record.recoveryTimer?.cancel();
      await this.options.driver.call(record, { entry: 'close' }, record.config.common.DeadlockTimeout);
    }
    const isNew = new Set(added);
    for (const record of this.records.resources.values()) {
      // New intervals take effect now, not at the next online.
      if (!isNew.has(record) && record.machineState === ResourceState.Online) this.health.start(record);
    }
    await this.probeAll(added);
    for (const group of this.records.groups.values()) this.publishGroupState(group);
  }

  /**
   * Records a change that is not a resource command (a configuration apply, a token created or
   * revoked) in the operation log with its principal, durably, like every command.
   */
  async recordAudit(entry: { readonly kind: AuditKind; readonly target: string; readonly actor: string; readonly client: string; readonly detail: string | null; readonly cause?: string }): Promise<string> {
    const now = this.options.clock.now();
    const record: OperationRecord = {
      id: this.nextId(),
      kind: entry.kind,
      target: entry.target,
      actor: entry.actor,
      client: entry.client,
      flags: 0,
      reason: null,
      destinationNode: null,
      input: null,
      code: Win32.ERROR_SUCCESS,
      detail: entry.detail,
      submitted: now,
      ended: now,
      outcome: 'succeeded',
      steps: [],
      cause: entry.cause ?? null,
    };
    this.operations.set(record.id, record);
    await this.options.hooks?.persistAdmission?.(record, []);
    return record.id;
  }

  private nextId(): string {
    return `${this.options.operationIdPrefix ?? 'op-'}${String(this.nextOperation++).padStart(6, '0')}`;
  }

  /** Stops accepting commands and waits for running operations (the daemon then offlines groups). */
  async quiesce(): Promise<void> {
    this.accepting = false;
    // A queued move would wait for its locks for ever; stopping ends it.
    for (const move of this.moves.queued()) this.moveRunner.end(move, 'cancelled', 'the node is shutting down');
    await Promise.all([...this.running.values()]);
  }

  /** True when no resource of a group this node owns is anything but Offline. */
  allOwnedOffline(): boolean {
    for (const group of this.records.groups.values()) {
      if (group.owner !== this.options.localNode) continue;
      for (const name of group.config.resources) if (this.records.resources.get(name)?.machineState !== ResourceState.Offline) return false;
    }
    return true;
  }

  /** Stops timers and forgets subscribers; the driver is closed by whoever created it. */
  async close(): Promise<void> {
    this.accepting = false;
    this.health.shutdown();
    this.recovery.shutdown();
    for (const record of this.records.resources.values()) {
      this.health.stop(record);
      record.pendingTimer?.stop();
    }
    this.unsubscribeDriver();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Daemon shutdown: quiesce, then every group offline with SHUTTING_DOWN, persistent state untouched. */
  async shutdown(): Promise<void> {
    await this.quiesce();
    this.accepting = true;
    const ops: Promise<unknown>[] = [];
    for (const group of this.records.groups.values()) {
      if (!this.ownsGroup(group.config.name)) continue;
      const result = await this.submit(
        { kind: 'offline-group', group: group.config.name, flags: 0x1, reason: 0x40, caller: SYSTEM },
        { cause: 'daemon shutting down', keepPersistentState: true },
      );
      if (result.operation) ops.push(this.waitForOperation(result.operation));
    }
    await Promise.all(ops);
    this.accepting = false;
  }

  /**
   * Probes in bounded waves: 10,000 resources probed at once would hold 10,000 calls and their
   * messages in memory at the same moment for no gain in speed.
   */
  private async probeAll(records: readonly ResourceRecord[]): Promise<void> {
    const wave = 256;
    for (let i = 0; i < records.length; i += wave) {
      await Promise.all(records.slice(i, i + wave).map((record) => this.controller.probe(record)));
    }
  }

  private submitInternal(command: EngineCommand, meta: SubmitMeta): Promise<SubmitResult> {
    return this.submit(command, { client: 'engine', ...meta });
  }

  /**
   * Brings a group back to its persistent state; resolves true when every resource whose
   * persistent state is online is Online.
   */
  private async restoreGroup(group: GroupRecord, how: { readonly cause: string; readonly inputBytes?: Uint8Array; readonly sourceNode?: string }): Promise<boolean> {
    const members = group.config.resources.map((name) => this.records.resources.get(name)).filter((r): r is ResourceRecord => r !== undefined);
    const input = how.inputBytes ? { inputBytes: how.inputBytes } : {};
    const meta = how.sourceNode ? { cause: how.cause, sourceNode: how.sourceNode } : { cause: how.cause };
    if (group.persistentState === PersistentState.Online && members.every((r) => r.persistentState === PersistentState.Online)) {
      const result = await this.submitInternal({ kind: 'online-group', group: group.config.name, flags: 0, caller: SYSTEM, ...input }, meta);
      if (result.operation) await this.waitForOperation(result.operation);
    } else {
      // Only some resources were online: bring back exactly those, one at a time so that shared
      // providers are not claimed by two operations at once.
      for (const record of members) {
        if (record.persistentState !== PersistentState.Online || record.state === ResourceState.Online) continue;
        const result = await this.submitInternal({ kind: 'online-resource', resource: record.config.name, flags: 0x2, caller: SYSTEM, ...input }, meta);
        if (result.operation) await this.waitForOperation(result.operation);
      }
    }
    return members.every((r) => r.persistentState !== PersistentState.Online || r.state === ResourceState.Online);
  }

  // ---- The cluster layer's side (ADR 0006) ----

  /** True when this node runs the group's operations. */
  ownsGroup(name: string): boolean {
    return this.records.group(name)?.owner === this.options.localNode;
  }

  get localNode(): string {
    return this.options.localNode;
  }

  setNodeState(node: string, state: NodeState): void {
    setNodeState(this.records, this.bus, node, state);
  }

  setGroupOwner(name: string, owner: string | null): void {
    const group = this.records.group(name);
    if (group) setGroupOwner(this.bus, group, owner);
  }

  /** What this node, as the owner, publishes about a group. */
  groupStatus(name: string): GroupStatus | null {
    const group = this.records.group(name);
    return group ? groupStatusOf(this.records, group) : null;
  }

  /**
   * Another node's operation record, as it wrote it to the store: kept for reads and announced
   * with operation-started / operation-ended, so `--wait`, the UI and /v1/operations work on any
   * node. This node's own records are never replaced.
   */
  mirrorOperation(record: OperationRecord): void {
    if (record.id.startsWith(this.options.operationIdPrefix ?? 'op-')) return;
    const known = this.operations.get(record.id);
    this.operations.set(record.id, record);
    if (!known) this.bus.publish({ type: 'operation-started', operation: record.id, kind: record.kind, target: record.target, actor: record.actor, code: record.code });
    if (record.outcome !== 'running' && known?.outcome !== record.outcome) this.bus.publish({ type: 'operation-ended', operation: record.id, outcome: record.outcome });
    this.trimHistory();
  }

  /** Takes in another owner's status for a group this node does not own (ignored otherwise). */
  mirrorGroup(name: string, status: GroupStatus): void {
    const group = this.records.group(name);
    if (!group || group.owner === this.options.localNode) return;
    mirrorStatus(this.records, this.bus, group, status, (record, previous) => this.resourceStateChanged(record, previous, undefined));
    this.publishGroupState(group);
  }

  /**
   * This node became the owner (a move's handover, a failover, a failback): probe the group's
   * resources, then bring it to its persistent state. Resolves true when it got there.
   */
  async adoptGroup(name: string, how: AdoptHow): Promise<boolean> {
    const group = this.records.group(name);
    if (!group) return false;
    if (how.persistent) {
      if (how.persistent.group !== null) group.persistentState = how.persistent.group;
      for (const [resource, state] of how.persistent.resources) {
        const record = this.records.resources.get(resource);
        if (record) record.persistentState = state;
      }
    }
    setGroupOwner(this.bus, group, this.options.localNode);
    setGroupMoving(this.bus, group, false, false, null);
    const members = group.config.resources.map((r) => this.records.resources.get(r)).filter((r): r is ResourceRecord => r !== undefined);
    // The mirror showed the last owner's states; what runs here is what a probe finds.
    forgetLocalState(group, this.records, (record, previous) => this.resourceStateChanged(record, previous, undefined));
    await this.probeAll(members);
    if (how.failed !== undefined) {
      // FailoverThreshold reached: the group stays Failed here until someone acts (wsfc.md §5.5).
      for (const record of members) {
        if (record.persistentState !== PersistentState.Online || record.machineState === ResourceState.Online) continue;
        const previous = record.state;
        record.machineState = ResourceState.Failed;
        record.failureReason = how.failed;
        this.resourceStateChanged(record, previous, how.failed);
      }
      this.publishGroupState(group);
      return false;
    }
    this.publishGroupState(group);
    return await this.restoreGroup(group, how);
  }

  /**
   * Hands a group this node owns to another node through the move machinery (offline with reason
   * MOVING, then the handover hook): a return to the source after a failed online
   * (`resDllFlags` RETURNING_TO_SOURCE), a drain of a paused node, a failback.
   */
  async moveAway(name: string, to: string | null, how: { readonly cause: string; readonly flags?: number; readonly resDllFlags?: number; readonly inputBytes?: Uint8Array }): Promise<SubmitResult> {
    const input = how.inputBytes ? { inputBytes: how.inputBytes } : {};
    const result = await this.submitInternal(
      { kind: 'move-group', group: name, flags: how.flags ?? 0, destinationNode: to, caller: SYSTEM, ...input },
      { cause: how.cause, ...(how.resDllFlags ? { resDllFlags: how.resDllFlags } : {}) },
    );
    if (result.operation) await this.waitForOperation(result.operation);
    return result;
  }

  /**
   * Self-fencing: this node may have lost its lease, so another node may be given its groups at
   * any moment. The resource hosts terminate everything at the same deadline on their own; here
   * every owned group is let go (no owner as far as this node knows), queued and running moves
   * end, health checks and restarts stop, and the resources are shown Offline. The cluster layer
   * rejoins afterwards and takes back only what the store says is still this node's.
   */
  fence(detail: string, only?: ReadonlySet<string>): string[] {
    const letGo: string[] = [];
    for (const move of this.moves.clear()) {
      if (only && !only.has(move.group)) this.moves.add(move);
      else this.moveRunner.end(move, 'failed', 'the node fenced itself before the handover');
    }
    for (const group of this.records.groups.values()) {
      if (group.owner !== this.options.localNode || (only && !only.has(group.config.name))) continue;
      letGo.push(group.config.name);
      for (const name of group.config.resources) {
        const record = this.records.resources.get(name);
        if (!record) continue;
        this.health.stop(record);
        record.pendingTimer?.stop();
        record.pendingTimer = null;
        record.recoveryTimer?.cancel();
        record.recoveryTimer = null;
        // Every one, whatever it shows: a step sent ahead may have started in its host already.
        void this.options.driver.call(record, { entry: 'terminate' }, record.config.common.DeadlockTimeout);
      }
      setGroupOwner(this.bus, group, null);
      setGroupMoving(this.bus, group, false, false, null);
      forgetLocalState(group, this.records, (record, previous) => this.resourceStateChanged(record, previous, detail));
      this.publishGroupState(group);
    }
    this.bus.publish({ type: 'fenced', node: this.options.localNode, groups: letGo, detail });
    return letGo;
  }

  private async admit(command: EngineCommand, meta: SubmitMeta): Promise<SubmitResult> {
    // A zero-length buffer is the ClusAPI (NULL, 0): no instructions, not a malformed list.
    const decoded = command.inputBytes && command.inputBytes.length > 0 ? decodeInput(command.inputBytes) : null;
    const full: Command = { ...stripInput(command), ...(decoded ? { input: decoded.buffer } : {}) } as Command;
    if (!this.accepting) return await this.reject(full, meta, decoded, Win32.ERROR_CLUSTER_SHUTTING_DOWN, 'the engine is shutting down and accepts no new operations');

    const result = planCommand(this.snapshot(), full);
    if (!result.ok) return await this.reject(full, meta, decoded, result.rejection.code, result.rejection.detail);
    const plan = result.plan;
    const group = this.groupOf(full);
    if (group && group.owner !== this.options.localNode) {
      return await this.reject(full, meta, decoded, Win32.ERROR_HOST_NODE_NOT_GROUP_OWNER, `group '${group.config.name}' is owned by ${group.owner ?? 'no node (it is being placed)'}, not by ${this.options.localNode}; send the command to its owner`);
    }
    if (full.kind === 'cancel-group' && group) return await this.moveRunner.admitCancel(full, meta, decoded, group);
    if (plan.move && plan.move.to !== this.options.localNode && !this.options.hooks?.handOver) {
      return await this.reject(full, meta, decoded, Win32.ERROR_HOST_NODE_NOT_AVAILABLE, `this node runs alone (no cluster database shared with ${plan.move.to})`);
    }

    // Two operations must never drive the same resource: the planner sees states, this sees claims
    // on resources whose turn in a running plan has not come yet.
    for (const s of plan.steps) {
      const claimedBy = this.records.resources.get(s.resource)?.operation;
      if (claimedBy) return await this.reject(full, meta, decoded, Win32.ERROR_INVALID_STATE, `resource '${s.resource}' is part of running operation ${claimedBy}`);
    }

    const extraFlags = meta.resDllFlags ?? 0;
    const flagged = extraFlags === 0 ? plan.steps : plan.steps.map((step) => (step.action === 'online' ? step : { ...step, resDllFlags: step.resDllFlags | extraFlags }));
    const steps = meta.keepPersistentState ? flagged.map(keepPersistent) : flagged;
    const persistent = meta.keepPersistentState ? [] : plan.persistent;
    const operation = this.newRecord(full, meta, decoded, plan.code, null, steps, plan.move?.to);
    operation.outcome = plan.code === Win32.ERROR_IO_PENDING ? 'running' : 'nothing-to-do';
    if (operation.outcome === 'nothing-to-do') operation.ended = this.options.clock.now();
    const refused = await this.persistOrRefuse(operation, persistent);
    if (refused) return refused;

    for (const change of plan.immediate) {
      const record = this.records.resources.get(change.resource);
      if (record) this.controller.feed(record, 'offline-requested');
    }
    this.applyPersistent(persistent);

    this.bus.publish({ type: 'operation-started', operation: operation.id, kind: full.kind, target: operation.target, actor: operation.actor, code: plan.code });
    if (plan.code === Win32.ERROR_IO_PENDING && plan.move && group && full.kind === 'move-group') {
      const move: MoveInFlight = { group: group.config.name, operation, command: full, decoded, from: plan.move.from, to: plan.move.to, queued: plan.move.queued, cancels: [], resDllFlags: extraFlags, release: null };
      this.moves.add(move);
      setGroupMoving(this.bus, group, true, move.queued, operation.id);
      this.running.set(operation.id, this.moveRunner.run(move, move.queued ? null : steps));
    } else if (plan.code === Win32.ERROR_IO_PENDING) {
      for (const s of steps) {
        const record = this.records.resources.get(s.resource);
        if (!record) continue;
        record.operation = operation.id;
        this.controller.queue(record, s.action === 'online' ? ResourceState.OnlinePending : ResourceState.OfflinePending);
      }
      this.running.set(operation.id, this.execute(operation, steps, decoded, meta.sourceNode));
    } else {
      this.bus.publish({ type: 'operation-ended', operation: operation.id, outcome: operation.outcome });
    }
    return { code: plan.code, name: errorName(plan.code), detail: null, operation: operation.id, plan };
  }

  /**
   * The persistAdmission hook; when it throws, the operation is forgotten and the answer is the
   * refusal: 5016 when this node no longer owns the group, else 70 (the database cannot write).
   */
  private async persistOrRefuse(operation: OperationRecord, persistent: readonly PersistentStateChange[]): Promise<SubmitResult | null> {
    try {
      await this.options.hooks?.persistAdmission?.(operation, persistent);
      return null;
    } catch (error) {
      this.operations.delete(operation.id);
      if (isClusterError(error) && error.code === Win32.ERROR_HOST_NODE_NOT_GROUP_OWNER) {
        return { code: error.code, name: errorName(error.code), detail: `${describeCode(error.code)}: ${error.detail}`, operation: null, plan: null };
      }
      const detail = `the cluster database could not record the operation: ${error instanceof Error ? error.message : String(error)}`;
      return { code: Win32.ERROR_SHARING_PAUSED, name: errorName(Win32.ERROR_SHARING_PAUSED), detail: `${describeCode(Win32.ERROR_SHARING_PAUSED)}: ${detail}`, operation: null, plan: null };
    }
  }

  private async execute(operation: OperationRecord, steps: readonly PlanStep[], decoded: DecodedInput | null, sourceNode?: string): Promise<OperationRecord> {
    try {
      await this.runSteps(operation, steps, decoded, sourceNode);
    } finally {
      this.finish(operation);
    }
    return operation;
  }

  private async runSteps(operation: OperationRecord, steps: readonly PlanStep[], decoded: DecodedInput | null, sourceNode?: string): Promise<void> {
    try {
      await this.runner.run(operation, steps, { instructions: decoded?.json ?? null, raw: decoded?.buffer.bytes ?? null, ...(sourceNode ? { sourceNode } : {}) });
    } finally {
      for (const s of steps) {
        const record = this.records.resources.get(s.resource);
        if (record?.operation !== operation.id) continue;
        record.operation = null;
        // A skipped step never dequeued its resource: show its real state again.
        if (record.queued !== null) this.controller.queue(record, null);
      }
    }
  }

  private finish(operation: OperationRecord): void {
    if (operation.outcome === 'running') operation.outcome = 'failed';
    operation.ended ??= this.options.clock.now();
    this.running.delete(operation.id);
    this.options.hooks?.operationUpdated?.(operation);
    this.bus.publish({ type: 'operation-ended', operation: operation.id, outcome: operation.outcome });
  }

  private groupOf(command: Command): GroupRecord | undefined {
    if ('group' in command) return this.records.group(command.group);
    const resource = this.records.resource(command.resource);
    return resource ? this.records.groups.get(resource.config.group) : undefined;
  }

  private async reject(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, code: number, detail: string): Promise<SubmitResult> {
    const operation = this.newRecord(command, meta, decoded, code, detail, []);
    operation.outcome = 'rejected';
    operation.ended = operation.submitted;
    let id: string | null = operation.id;
    try {
      await this.options.hooks?.persistAdmission?.(operation, []);
    } catch {
      // The rejection stands; only its record could not be written.
      this.operations.delete(operation.id);
      id = null;
    }
    return { code, name: errorName(code), detail: `${describeCode(code)}: ${detail}`, operation: id, plan: null };
  }

  private newRecord(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, code: number, detail: string | null, steps: readonly PlanStep[], destination?: string): OperationRecord {
    const id = this.nextId();
    // The log names objects as configured, whatever casing the caller typed (names are case-insensitive).
    const target = 'group' in command ? (this.records.group(command.group)?.config.name ?? command.group) : (this.records.resource(command.resource)?.config.name ?? command.resource);
    const record: OperationRecord = {
      id,
      kind: command.kind,
      target,
      actor: command.caller.principal,
      client: meta.client ?? 'api',
      flags: command.flags,
      reason: command.kind === 'offline-group' || command.kind === 'offline-resource' ? (command.reason ?? 0x4) : null,
      destinationNode: command.kind === 'offline-group' || command.kind === 'move-group' ? (destination ?? command.destinationNode ?? null) : null,
      input: decoded ? { json: decoded.json, base64: toBase64(decoded.buffer.bytes) } : null,
      code,
      detail,
      submitted: this.options.clock.now(),
      ended: null,
      outcome: 'running',
      steps: stepRecordsOf(steps),
      cause: meta.cause ?? null,
    };
    this.operations.set(id, record);
    this.trimHistory();
    return record;
  }

  private trimHistory(): void {
    const keep = this.options.operationHistory ?? 10_000;
    if (this.operations.size <= keep) return;
    const oldest = this.operations.keys().next().value;
    if (oldest === undefined || this.running.has(oldest)) return;
    this.operations.delete(oldest);
  }

  private applyPersistent(changes: readonly PersistentStateChange[]): void {
    for (const change of changes) {
      const record = change.target === 'group' ? this.records.groups.get(change.name) : this.records.resources.get(change.name);
      if (!record || record.persistentState === change.state) continue;
      record.persistentState = change.state;
      this.bus.publish({ type: 'persistent-state', target: change.target, name: change.name, state: change.state });
    }
  }

  private resourceStateChanged(record: ResourceRecord, previous: ResourceState, detail: string | undefined): void {
    if (record.failureReason !== undefined && record.state !== ResourceState.Failed) record.clearFailureReason();
    this.bus.publish({
      type: 'resource-state',
      resource: record.config.name,
      group: record.config.group,
      state: record.state,
      previous,
      operation: record.operation,
      ...(record.state === ResourceState.Failed ? { detail: record.failureReason ?? detail ?? 'failed' } : {}),
    });
    const group = this.records.groups.get(record.config.group);
    if (group) this.publishGroupState(group);
  }

  private publishGroupState(group: GroupRecord): void {
    const state = computeGroupState(this.records.model, this.records, group.config.name);
    if (state === group.state) return;
    const previous = group.state;
    group.state = state;
    this.bus.publish({ type: 'group-state', group: group.config.name, state, previous });
  }
}

function stripInput(command: EngineCommand): Omit<EngineCommand, 'inputBytes'> {
  const { inputBytes: _ignored, ...rest } = command as EngineCommand & { inputBytes?: Uint8Array };
  return rest;
}

/** Shutdown offlines tell the type that persistent state stays as it is (CLUS_RESDLL 0x40). */
function keepPersistent(step: PlanStep): PlanStep {
  return step.action === 'online' ? step : { ...step, resDllFlags: step.resDllFlags | ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE };
}
