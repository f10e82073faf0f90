/**
 * Forwarding (docs/adr/0006-many-nodes.md): only a group's owner admits commands for it, and any
 * node accepts API calls, so a command for a group owned elsewhere is sent on to the owner's API
 * with the caller's principal and access, signed with the cluster's shared secret. The owner's
 * answer -- status and body, a dry run's plan included -- is the answer, unchanged.
 *
 * A forwarded request is never forwarded again: the owner table may lag by a watch delivery, and a
 * second hop could bounce between two nodes that each think the other owns the group. The node
 * that receives it answers itself; its engine says 5016 ERROR_HOST_NODE_NOT_GROUP_OWNER if it does
 * not own the group after all.
 *
 * The principal travels percent-encoded: header values are Latin-1 on the wire, principal names
 * (a local user's name) need not be.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Win32, describeCode } from '../core/errors.js';
import type { AccessLevel } from './contract.js';
import { sendError } from './api-error.js';
import type { ClusterControl, ForwardTarget, Principal } from './deps.js';

export const SECRET_HEADER = 'x-wolfpack-cluster-secret';
export const PRINCIPAL_HEADER = 'x-wolfpack-forwarded-principal';
export const ACCESS_HEADER = 'x-wolfpack-forwarded-access';
/** Set on an answer that came from the owner: the node that gave it. */
export const ANSWERED_BY_HEADER = 'x-wolfpack-answered-by';

/** Admission answers at once; an owner silent this long is treated as gone. */
export const FORWARD_TIMEOUT_MS = 15_000;

/** The request came from another node of the cluster (auth has checked its secret). */
export function isForwarded(request: FastifyRequest): boolean {
  return request.headers[SECRET_HEADER] !== undefined;
}

/** Both sides hashed to one length first: timingSafeEqual refuses buffers of different lengths. */
function sameSecret(given: string, expected: string): boolean {
  if (expected === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The principal a forwarded request acts for, or why it cannot be believed (answered 401 with
 * code 5): no cluster here, a wrong secret, or missing principal headers.
 */
export function forwardedPrincipal(request: FastifyRequest, cluster: ClusterControl | undefined): Principal | string {
  const secret = request.headers[SECRET_HEADER];
  if (cluster === undefined) return 'this daemon is not part of a cluster and takes no forwarded requests';
  if (typeof secret !== 'string' || !sameSecret(secret, cluster.secret)) return 'the cluster secret of the forwarded request is wrong';
  const name = request.headers[PRINCIPAL_HEADER];
  const access = request.headers[ACCESS_HEADER];
  if (typeof name !== 'string' || name === '' || (access !== 'read' && access !== 'full')) {
    return `a forwarded request must carry ${PRINCIPAL_HEADER} and ${ACCESS_HEADER} (read or full)`;
  }
  try {
    return { name: decodeURIComponent(name), access: access satisfies AccessLevel, via: 'forwarded' };
  } catch {
    return `${PRINCIPAL_HEADER} is not percent-encoded text`;
  }
}

function why(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends the request on to the owner and answers with its answer, or with 5050 when the owner cannot
 * be reached. Resolves true when the owner answered (it counts and records the command itself).
 */
export async function forwardToOwner(request: FastifyRequest, reply: FastifyReply, group: string, target: ForwardTarget, principal: Principal, timeoutMs = FORWARD_TIMEOUT_MS): Promise<boolean> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [SECRET_HEADER]: target.secret,
    [PRINCIPAL_HEADER]: encodeURIComponent(principal.name),
    [ACCESS_HEADER]: principal.access,
  };
  const client = request.headers['x-wolfpack-client'];
  if (typeof client === 'string') headers['x-wolfpack-client'] = client;
  let status: number;
  let contentType: string;
  let text: string;
  try {
    const res = await fetch(`${target.url.replace(/\/+$/, '')}${request.url}`, {
      method: request.method,
      headers,
      body: JSON.stringify(request.body ?? {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    contentType = res.headers.get('content-type') ?? 'application/json; charset=utf-8';
    text = await res.text();
  } catch (error) {
    const reason = why(error);
    // A timeout leaves it open whether the owner admitted the command; a refused connection does not.
    const outcome = reason === 'timeout' ? `gave no answer within ${timeoutMs / 1000} s; the command may have been admitted there (see wolfpack op list --target ${group})` : `cannot be reached (${reason}); the command was not run`;
    sendError(reply, 503, Win32.ERROR_CLUSTER_NODE_DOWN, `${describeCode(Win32.ERROR_CLUSTER_NODE_DOWN)}: group '${group}' is owned by node ${target.node}, which ${outcome}`);
    return false;
  }
  reply.code(status).header('content-type', contentType).header(ANSWERED_BY_HEADER, target.node).send(text);
  return true;
}
