/**
 * Between the port's strings and etcd's bytes: the store's key prefix (prepended on the way in,
 * stripped on the way out), prefix ranges as etcd's [key, range_end), int64 fields (decimal
 * strings on the wire) as numbers, and lease ids as the decimal strings the port uses.
 */
import type { IKeyValue } from 'etcd3';
import { ClusterError, Win32 } from '../../core/errors.js';
import type { KeyValue } from '../port.js';

/** etcd's "no upper bound" range_end, and with key "\0" its "every key". */
const NUL = Buffer.from([0]);
const INT64_MAX = 9_223_372_036_854_775_807n;

export class Keyspace {
  private readonly prefix: Buffer;

  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix, 'utf8');
  }

  key(key: string): Buffer {
    return Buffer.concat([this.prefix, Buffer.from(key, 'utf8')]);
  }

  /** [key, range_end) covering every key that starts with `prefix` (etcd compares bytes). */
  range(prefix: string): { key: Buffer; range_end: Buffer } {
    const start = this.key(prefix);
    if (start.length === 0) return { key: NUL, range_end: NUL };
    return { key: start, range_end: rangeEnd(start) };
  }

  strip(key: Buffer): string {
    // etcd only returns keys inside the ranges we asked for, all of which start with the prefix.
    return key.subarray(this.prefix.length).toString('utf8');
  }

  kv(raw: IKeyValue): KeyValue {
    const lease = String(raw.lease);
    return {
      key: this.strip(raw.key),
      value: raw.value.toString('utf8'),
      createRevision: toNumber(raw.create_revision),
      modRevision: toNumber(raw.mod_revision),
      version: toNumber(raw.version),
      lease: lease === '0' ? null : lease,
    };
  }
}

/** The smallest byte string greater than every string starting with `start`. */
export function rangeEnd(start: Buffer): Buffer {
  const end = Buffer.from(start);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return NUL;
}

/**
 * int64 fields arrive as decimal strings. Revisions and versions stay far below 2^53 in any real
 * cluster (a million writes a second for 285 years), so a number is exact.
 */
export function toNumber(value: string | number | undefined | null): number {
  return value === undefined || value === null ? 0 : Number(value);
}

/**
 * A lease id as etcd takes it. A string that cannot name an etcd lease becomes -1, which names no
 * lease (this adapter never asks for an id of its own), so etcd refuses the put with "lease not
 * found" exactly when that branch runs, as it does for any lease that does not exist.
 */
export function leaseWire(id: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(id) || BigInt(id) > INT64_MAX) return '-1';
  return id;
}

export function checkLeaseId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A lease id must be a non-empty string.');
  }
}
