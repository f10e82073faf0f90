/**
 * The operation record: who asked for what, what was planned, what each step did and how it ended.
 * It is the audit log, the UI's timeline and what `wolfpack op show` prints.
 */
import type { CommandKind } from '../core/commands.js';
import type { StepAction } from '../core/plan.js';

/**
 * Changes that are not resource commands but are audited in the same log with their principal:
 * configuration applies and the security descriptor's tokens.
 */
export type AuditKind = 'apply-config' | 'create-token' | 'revoke-token' | 'failover-group' | 'pause-node' | 'resume-node';
export type OperationKind = CommandKind | AuditKind;

/** `cancelled`: a move ended by CancelClusterGroupOperation before its handover. */
export type OperationOutcome = 'running' | 'succeeded' | 'failed' | 'rejected' | 'interrupted' | 'nothing-to-do' | 'cancelled';

export type StepStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepRecord {
  readonly id: number;
  readonly action: StepAction;
  readonly resource: string;
  readonly after: readonly number[];
  readonly resDllFlags: number;
  readonly reason: number | null;
  status: StepStatus;
  start: number | null;
  end: number | null;
  /** How the entry point ended: done, timeout, host-crashed, pending-timeout, ... */
  exec: string | null;
  /** Win32 code of the step's result (0 ok; otherwise why it failed). */
  code: number | null;
  detail: string | null;
}

export interface OperationInput {
  /** The decoded property list in the shared JSON form, or null when it did not parse. */
  readonly json: unknown;
  readonly base64: string;
}

export interface OperationRecord {
  readonly id: string;
  readonly kind: OperationKind;
  readonly target: string;
  readonly actor: string;
  /** Which surface the request came through (cli, api, clusapi, ui, engine). */
  readonly client: string;
  readonly flags: number;
  readonly reason: number | null;
  readonly destinationNode: string | null;
  readonly input: OperationInput | null;
  /** The admission answer: 997, 0 or the rejection code. */
  readonly code: number;
  /** The rejection's reason, or what went wrong after admission (a move's failed handover). */
  detail: string | null;
  readonly submitted: number;
  ended: number | null;
  outcome: OperationOutcome;
  readonly steps: StepRecord[];
  /** Why the engine started this itself (restart policy, start-up, shutdown), or null for callers. */
  readonly cause: string | null;
}

export function isFinished(record: OperationRecord): boolean {
  return record.outcome !== 'running';
}
