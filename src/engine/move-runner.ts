/**
 * Runs moves (ADR 0006): a queued move waits for its group's locks to clear, then the group goes
 * offline here with reason MOVING and the destination, then the cluster layer hands it over. A move
 * cancelled before its handover, or whose handover fails, brings the group back to its persistent
 * state here. CancelClusterGroupOperation is admitted here too, since only a move can be cancelled.
 */
import type { Clock } from '../core/clock.js';
import type { Command } from '../core/commands.js';
import { Win32, describeCode, errorName } from '../core/errors.js';
import { ResDllOfflineFlags } from '../core/flags.js';
import type { Snapshot } from '../core/model.js';
import type { PlanStep } from '../core/plan.js';
import { plan as planCommand } from '../core/planner/index.js';
import { ResourceState } from '../core/states.js';
import { forgetLocalState, setGroupMoving, setGroupOwner } from './cluster-view.js';
import type { EngineHooks, SubmitMeta, SubmitResult } from './engine-types.js';
import type { EventBus } from './events.js';
import type { DecodedInput } from './input-buffer.js';
import type { MoveBook, MoveInFlight } from './moves.js';
import type { OperationRecord } from './operation.js';
import { stepRecordsOf } from './operation-runner.js';
import type { ResourceController } from './resource-controller.js';
import type { ClusterRecords, GroupRecord, ResourceRecord } from './resource-record.js';

/** What the move runner uses of the engine. */
export interface MoveRunnerDeps {
  readonly records: ClusterRecords;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly localNode: string;
  readonly hooks: EngineHooks | undefined;
  readonly controller: ResourceController;
  runSteps(operation: OperationRecord, steps: readonly PlanStep[], decoded: DecodedInput | null): Promise<void>;
  restoreGroup(group: GroupRecord, how: { readonly cause: string }): Promise<boolean>;
  finish(operation: OperationRecord): void;
  snapshot(): Snapshot;
  newRecord(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, code: number, detail: string | null, steps: readonly PlanStep[]): OperationRecord;
  reject(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, code: number, detail: string): Promise<SubmitResult>;
  /** Publishes a resource's visible state change (and its group's). */
  resourceStateChanged(record: ResourceRecord, previous: ResourceState): void;
  /** Writes an admission durably; the refusal to answer when it could not (the record is dropped). */
  persistOrRefuse(operation: OperationRecord): Promise<SubmitResult | null>;
}

export class MoveRunner {
  constructor(
    private readonly moves: MoveBook,
    private readonly deps: MoveRunnerDeps,
  ) {}

  /**
   * A move: (wait while queued) -> offline here with reason MOVING -> hand over. A move that is
   * cancelled before the handover, or whose handover fails, brings the group back to its
   * persistent state here (wsfc.md §6.3: the group returns to its persistent state on the source).
   */
  async run(move: MoveInFlight, ready: readonly PlanStep[] | null): Promise<OperationRecord> {
    const operation = move.operation;
    const group = this.deps.records.groups.get(move.group);
    try {
      const steps = ready ?? (await new Promise<readonly PlanStep[] | null>((resolve) => (move.release = resolve)));
      if (steps === null || !group) return operation;
      for (const s of steps) {
        const record = this.deps.records.resources.get(s.resource);
        if (!record) continue;
        record.operation = operation.id;
        this.deps.controller.queue(record, ResourceState.OfflinePending);
      }
      await this.deps.runSteps(operation, steps, move.decoded);
      // Only a group that is entirely Offline here may run elsewhere: a resource whose offline
      // failed (Failed, or its host crashed mid-stop) may still be running on this node.
      const notOffline = group.config.resources.filter((name) => this.deps.records.resources.get(name)?.machineState !== ResourceState.Offline);
      if (notOffline.length > 0) {
        this.end(move, 'failed', `${notOffline.join(', ')} did not go offline on ${move.from}; the group stays here and is not handed to ${move.to}`);
        return operation;
      }
      const handOver = this.deps.hooks?.handOver;
      try {
        if (!handOver) throw new Error('this node runs alone');
        await handOver({ group: group.config.name, from: move.from, to: move.to, operation: operation.id, flags: move.command.flags, inputBase64: operation.input?.base64 ?? null, kind: move.resDllFlags & ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_RETURNING_TO_SOURCE_NODE_BECAUSE_OF_ERROR ? 'return' : 'move' });
        setGroupOwner(this.deps.bus, group, move.to);
        forgetLocalState(group, this.deps.records, (record, previous) => this.deps.resourceStateChanged(record, previous));
        this.end(move, 'succeeded', null);
      } catch (error) {
        this.end(move, 'failed', `the handover to ${move.to} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (group.owner === this.deps.localNode) await this.deps.restoreGroup(group, { cause: `move ${operation.id} failed` });
      }
      return operation;
    } finally {
      if (this.moves.get(move.group) === move) this.end(move, 'failed', 'the move ended unexpectedly');
      this.deps.finish(operation);
    }
  }

  end(move: MoveInFlight, outcome: 'succeeded' | 'failed' | 'cancelled', detail: string | null): void {
    if (this.moves.get(move.group) === move) this.moves.delete(move.group);
    const group = this.deps.records.groups.get(move.group);
    if (group) setGroupMoving(this.deps.bus, group, false, false, move.operation.id);
    move.operation.outcome = outcome;
    if (detail !== null) move.operation.detail = detail;
    move.operation.ended ??= this.deps.clock.now();
    move.release?.(null);
    move.release = null;
    for (const cancel of move.cancels) {
      cancel.outcome = outcome === 'cancelled' ? 'succeeded' : 'failed';
      if (outcome !== 'cancelled') cancel.detail = `the move ${move.operation.id} ended ${outcome} before the cancel could take effect`;
      cancel.ended = this.deps.clock.now();
      this.deps.hooks?.operationUpdated?.(cancel);
      this.deps.bus.publish({ type: 'operation-ended', operation: cancel.id, outcome: cancel.outcome });
    }
  }

  /** A queued move runs once no resource of its group is locked any more. */
  releaseQueued(groupName: string): void {
    const move = this.moves.get(groupName);
    const group = this.deps.records.groups.get(groupName);
    if (!move?.queued || !group || !move.release) return;
    if (group.config.resources.some((name) => this.deps.records.resources.get(name)?.locked)) return;
    // The move itself marks the group moving; its own re-plan must not be refused with 5908.
    group.moving = false;
    const result = planCommand(this.deps.snapshot(), move.command);
    group.moving = true;
    if (!result.ok) {
      this.end(move, 'failed', `the queued move could not start: ${describeCode(result.rejection.code)}: ${result.rejection.detail}`);
      return;
    }
    move.queued = false;
    if (result.plan.move) move.to = result.plan.move.to;
    const steps = result.plan.steps;
    move.operation.steps.push(...stepRecordsOf(steps));
    setGroupMoving(this.deps.bus, group, true, false, move.operation.id);
    const release = move.release;
    move.release = null;
    release(steps);
  }

  /**
   * CancelClusterGroupOperation: a queued move ends now (0). A move that has begun taking its group
   * offline is past cancelling (5023): its resources are stopping, and a live migration may already
   * have moved a service to the destination, where only finishing the move brings it under
   * management again.
   */
  async admitCancel(command: Command, meta: SubmitMeta, decoded: DecodedInput | null, group: GroupRecord): Promise<SubmitResult> {
    const move = this.moves.get(group.config.name);
    if (!move) return await this.deps.reject(command, meta, decoded, Win32.ERROR_INVALID_STATE, `group '${group.config.name}' has no move of this node's to cancel`);
    if (!move.queued) return await this.deps.reject(command, meta, decoded, Win32.ERROR_INVALID_STATE, `the move ${move.operation.id} of group '${group.config.name}' is already taking it offline and can no longer be cancelled`);
    const code = Win32.ERROR_SUCCESS;
    const operation = this.deps.newRecord(command, meta, decoded, code, null, []);
    const refused = await this.deps.persistOrRefuse(operation);
    if (refused) return refused;
    this.deps.bus.publish({ type: 'operation-started', operation: operation.id, kind: command.kind, target: operation.target, actor: operation.actor, code });
    move.cancels.push(operation);
    this.end(move, 'cancelled', `cancelled by ${operation.id} while queued`);
    return { code, name: errorName(code), detail: null, operation: operation.id, plan: null };
  }
}
