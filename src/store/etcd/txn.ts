/**
 * The port's transactions as etcd's: compares, the two branches of put / delete / deletePrefix /
 * get ops, and the responses back as `gets` in op order. Requests are checked with the same
 * function the local adapters use (memory/txn.ts), so a malformed request or a branch that writes
 * one key twice is refused with the same 87 and message before it travels.
 */
import { CompareResult, CompareTarget, type ICompare, type IRequestOp, type ITxnRequest, type ITxnResponse } from 'etcd3';
import { checkRequest } from '../memory/txn.js';
import type { Compare, KeyValue, TxnOp, TxnRequest } from '../port.js';
import { leaseWire, type Keyspace } from './codec.js';

const TARGETS = { version: CompareTarget.Version, createRevision: CompareTarget.Create, modRevision: CompareTarget.Mod } as const;
const FIELDS = { version: 'version', createRevision: 'create_revision', modRevision: 'mod_revision' } as const;

/**
 * etcd compares int64s; the port allows any finite number. A fraction is turned into the integer
 * compare that holds for exactly the same integers (x < 2.5 ⇔ x < 3), and = / != a fraction into
 * one that is always false / true (revisions and versions are never negative).
 */
function numberCompare(op: '=' | '!=' | '<' | '>', value: number): { result: CompareResult; value: number } {
  if (Number.isInteger(value)) {
    const result = { '=': CompareResult.Equal, '!=': CompareResult.NotEqual, '<': CompareResult.Less, '>': CompareResult.Greater }[op];
    return { result, value };
  }
  switch (op) {
    case '=': return { result: CompareResult.Less, value: 0 };
    case '!=': return { result: CompareResult.Greater, value: -1 };
    case '<': return { result: CompareResult.Less, value: Math.ceil(value) };
    case '>': return { result: CompareResult.Greater, value: Math.floor(value) };
  }
}

function compare(keys: Keyspace, c: Compare): ICompare {
  if (c.target === 'value') {
    return { key: keys.key(c.key), target: CompareTarget.Value, result: c.op === '=' ? CompareResult.Equal : CompareResult.NotEqual, value: Buffer.from(c.value, 'utf8') };
  }
  const { result, value } = numberCompare(c.op, c.value);
  return { key: keys.key(c.key), target: TARGETS[c.target], result, [FIELDS[c.target]]: value };
}

function requestOp(keys: Keyspace, op: TxnOp): IRequestOp {
  switch (op.op) {
    case 'put': {
      const put = { key: keys.key(op.key), value: Buffer.from(op.value, 'utf8') };
      return { request_put: op.lease === undefined ? put : { ...put, lease: leaseWire(op.lease) } };
    }
    case 'delete':
      return { request_delete_range: { key: keys.key(op.key) } };
    case 'deletePrefix':
      return { request_delete_range: keys.range(op.prefix) };
    case 'get':
      return { request_range: { key: keys.key(op.key) } };
  }
}

/** Validates `request` (87 as the local adapters) and builds etcd's. */
export function toEtcdTxn(keys: Keyspace, request: TxnRequest): ITxnRequest {
  checkRequest(request);
  return {
    compare: (request.compare ?? []).map((c) => compare(keys, c)),
    success: request.success.map((op) => requestOp(keys, op)),
    failure: (request.failure ?? []).map((op) => requestOp(keys, op)),
  };
}

/** The `get` results of the branch that ran, in op order. */
export function txnGets(keys: Keyspace, request: TxnRequest, response: ITxnResponse): (KeyValue | null)[] {
  const ops = response.succeeded ? request.success : (request.failure ?? []);
  const gets: (KeyValue | null)[] = [];
  ops.forEach((op, i) => {
    if (op.op !== 'get') return;
    const kv = response.responses[i]?.response_range?.kvs?.[0];
    gets.push(kv ? keys.kv(kv) : null);
  });
  return gets;
}
