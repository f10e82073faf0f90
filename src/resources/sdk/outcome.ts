/**
 * How a call into a resource type ends, as data (STYLE 7, Pacemaker's action results): `exec` says
 * whether the call ran to completion, `outcome` what the type answered. The host, its client and
 * the mock environment all speak this one shape; codes are Win32 numbers so they survive the
 * process boundary (STYLE 9).
 */
import { Win32 } from '../../core/errors.js';
import type { EntryFailure, HealthAnswer } from './types.js';

/**
 * - `done`: the entry point settled; `outcome` is its answer.
 * - `timeout`: the call exceeded its deadline (DeadlockTimeout); the host was killed.
 * - `host-crashed`: the host process died (or was killed for another call's deadline) first.
 * - `cancelled`: the call was withdrawn before it could finish (the pool was closed).
 * - `error`: the call could not be made (type not found, host could not start, bad request).
 */
export type CallExec = 'done' | 'timeout' | 'host-crashed' | 'cancelled' | 'error';

/** `ok`: success / alive. `not-running`: a health check found the resource cleanly stopped. `failed`: failure. */
export type CallOutcome = 'ok' | 'not-running' | 'failed';

export type CallResult =
  | { readonly exec: 'done'; readonly outcome: CallOutcome; readonly code: number; readonly detail?: string }
  | { readonly exec: Exclude<CallExec, 'done'>; readonly code: number; readonly detail: string };

/** Codes used for each kind of end that is not the type's own answer. */
export const RESULT_CODES = {
  /** An entry point threw or rejected. */
  exception: Win32.ERROR_EXCEPTION_IN_RESOURCE_CALL,
  /** An entry point rejected after its signal was aborted (terminate, cancel, close, shutdown). */
  aborted: Win32.ERROR_OPERATION_ABORTED,
  /** A returned `{state: 'failed'}` without a code, a failed health check, a crashed host. */
  failed: Win32.ERROR_RESOURCE_FAILED,
  timeout: Win32.ERROR_RESOURCE_CALL_TIMED_OUT,
  cancelled: Win32.ERROR_CANCELLED,
  hostStartFailed: Win32.ERROR_RESMON_CREATE_FAILED,
  typeNotFound: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND,
  typeInvalid: 5080, // ERROR_CLUSTER_RESNAME_NOT_FOUND: the module does not implement a type
  invalidRequest: Win32.ERROR_INVALID_PARAMETER,
  configuration: Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR,
} as const;

export const OK: CallResult = { exec: 'done', outcome: 'ok', code: 0 };

export function failedResult(code: number, detail?: string): CallResult {
  return detail === undefined ? { exec: 'done', outcome: 'failed', code } : { exec: 'done', outcome: 'failed', code, detail };
}

export function isEntryFailure(value: unknown): value is EntryFailure {
  return typeof value === 'object' && value !== null && (value as { state?: unknown }).state === 'failed';
}

/** What online/offline/open/close/cancel returned, as a result. Anything but a failure object is success. */
export function resultFromReturn(value: unknown): CallResult {
  if (!isEntryFailure(value)) return OK;
  return failedResult(value.code ?? RESULT_CODES.failed, value.detail);
}

/** What a health check returned, as a result. */
export function resultFromHealth(value: HealthAnswer | undefined): CallResult {
  if (value === true || value === 'alive') return OK;
  if (value === 'not-running') return { exec: 'done', outcome: 'not-running', code: 0 };
  if (isEntryFailure(value)) return failedResult(value.code ?? RESULT_CODES.failed, value.detail ?? 'health check failed');
  return failedResult(RESULT_CODES.failed, 'health check failed');
}

/** A throw or rejection, as a result: 995 when the call had been aborted, else 5930. */
export function resultFromThrow(error: unknown, aborted: AbortSignal | null): CallResult {
  if (aborted?.aborted) {
    const cause = `aborted by ${describeReason(aborted.reason)}`;
    const isAbortError = error instanceof Error && error.name === 'AbortError';
    return failedResult(RESULT_CODES.aborted, isAbortError ? cause : `${cause}: ${describeError(error)}`);
  }
  return failedResult(RESULT_CODES.exception, describeError(error));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

function describeReason(reason: unknown): string {
  return typeof reason === 'string' ? reason : describeError(reason);
}

export function isSuccess(result: CallResult): boolean {
  return result.exec === 'done' && result.outcome === 'ok';
}
