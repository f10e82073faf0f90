/**
 * Drives one resource through the core state machine: feeds it events (requests, call outcomes,
 * timer expiries, host reports), applies the new state, and carries out the effects the table lists
 * (calls into the resource host, the PendingTimeout gap timer, health checks, restart policy).
 * The table decides; this module only does.
 */
import type { Clock } from '../core/clock.js';
import { describeCode } from '../core/errors.js';
import { step, type ResourceEffect, type ResourceEventKind } from '../core/resource-state-machine.js';
import { ResourceState, isPendingResourceState } from '../core/states.js';
import type { CallResult } from '../resources/sdk/outcome.js';
import type { OfflineArgs, OnlineArgs } from '../resources/sdk/types.js';
import type { DriverCall, DriverTicket, ResourceDriver } from './driver.js';
import { PendingTimeoutTimer } from './pending-timeout-timer.js';
import type { ResourceRecord } from './resource-record.js';

export interface ControllerHooks {
  /** Called after every applied state change (the engine publishes events and group state). */
  stateChanged(record: ResourceRecord, previous: ResourceState, detail: string | undefined): void;
  progress(record: ResourceRecord, note: string | null, pendingTimeoutMs: number): void;
  startHealthChecks(record: ResourceRecord): void;
  stopHealthChecks(record: ResourceRecord): void;
  applyRestartPolicy(record: ResourceRecord): void;
  moveRequested(record: ResourceRecord): void;
  dropped(record: ResourceRecord, event: ResourceEventKind, reason: string): void;
}

/** The arguments of the next online/offline call, set by the step that requests it. */
export interface PendingCallArgs {
  online?: OnlineArgs;
  offline?: OfflineArgs;
}

/** "5930 ERROR_EXCEPTION_IN_RESOURCE_CALL: boom (host-crashed)" */
export function describeResult(result: CallResult): string {
  const base = result.detail ? `${describeCode(result.code)}: ${result.detail}` : describeCode(result.code);
  return result.exec === 'done' ? base : `${base} (${result.exec})`;
}

export function succeeded(result: CallResult): boolean {
  return result.exec === 'done' && result.outcome === 'ok';
}

export class ResourceController {
  constructor(
    private readonly driver: ResourceDriver,
    private readonly clock: Clock,
    private readonly hooks: ControllerHooks,
  ) {}

  /**
   * Feeds one event; returns the rejection reason when the table has no cell for it. A plan step
   * passes `dequeue` so the queued state gives way to the machine's in the same change.
   */
  feed(record: ResourceRecord, event: ResourceEventKind, detail?: string, args?: PendingCallArgs, dequeue = false): string | null {
    const previous = record.state;
    if (dequeue) record.queued = null;
    const transition = step(record.machineState, detail === undefined ? { kind: event } : { kind: event, detail });
    if (transition.invalid) {
      this.hooks.dropped(record, event, transition.invalid.reason);
      if (previous !== record.state) this.hooks.stateChanged(record, previous, detail);
      return transition.invalid.reason;
    }
    record.machineState = transition.state;
    // The arguments go straight to the call in this same step (only online-requested and
    // offline-requested call online/offline), so nothing per resource is kept for later.
    for (const effect of transition.effects) this.carryOut(record, effect, args);
    if (previous !== record.state) this.hooks.stateChanged(record, previous, detail);
    if (!isPendingResourceState(record.machineState) && record.machineState !== ResourceState.Initializing) this.releaseWaiters(record);
    return null;
  }

  /** Sets or clears the queued state of a resource waiting in a plan, publishing the visible change. */
  queue(record: ResourceRecord, queued: ResourceState | null): void {
    const previous = record.state;
    record.queued = queued;
    if (previous !== record.state) this.hooks.stateChanged(record, previous, undefined);
  }

  /** Resolves when the resource is no longer pending and any terminate it started has returned. */
  async settled(record: ResourceRecord): Promise<void> {
    while (isPendingResourceState(record.machineState) || record.machineState === ResourceState.Initializing) {
      await new Promise<void>((resolve) => (record.settleWaiters ??= []).push(resolve));
    }
    while (record.terminating) await record.terminating;
  }

  progressReported(record: ResourceRecord, note: string | null): void {
    if (this.feed(record, 'progress-reported') === null) {
      this.hooks.progress(record, note, record.pendingTimer?.remainingMs() ?? 0);
    }
  }

  private releaseWaiters(record: ResourceRecord): void {
    const waiters = record.settleWaiters;
    if (waiters === null) return;
    record.settleWaiters = null;
    for (const resolve of waiters) resolve();
  }

  private carryOut(record: ResourceRecord, effect: ResourceEffect, args: PendingCallArgs | undefined): void {
    switch (effect.kind) {
      case 'call-online':
        this.callEntry(record, { entry: 'online', args: args?.online ?? { flags: 0, instructions: null, raw: null } });
        return;
      case 'call-offline':
        this.callEntry(record, { entry: 'offline', args: args?.offline ?? { destinationNode: null, flags: 0, reason: 4, instructions: null, raw: null } });
        return;
      case 'call-terminate':
        this.callTerminate(record);
        return;
      case 'call-probe':
        void this.probe(record);
        return;
      case 'start-pending-timer': {
        record.pendingTimer?.stop();
        const timer = new PendingTimeoutTimer(this.clock, record.config.common.PendingTimeout, () => {
          this.feed(record, 'pending-timeout', `no progress for ${record.config.common.PendingTimeout} ms`);
        });
        record.pendingTimer = timer;
        timer.start();
        return;
      }
      case 'restart-pending-timer':
        record.pendingTimer?.reset();
        return;
      case 'stop-pending-timer':
        record.pendingTimer?.stop();
        record.pendingTimer = null;
        return;
      case 'start-health-checks':
        this.hooks.startHealthChecks(record);
        return;
      case 'stop-health-checks':
        this.hooks.stopHealthChecks(record);
        return;
      case 'apply-restart-policy':
        this.hooks.applyRestartPolicy(record);
        return;
      case 'request-move-to-another-node':
        this.hooks.moveRequested(record);
        return;
      case 'record-failure':
        record.failureReason = effect.reason;
        return;
    }
  }

  private callEntry(record: ResourceRecord, call: DriverCall & { readonly entry: 'online' | 'offline' }): void {
    const deadline = record.config.common.DeadlockTimeout;
    const ahead = record.predispatched;
    record.predispatched = null;
    const handle = (result: CallResult): void => {
      if (succeeded(result)) this.feed(record, 'entry-succeeded');
      else this.feed(record, 'entry-failed', describeResult(result));
    };
    const send = (): Promise<CallResult> => {
      const dispatched = this.driver.dispatch(record, call, deadline);
      record.ticket = dispatched.ticket;
      return dispatched.result;
    };
    if (record.terminating) {
      // An online right after a terminate (a restart) waits for it, so the terminate cannot undo it.
      void record.terminating.then(send).then(handle);
      return;
    }
    if (ahead && ahead.entry === call.entry) {
      // Sent ahead to follow the provider's step in the host; if it did not run there, send it now.
      record.ticket = ahead.dispatch.ticket;
      void ahead.dispatch.result.then((result) => (result.exec === 'cancelled' ? send() : result)).then(handle);
      return;
    }
    void send().then(handle);
  }

  /**
   * Sends a plan step's call ahead of its turn, to run in the host the moment `after` (its only
   * provider step's call) succeeds: the chain then pays no daemon round trip between the two.
   * The step itself still starts through feed(); the call is only picked up then.
   */
  predispatch(record: ResourceRecord, call: DriverCall & { readonly entry: 'online' | 'offline' }, after: DriverTicket): void {
    record.predispatched = { entry: call.entry, dispatch: this.driver.dispatch(record, call, record.config.common.DeadlockTimeout, after) };
  }

  /** Forgets a call sent ahead for a step that will not run (its provider step failed). */
  discardPredispatch(record: ResourceRecord): void {
    record.predispatched = null;
  }

  private callTerminate(record: ResourceRecord): void {
    const previous = record.terminating ?? Promise.resolve();
    const done = previous
      .then(() => this.driver.call(record, { entry: 'terminate' }, record.config.common.DeadlockTimeout))
      .then(() => {
        if (record.terminating === done) record.terminating = null;
      });
    record.terminating = done;
  }

  /** The start-up probe (isAlive) and the re-probe after a host crash. */
  probe(record: ResourceRecord): Promise<void> {
    return this.driver.call(record, { entry: 'isAlive' }, record.config.common.DeadlockTimeout).then((result) => {
      // A probe lost with its host says nothing about the resource; the host-crashed event re-probes.
      if (result.exec === 'host-crashed') return;
      if (succeeded(result)) this.feed(record, 'probe-found-running');
      else this.feed(record, 'probe-found-stopped', describeResult(result));
    });
  }
}
