/**
 * GetLastError / SetLastError. Win32 keeps the last error per thread; a Node process runs the
 * facade on one thread, so it is kept per module. Between an `await` of a failing call and the
 * GetLastError that follows, another concurrent async caller can overwrite it, exactly as two
 * fibers sharing a thread would: read it right after the call that failed.
 */
import { Win32 } from '../core/errors.js';

let lastError: number = Win32.ERROR_SUCCESS;

export function GetLastError(): number {
  return lastError;
}

export function SetLastError(code: number): void {
  lastError = code >>> 0;
}

/** Records `code` as the last error and returns `result`: `return fail(null, 5013)`. */
export function failWith<T>(result: T, code: number): T {
  SetLastError(code);
  return result;
}
