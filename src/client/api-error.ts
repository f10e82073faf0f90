/**
 * Non-2xx answers as errors: an ErrorBody becomes a ClusterError that keeps the server's code,
 * sentence, HTTP status and validation issues, so the CLI can name the code and list each problem
 * with its path. A body that is not an ErrorBody (a proxy's HTML page, a crash) still gets a code.
 */
import { ClusterError, Win32, errorName } from '../core/errors.js';
import type { ErrorBody } from './contract.js';

export type ApiIssue = NonNullable<ErrorBody['issues']>[number];

export class ApiError extends ClusterError {
  readonly status: number;
  readonly issues: readonly ApiIssue[];

  constructor(code: number, detail: string, status: number, issues: readonly ApiIssue[] = []) {
    // ClusterError puts "<code> <name>: " in front; a server sentence that already starts so says it once.
    const prefix = `${code} ${errorName(code)}: `;
    super(code, detail.startsWith(prefix) ? detail.slice(prefix.length) : detail);
    this.name = 'ApiError';
    this.status = status;
    this.issues = issues;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body['code'] === 'number' && typeof body['name'] === 'string';
}

/** Parses JSON without throwing: a non-JSON body is the caller's to explain. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function errorFromResponse(status: number, text: string, what: string): ApiError {
  const body = parseJson(text);
  if (isErrorBody(body)) {
    return new ApiError(body.code, typeof body.message === 'string' ? body.message : what, status, Array.isArray(body.issues) ? body.issues : []);
  }
  // Without a body code, map the HTTP status to the nearest family so the exit code still means something.
  const code = status === 401 || status === 403 ? Win32.ERROR_ACCESS_DENIED : status === 404 ? Win32.ERROR_NOT_FOUND : status === 503 ? Win32.ERROR_CLUSTER_SHUTTING_DOWN : status >= 500 ? Win32.ERROR_INVALID_FUNCTION : Win32.ERROR_INVALID_PARAMETER;
  const snippet = text.trim().slice(0, 200);
  return new ApiError(code, `${what}: HTTP ${status}${snippet ? `: ${snippet}` : ''}`, status);
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
