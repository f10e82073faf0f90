/**
 * A Plan is what an admitted command will do, as pure data: a graph of steps and the state effects
 * that take place at admission. The engine runs it; `wolfpack plan` prints it.
 */
import type { Command } from './commands.js';
import type { OfflineReason } from './flags.js';
import type { PersistentState, ResourceState } from './states.js';

export type StepAction = 'offline' | 'terminate' | 'online';

export interface PlanStep {
  /** Index of the step in Plan.steps. */
  readonly id: number;
  readonly action: StepAction;
  readonly resource: string;
  readonly group: string;
  /** Ids of steps that must end before this one starts (offline: its dependents; online: its providers). */
  readonly after: readonly number[];
  /** What the resource type receives: CLUS_RESDLL_OFFLINE_* for offline/terminate, CLUS_RESDLL_ONLINE_* for online. */
  readonly resDllFlags: number;
  /** Offline reason for offline/terminate steps; null for online. */
  readonly reason: OfflineReason | null;
  /** Destination node on moves (OfflineV2's DestinationNodeName). */
  readonly destinationNode: string | null;
}

/** A state change made at admission, before any step runs (e.g. Failed -> Offline). */
export interface ImmediateStateChange {
  readonly resource: string;
  readonly from: ResourceState;
  readonly to: ResourceState;
}

export interface PersistentStateChange {
  readonly target: 'resource' | 'group';
  readonly name: string;
  readonly state: PersistentState;
}

export interface Plan {
  /** 997 when steps were scheduled, 0 when there is nothing to run; moves and cancels are 997 without steps (the engine's handover or cancel is the work). */
  readonly code: 0 | 997;
  readonly command: Command;
  readonly steps: readonly PlanStep[];
  readonly immediate: readonly ImmediateStateChange[];
  readonly persistent: readonly PersistentStateChange[];
  /**
   * Set on admitted moves: the owner now and the node chosen (the caller's, or placement's when the
   * caller named none). `queued`: QUEUE_ENABLED was given and a locked resource blocks the move now,
   * so the engine holds it until the lock clears or it is cancelled (status WAITING_IN_QUEUE_FOR_MOVE).
   */
  readonly move?: { readonly from: string; readonly to: string; readonly queued: boolean };
}

export interface Rejection {
  readonly code: number;
  /** A sentence for people: which object, which flag, which resource is locked. */
  readonly detail: string;
}

export type PlanResult = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly rejection: Rejection };
