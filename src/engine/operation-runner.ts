/**
 * Runs an admitted plan: each step asks its resource's state machine for offline, terminate or
 * online, waits for the resource to settle, and records start, end and result in the operation
 * record. The graph runner decides what may run when.
 */
import type { Clock } from '../core/clock.js';
import { Win32 } from '../core/errors.js';
import type { PlanStep } from '../core/plan.js';
import { ResourceState } from '../core/states.js';
import type { OfflineArgs, OnlineArgs } from '../resources/sdk/types.js';
import type { EventBus } from './events.js';
import { runGraph } from './graph-runner.js';
import type { OperationRecord, StepRecord } from './operation.js';
import type { ResourceController } from './resource-controller.js';
import type { ClusterRecords, ResourceRecord } from './resource-record.js';

export interface StepInputs {
  readonly instructions: OnlineArgs['instructions'];
  readonly raw: Uint8Array | null;
  /** The node a moved group came from, for its onlines (live migration). */
  readonly sourceNode?: string | null;
}

/**
 * Step records outlive their plan (the engine keeps thousands of operations in memory): the
 * common prerequisite lists -- none, or one earlier step -- are shared frozen arrays.
 */
const NO_PREREQUISITES: readonly number[] = Object.freeze([]);
const ONE_PREREQUISITE: Array<readonly number[] | undefined> = [];
const SHARED_IDS = 4096;

function sharedAfter(after: readonly number[]): readonly number[] {
  if (after.length === 0) return NO_PREREQUISITES;
  const id = after[0] as number;
  if (after.length > 1 || id >= SHARED_IDS) return after;
  return (ONE_PREREQUISITE[id] ??= Object.freeze([id]));
}

export function stepRecordsOf(steps: readonly PlanStep[]): StepRecord[] {
  return steps.map((s) => ({
    id: s.id,
    action: s.action,
    resource: s.resource,
    after: sharedAfter(s.after),
    resDllFlags: s.resDllFlags,
    reason: s.reason,
    status: 'waiting',
    start: null,
    end: null,
    exec: null,
    code: null,
    detail: null,
  }));
}

export class OperationRunner {
  constructor(
    private readonly records: ClusterRecords,
    private readonly controller: ResourceController,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async run(operation: OperationRecord, steps: readonly PlanStep[], inputs: StepInputs): Promise<void> {
    const stepRecords = new Map(operation.steps.map((s) => [s.id, s]));
    const followers = singleFollowers(steps);
    const results = await runGraph(steps, {
      run: async (step) => {
        const record = this.records.resources.get(step.resource);
        const stepRecord = stepRecords.get(step.id) as StepRecord;
        stepRecord.status = 'running';
        stepRecord.start = this.clock.now();
        this.bus.publish({ type: 'step-started', operation: operation.id, step: { ...stepRecord } });
        const ok = record ? await this.runStep(record, step, inputs, followers.get(step.id)) : false;
        stepRecord.status = ok ? 'succeeded' : 'failed';
        stepRecord.end = this.clock.now();
        stepRecord.exec = 'done';
        stepRecord.code = ok ? Win32.ERROR_SUCCESS : Win32.ERROR_RESOURCE_FAILED;
        stepRecord.detail = ok ? null : (record?.failureReason ?? `resource ${step.resource} is not in the cluster`);
        this.bus.publish({ type: 'step-ended', operation: operation.id, step: { ...stepRecord } });
        return ok ? 'succeeded' : 'failed';
      },
      // A dependent cannot come online without its provider; an offline proceeds past a failure.
      blockedByFailure: (step) => step.action === 'online',
      skipped: (step, because) => {
        const skippedRecord = this.records.resources.get(step.resource);
        if (skippedRecord) this.controller.discardPredispatch(skippedRecord);
        const stepRecord = stepRecords.get(step.id) as StepRecord;
        stepRecord.status = 'skipped';
        stepRecord.detail = `provider step #${because + 1} did not succeed`;
        this.bus.publish({ type: 'step-ended', operation: operation.id, step: { ...stepRecord } });
      },
    });
    operation.outcome = [...results.values()].every((r) => r === 'succeeded') ? 'succeeded' : 'failed';
    operation.ended = this.clock.now();
  }

  private async runStep(record: ResourceRecord, step: PlanStep, inputs: StepInputs, next: readonly PlanStep[] | undefined): Promise<boolean> {
    if (step.action === 'terminate') {
      this.controller.feed(record, 'terminate-requested', undefined, undefined, true);
      await this.controller.settled(record);
      return record.machineState === ResourceState.Offline;
    }
    record.ticket = null;
    const refused = step.action === 'online'
      ? this.controller.feed(record, 'online-requested', undefined, { online: onlineArgs(step, inputs) }, true)
      : this.controller.feed(record, 'offline-requested', undefined, { offline: offlineArgs(step, inputs) }, true);
    // A call sent ahead is taken by the feed when it calls; one still here was for a step that
    // turned out to need no call (the resource changed state meanwhile) and must not be reused.
    if (record.predispatched) this.controller.discardPredispatch(record);
    if (refused !== null) record.failureReason = `${step.action} refused: ${refused}`;
    else if (record.ticket !== null && next) this.sendAhead(record.ticket, next, inputs);
    await this.controller.settled(record);
    return record.machineState === (step.action === 'online' ? ResourceState.Online : ResourceState.Offline);
  }

  /**
   * The steps whose only prerequisite is the step that just called its resource go to the host
   * now, to start there the moment that call succeeds (a chain then costs no daemon round trip per
   * step). Only when the step will certainly be asked for in the same way: its resource is in a
   * state that accepts the request and has no terminate in flight.
   */
  private sendAhead(ticket: unknown, next: readonly PlanStep[], inputs: StepInputs): void {
    for (const follower of next) {
      const record = this.records.resources.get(follower.resource);
      if (!record || record.terminating || record.predispatched) continue;
      // Exactly the states in which the state machine answers the request with a call.
      const state = record.machineState;
      if (follower.action === 'online' && (state === ResourceState.Offline || state === ResourceState.Failed || state === ResourceState.Initializing)) {
        this.controller.predispatch(record, { entry: 'online', args: onlineArgs(follower, inputs) }, ticket);
      } else if (follower.action === 'offline' && state === ResourceState.Online) {
        this.controller.predispatch(record, { entry: 'offline', args: offlineArgs(follower, inputs) }, ticket);
      }
    }
  }
}

function onlineArgs(step: PlanStep, inputs: StepInputs): OnlineArgs {
  return inputs.sourceNode ? { flags: step.resDllFlags, instructions: inputs.instructions, raw: inputs.raw, sourceNode: inputs.sourceNode } : { flags: step.resDllFlags, instructions: inputs.instructions, raw: inputs.raw };
}

function offlineArgs(step: PlanStep, inputs: StepInputs): OfflineArgs {
  return {
    destinationNode: step.destinationNode,
    flags: step.resDllFlags,
    reason: (step.reason ?? 4) as OfflineArgs['reason'],
    instructions: inputs.instructions,
    raw: inputs.raw,
  };
}

/** For each step, the online/offline steps that wait for it and for nothing else. */
function singleFollowers(steps: readonly PlanStep[]): Map<number, PlanStep[]> {
  const followers = new Map<number, PlanStep[]>();
  for (const step of steps) {
    if (step.action === 'terminate' || step.after.length !== 1) continue;
    const before = step.after[0] as number;
    const list = followers.get(before);
    if (list) list.push(step);
    else followers.set(before, [step]);
  }
  return followers;
}
