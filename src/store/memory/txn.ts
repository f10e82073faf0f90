/**
 * Transactions with etcd's rules, over any KvBackend: validate the whole request, evaluate the
 * compares, run the chosen branch's ops in order at one new revision (reads see earlier writes of
 * the same transaction, as in etcd), and return the changes for the watchers. Called inside
 * KvBackend.transact, so a throw rolls everything back.
 */
import { ClusterError, Win32 } from '../../core/errors.js';
import type { Compare, KeyValue, TxnOp, TxnRequest, WatchEvent } from '../port.js';
import type { KvBackend } from './backend.js';
import { checkKey, checkValue } from './keys.js';

export interface TxnOutcome {
  readonly succeeded: boolean;
  readonly revision: number;
  readonly gets: (KeyValue | null)[];
  readonly events: WatchEvent[];
}

function invalid(detail: string): ClusterError {
  return new ClusterError(Win32.ERROR_INVALID_PARAMETER, detail);
}

const NUMBER_TARGETS = new Set(['version', 'createRevision', 'modRevision']);
const NUMBER_OPS = new Set(['=', '!=', '<', '>']);

function checkCompare(c: Compare): void {
  checkKey(c.key, 'compare key');
  if (c.target === 'value') {
    if (c.op !== '=' && c.op !== '!=') throw invalid(`A value compare takes = or !=, not ${String(c.op)}.`);
    checkValue(c.value);
    return;
  }
  if (!NUMBER_TARGETS.has(c.target)) throw invalid(`Unknown compare target ${String((c as { target: unknown }).target)}.`);
  if (!NUMBER_OPS.has(c.op)) throw invalid(`Unknown compare operator ${String(c.op)}.`);
  if (typeof c.value !== 'number' || !Number.isFinite(c.value)) throw invalid(`A ${c.target} compare needs a finite number.`);
}

/**
 * etcd refuses a branch that writes one key twice (two puts, or a put inside a deleted key or
 * prefix): the outcome would depend on op order in a way etcd does not define. Same rule here, so
 * code tested on memory behaves the same on etcd.
 */
function checkOps(ops: readonly TxnOp[], branch: string): void {
  if (!Array.isArray(ops)) throw invalid(`The ${branch} branch must be an array of ops.`);
  const puts = new Set<string>();
  const deletedKeys = new Set<string>();
  const deletedPrefixes: string[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'put':
        checkKey(op.key);
        checkValue(op.value);
        if (op.lease !== undefined && (typeof op.lease !== 'string' || op.lease === '')) throw invalid('A lease id must be a non-empty string.');
        if (puts.has(op.key)) throw invalid(`The ${branch} branch writes ${op.key} twice.`);
        puts.add(op.key);
        break;
      case 'delete':
        checkKey(op.key);
        deletedKeys.add(op.key);
        break;
      case 'deletePrefix':
        if (typeof op.prefix !== 'string') throw invalid('A deletePrefix needs a string prefix.');
        deletedPrefixes.push(op.prefix);
        break;
      case 'get':
        checkKey(op.key);
        break;
      default:
        throw invalid(`Unknown transaction op ${String((op as { op: unknown }).op)}.`);
    }
  }
  for (const key of puts) {
    if (deletedKeys.has(key) || deletedPrefixes.some((p) => key.startsWith(p))) {
      throw invalid(`The ${branch} branch both puts and deletes ${key}.`);
    }
  }
}

export function checkRequest(request: TxnRequest): void {
  if (typeof request !== 'object' || request === null) throw invalid('A transaction needs a request object.');
  const compares = request.compare ?? [];
  if (!Array.isArray(compares)) throw invalid('compare must be an array.');
  compares.forEach(checkCompare);
  checkOps(request.success, 'success');
  checkOps(request.failure ?? [], 'failure');
}

function holds(c: Compare, kv: KeyValue | null): boolean {
  if (c.target === 'value') {
    // etcd: a value compare on a missing key is false whatever the operator; there is no value.
    if (kv === null) return false;
    return c.op === '=' ? kv.value === c.value : kv.value !== c.value;
  }
  const actual = kv === null ? 0 : kv[c.target];
  switch (c.op) {
    case '=': return actual === c.value;
    case '!=': return actual !== c.value;
    case '<': return actual < c.value;
    case '>': return actual > c.value;
  }
}

export type LeaseCheck = (id: string) => boolean;

/** Validates, evaluates and applies `request`; call inside backend.transact. */
export function applyTxn(backend: KvBackend, request: TxnRequest, leaseIsLive: LeaseCheck): TxnOutcome {
  checkRequest(request);
  const succeeded = (request.compare ?? []).every((c) => holds(c, backend.get(c.key)));
  const ops = succeeded ? request.success : (request.failure ?? []);
  for (const op of ops) {
    if (op.op === 'put' && op.lease !== undefined && !leaseIsLive(op.lease)) {
      throw new ClusterError(Win32.ERROR_NOT_FOUND, `Lease ${op.lease} does not exist (it expired or was revoked).`);
    }
  }
  const revision = backend.revision() + 1;
  const gets: (KeyValue | null)[] = [];
  const events: WatchEvent[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'put': {
        const previous = backend.get(op.key);
        const kv: KeyValue = {
          key: op.key,
          value: op.value,
          createRevision: previous?.createRevision ?? revision,
          modRevision: revision,
          version: (previous?.version ?? 0) + 1,
          lease: op.lease ?? null,
        };
        backend.write(kv);
        events.push({ type: 'put', kv, revision });
        break;
      }
      case 'delete':
        if (backend.get(op.key) !== null) {
          backend.remove(op.key);
          events.push({ type: 'delete', key: op.key, revision });
        }
        break;
      case 'deletePrefix':
        for (const kv of backend.range(op.prefix, 0)) {
          backend.remove(kv.key);
          events.push({ type: 'delete', key: kv.key, revision });
        }
        break;
      case 'get':
        gets.push(backend.get(op.key));
        break;
    }
  }
  if (events.length === 0) return { succeeded, revision: revision - 1, gets, events };
  backend.setRevision(revision);
  backend.appendHistory(events);
  return { succeeded, revision, gets, events };
}

/** Deletes the keys attached to a lease and the lease itself, at one revision when any key was attached. */
export function applyLeaseEnd(backend: KvBackend, leaseId: string): WatchEvent[] {
  const keys = backend.keysOfLease(leaseId);
  backend.removeLease(leaseId);
  if (keys.length === 0) return [];
  const revision = backend.revision() + 1;
  const events: WatchEvent[] = keys.map((key) => ({ type: 'delete', key, revision }));
  for (const key of keys) backend.remove(key);
  backend.setRevision(revision);
  backend.appendHistory(events);
  return events;
}
