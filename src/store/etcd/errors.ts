/**
 * What an etcd or gRPC failure means for the port. Three kinds: etcd answered (a definite refusal,
 * mapped to the code the local adapters use for the same case), the request never reached a
 * member that could apply it (safe to send to another member), or the request may have been
 * applied and the answer was lost (only reads and idempotent writes may be sent again).
 */
import { ClusterError, Win32, isClusterError } from '../../core/errors.js';

/** 14 ERROR_OUTOFMEMORY ("not enough storage") is in the error table but not yet named in Win32. */
const ERROR_OUTOFMEMORY = 14;

export type FailureKind = 'answer' | 'unsent' | 'unknown';

/** gRPC status codes (grpc/status.proto), the few we tell apart. */
const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** The gRPC status of an error: grpc-js sets `code` and starts the message with "14 UNAVAILABLE: ...". */
export function grpcStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || isClusterError(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  const match = /(?:^|: )(\d{1,2}) [A-Z_]+: /.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// etcd's server errors that mean "not now" (rpctypes): the request was refused before it was
// proposed to raft, so another member (or the same one later) may take it.
const REFUSED_UNAPPLIED = [
  'etcdserver: no leader',
  'etcdserver: leader changed',
  'etcdserver: not capable',
  'etcdserver: too many requests',
  'raft proposal dropped',
];

// Proposed but not known to be committed: the write may still land.
const MAYBE_APPLIED = [
  'etcdserver: request timed out',
  'etcdserver: server stopped',
];

export function classify(error: unknown): FailureKind {
  if (isClusterError(error)) return 'answer';
  const message = messageOf(error);
  if (REFUSED_UNAPPLIED.some((m) => message.includes(m))) return 'unsent';
  if (MAYBE_APPLIED.some((m) => message.includes(m))) return 'unknown';
  switch (grpcStatus(error)) {
    case GRPC.UNAVAILABLE:
      // grpc-js says this when no connection to the member could be made: nothing was sent.
      return message.includes('No connection established') ? 'unsent' : 'unknown';
    case GRPC.DEADLINE_EXCEEDED:
      // A call that got a connection names its remote address; without one it never left.
      return message.includes('remote_addr=') || !message.includes('Deadline exceeded after') ? 'unknown' : 'unsent';
    case GRPC.CANCELLED:
    case GRPC.UNKNOWN:
    case GRPC.INTERNAL:
    case GRPC.ABORTED:
      return 'unknown';
    case undefined:
      // Not a gRPC status: a bug of ours (a bad request that would fail on every member) is
      // final; a stream that ended without an answer is a lost connection.
      if (error instanceof TypeError || error instanceof RangeError) return 'answer';
      return message.includes('etcdserver:') || message.includes('mvcc:') ? 'answer' : 'unknown';
    default:
      return 'answer';
  }
}

/** A definite etcd refusal as the ClusterError the local adapters give for the same case. */
export function mapAnswer(error: unknown, what: string): ClusterError {
  if (isClusterError(error)) return error;
  const message = messageOf(error);
  const etcd = /(etcdserver: .*|mvcc: .*)$/.exec(message)?.[1]?.replace(/ is expired or revoked$/, '') ?? message;
  const has = (text: string): boolean => message.includes(text);
  if (has('requested lease not found')) {
    return new ClusterError(Win32.ERROR_NOT_FOUND, `${what}: the lease does not exist (it expired or was revoked).`);
  }
  if (has('duplicate key given in txn request')) {
    return new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${what}: a transaction branch may write a key only once (${etcd}).`);
  }
  if (has('required revision has been compacted')) {
    return new ClusterError(Win32.ERROR_INVALID_STATE, `${what}: that revision was compacted (${etcd}).`);
  }
  if (has('database space exceeded')) {
    return new ClusterError(ERROR_OUTOFMEMORY, `${what}: etcd is out of space and accepts no writes until an operator compacts and defragments it (${etcd}).`);
  }
  const status = grpcStatus(error);
  if (
    has('too many operations in txn request') || has('request is too large') || has('larger than max') ||
    has('key is not provided') || has('required revision is a future revision') ||
    status === GRPC.INVALID_ARGUMENT || status === GRPC.OUT_OF_RANGE
  ) {
    return new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${what}: etcd refused the request (${etcd}).`);
  }
  if (status === GRPC.PERMISSION_DENIED || status === GRPC.UNAUTHENTICATED || has('permission denied') || has('invalid auth token')) {
    return new ClusterError(Win32.ERROR_ACCESS_DENIED, `${what}: etcd denied access (${etcd}).`);
  }
  if (status === GRPC.RESOURCE_EXHAUSTED) {
    return new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${what}: etcd refused the request as too large (${etcd}).`);
  }
  if (status === GRPC.NOT_FOUND) return new ClusterError(Win32.ERROR_NOT_FOUND, `${what}: ${etcd}`);
  return new ClusterError(Win32.ERROR_INTERNAL_ERROR, `${what}: etcd failed: ${etcd}`);
}

/** No member could be reached (or none had a leader) within the time allowed. */
export function unreachable(what: string, endpoints: readonly string[], waitedMs: number, last: unknown): ClusterError {
  return new ClusterError(
    Win32.RPC_S_SERVER_UNAVAILABLE,
    `${what}: no etcd member of ${endpoints.join(',')} answered within ${waitedMs} ms (last error: ${messageOf(last)}).`,
  );
}

/**
 * The connection broke while a write was in flight: etcd may or may not have applied it, and
 * sending it again could apply it twice (or fail a compare it already passed). The caller must
 * read to find out.
 */
export function outcomeUnknown(what: string, endpoint: string, last: unknown): ClusterError {
  return new ClusterError(
    Win32.RPC_S_SERVER_UNAVAILABLE,
    `${what}: the connection to etcd member ${endpoint} failed while the write was in flight; it may or may not have been applied, so read the keys before writing again (${messageOf(last)}).`,
  );
}

export function closedError(): ClusterError {
  return new ClusterError(Win32.ERROR_INVALID_HANDLE, 'The etcd cluster store is closed.');
}
