/**
 * The engine: one per node, the single writer of resource and group state. It admits commands
 * synchronously through the pure planner (answering 997, 0 or a rejection that changes nothing),
 * runs admitted plans through resource hosts, keeps resources healthy, and publishes every change
 * as an event. Reads come from its materialized records.
 */
import type { Clock } from '../core/clock.js';
import type { Command } from '../core/commands.js';
import { Win32, describeCode, errorName } from '../core/errors.js';
import { ResDllOfflineFlags } from '../core/flags.js';
import { computeGroupState } from '../core/group-state.js';
import type { ClusterModel, Snapshot } from '../core/model.js';
import type { PersistentStateChange, Plan, PlanStep } from '../core/plan.js';
import { plan as planCommand } from '../core/planner/index.js';
import { GroupState, PersistentState, ResourceState } from '../core/states.js';
import type { ResourceDriver } from './driver.js';
import { EventBus, type EventListener } from './events.js';
import { HealthMonitor } from './health-monitor.js';
import { decodeInput, toBase64, type DecodedInput } from './input-buffer.js';
import type { AuditKind, OperationRecord } from './operation.js';
import { OperationRunner, stepRecordsOf } from './operation-runner.js';
import { Recovery } from './recovery.js';
import { ResourceController } from './resource-controller.js';
import { ClusterRecords, type GroupRecord, type ResourceRecord } from './resource-record.js';

/** A command as callers give it: the input buffer as bytes, decoded by the engine. */
export type EngineCommand = DistributiveOmit<Command, 'input'> & { readonly inputBytes?: Uint8Array };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface SubmitMeta {
  /** The surface the request came through: cli, api, clusapi, ui, engine. */
  readonly client?: string;
  /** Why the engine itself started this operation (restart policy, start-up, shutdown). */
  readonly cause?: string;
  /** Internal only: run the offline without writing persistent state (daemon shutdown). */
  readonly keepPersistentState?: boolean;
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
}

const SYSTEM = { principal: 'wolfpack', access: 'full' } as const;

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

  constructor(private readonly options: EngineOptions) {
    this.records = new ClusterRecords(options.model, options.localNode, GroupState.Pending);
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
    for (const [name, state] of options.persistent?.resources ?? []) {
      const record = this.records.resource(name);
      if (record) record.persistentState = state;
    }
    for (const [name, state] of options.persistent?.groups ?? []) {
      const record = this.records.group(name);
      if (record) record.persistentState = state;
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
    for (const group of this.records.groups.values()) this.publishGroupState(group);
    for (const group of this.records.groups.values()) {
      if (group.persistentState !== PersistentState.Online) continue;
      void this.restoreGroup(group);
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
  async recordAudit(entry: { readonly kind: AuditKind; readonly target: string; readonly actor: string; readonly client: string; readonly detail: string | null }): Promise<string> {
    const now = this.options.clock.now();
    const record: OperationRecord = {
      id: `op-${String(this.nextOperation++).padStart(6, '0')}`,
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
      cause: null,
    };
    this.operations.set(record.id, record);
    await this.options.hooks?.persistAdmission?.(record, []);
    return record.id;
  }

  /** Stops accepting commands and waits for running operations (the daemon then offlines groups). */
  async quiesce(): Promise<void> {
    this.accepting = false;
    await Promise.all([...this.running.values()]);
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

  private async restoreGroup(group: GroupRecord): Promise<void> {
    const members = group.config.resources.map((name) => this.records.resources.get(name)).filter((r): r is ResourceRecord => r !== undefined);
    const cause = 'start: persistent state online';
    if (members.every((r) => r.persistentState === PersistentState.Online)) {
      await this.submitInternal({ kind: 'online-group', group: group.config.name, flags: 0, caller: SYSTEM }, { cause });
      return;
    }
    // Only some resources were online: bring back exactly those, one at a time so that shared
    // providers are not claimed by two operations at once.
    for (const record of members) {
      if (record.persistentState !== PersistentState.Online || record.state === ResourceState.Online) continue;
      const result = await this.submitInternal({ kind: 'online-resource', resource: record.config.name, flags: 0x2, caller: SYSTEM }, { cause });
      if (result.operation) await this.waitForOperation(result.operation);
    }
  }

  private async admit(command: EngineCommand, meta: SubmitMeta): Promise<SubmitResult> {
    // A zero-length buffer is the ClusAPI (NULL, 0): no instructions, not a malformed list.
    const decoded = command.inputBytes && command.inputBytes.length > 0 ? decodeInput(command.inputBytes) : null;
    const full: Command = { ...stripInput(command), ...(decoded ? { input: decoded.buffer } : {}) } as Command;
    if (!this.accepting) return await this.reject(full, meta, decoded, Win32.ERROR_CLUSTER_SHUTTING_DOWN, 'the engine is shutting down and accepts no new operations');

    const result = planCommand(this.snapshot(), full);
    if (!result.ok) return await this.reject(full, meta, decoded, result.rejection.code, result.rejection.detail);
    const plan = result.plan;

    // Two operations must never drive the same resource: the planner sees states, this sees claims
    // on resources whose turn in a running plan has not come yet.
    for (const s of plan.steps) {
      const claimedBy = this.records.resources.get(s.resource)?.operation;
      if (claimedBy) return await this.reject(full, meta, decoded, Win32.ERROR_INVALID_STATE, `resource '${s.resource}' is part of running operation ${claimedBy}`);
    }

    const steps = meta.keepPersistentState ? plan.steps.map(keepPersistent) : plan.steps;
    const persistent = meta.keepPersistentState ? [] : plan.persistent;
    const operation = this.newRecord(full, meta, decoded, plan.code, null, steps);
    operation.outcome = plan.code === Win32.ERROR_IO_PENDING ? 'running' : 'nothing-to-do';
    if (operation.outcome === 'nothing-to-do') operation.ended = this.options.clock.now();
    try {
      await this.options.hooks?.persistAdmission?.(operation, persistent);
    } catch (error) {
      this.operations.delete(operation.id);
      const detail = `the cluster database could not record the operation: ${error instanceof Error ? error.message : String(error)}`;
      return { code: Win32.ERROR_SHARING_PAUSED, name: errorName(Win32.ERROR_SHARING_PAUSED), detail: `${describeCode(Win32.ERROR_SHARING_PAUSED)}: ${detail}`, operation: null, plan: null };
    }

    for (const change of plan.immediate) {
      const record = this.records.resources.get(change.resource);
      if (record) this.controller.feed(record, 'offline-requested');
    }
    this.applyPersistent(persistent);

    this.bus.publish({ type: 'operation-started', operation: operation.id, kind: full.kind, target: operation.target, actor: operation.actor, code: plan.code });
    if (plan.code === Win32.ERROR_IO_PENDING) {
      for (const s of steps) {
        const record = this.records.resources.get(s.resource);
        if (!record) continue;
        record.operation = operation.id;
        this.controller.queue(record, s.action === 'online' ? ResourceState.OnlinePending : ResourceState.OfflinePending);
      }
      this.running.set(operation.id, this.execute(operation, steps, decoded));
    } else {
      this.bus.publish({ type: 'operation-ended', operation: operation.id, outcome: operation.outcome });
    }
    return { code: plan.code, name: errorName(plan.code), detail: null, operation: operation.id, plan };
  }

  private async execute(operation: OperationRecord, steps: readonly PlanStep[], decoded: DecodedInput | null): Promise<OperationRecord> {
    try {
      await this.runner.run(operation, steps, { instructions: decoded?.json ?? null, raw: decoded?.buffer.bytes ?? null });
    } finally {
      for (const s of steps) {
        const record = this.records.resources.get(s.resource);
        if (record?.operation !== operation.id) continue;
        record.operation = null;
        // A skipped step never dequeued its resource: show its real state again.
        if (record.queued !== null) this.controller.queue(record, null);
      }
      if (operation.outcome === 'running') operation.outcome = 'failed';
      operation.ended ??= this.options.clock.now();
      this.running.delete(operation.id);
      this.options.hooks?.operationUpdated?.(operation);
      this.bus.publish({ type: 'operation-ended', operation: operation.id, outcome: operation.outcome });
    }
    return operation;
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

  private newRecord(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, code: number, detail: string | null, steps: readonly PlanStep[]): OperationRecord {
    const id = `op-${String(this.nextOperation++).padStart(6, '0')}`;
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
      destinationNode: command.kind === 'offline-group' ? (command.destinationNode ?? null) : null,
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
    const keep = this.options.operationHistory ?? 10_000;
    if (this.operations.size > keep) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined && !this.running.has(oldest)) this.operations.delete(oldest);
    }
    return record;
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
