/**
 * The memory backend: keys in a Map plus a sorted key list (binary search for prefix ranges, so
 * listing one prefix of 10,000 keys does not sort them all), the change history since the last
 * compaction as one array ordered by revision, and leases with their attached keys.
 */
import type { KeyValue, WatchEvent } from '../port.js';
import type { KvBackend, LeaseRecord } from './backend.js';
import { compareKeys } from './keys.js';

/** Index of the first element of `sorted` that is >= `key` (code-point order). */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(sorted[mid] as string, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MapBackend implements KvBackend {
  private readonly kvs = new Map<string, KeyValue>();
  private readonly sortedKeys: string[] = [];
  private readonly changes: WatchEvent[] = [];
  private readonly leaseRecords = new Map<string, LeaseRecord>();
  private readonly leaseKeys = new Map<string, Set<string>>();
  // etcd's fresh cluster is at revision 1 (the first write is 2); starting there too keeps
  // revision 0 meaning "never existed" and the adapters alike.
  private currentRevision = 1;
  private compacted = 0;
  private leaseCounter = 0;

  transact<T>(fn: () => T): T {
    // txn.ts validates every op before the first write, so a throw never leaves half a change here.
    return fn();
  }

  revision(): number {
    return this.currentRevision;
  }

  setRevision(revision: number): void {
    this.currentRevision = revision;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  get(key: string): KeyValue | null {
    return this.kvs.get(key) ?? null;
  }

  range(prefix: string, limit: number): KeyValue[] {
    const out: KeyValue[] = [];
    for (let i = lowerBound(this.sortedKeys, prefix); i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i] as string;
      if (!key.startsWith(prefix)) break;
      out.push(this.kvs.get(key) as KeyValue);
      if (out.length === limit) break;
    }
    return out;
  }

  write(kv: KeyValue): void {
    const previous = this.kvs.get(kv.key);
    if (previous === undefined) this.sortedKeys.splice(lowerBound(this.sortedKeys, kv.key), 0, kv.key);
    else if (previous.lease !== null) this.leaseKeys.get(previous.lease)?.delete(kv.key);
    this.kvs.set(kv.key, kv);
    if (kv.lease !== null) this.leaseKeys.get(kv.lease)?.add(kv.key);
  }

  remove(key: string): void {
    const previous = this.kvs.get(key);
    if (previous === undefined) return;
    this.kvs.delete(key);
    this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 1);
    if (previous.lease !== null) this.leaseKeys.get(previous.lease)?.delete(key);
  }

  appendHistory(events: readonly WatchEvent[]): void {
    for (const event of events) this.changes.push(event);
  }

  history(fromRevision: number, prefix: string): WatchEvent[] {
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.changes[mid] as WatchEvent).revision < fromRevision) lo = mid + 1;
      else hi = mid;
    }
    const out: WatchEvent[] = [];
    for (let i = lo; i < this.changes.length; i++) {
      const event = this.changes[i] as WatchEvent;
      if ((event.type === 'put' ? event.kv.key : event.key).startsWith(prefix)) out.push(event);
    }
    return out;
  }

  compact(revision: number): void {
    let drop = 0;
    while (drop < this.changes.length && (this.changes[drop] as WatchEvent).revision < revision) drop++;
    this.changes.splice(0, drop);
    this.compacted = revision;
  }

  nextLeaseId(): string {
    return String(++this.leaseCounter);
  }

  lease(id: string): LeaseRecord | null {
    return this.leaseRecords.get(id) ?? null;
  }

  leases(): LeaseRecord[] {
    return [...this.leaseRecords.values()];
  }

  writeLease(lease: LeaseRecord): void {
    this.leaseRecords.set(lease.id, lease);
    if (!this.leaseKeys.has(lease.id)) this.leaseKeys.set(lease.id, new Set());
  }

  removeLease(id: string): void {
    this.leaseRecords.delete(id);
    this.leaseKeys.delete(id);
  }

  keysOfLease(id: string): string[] {
    return [...(this.leaseKeys.get(id) ?? [])].sort(compareKeys);
  }

  close(): void {
    // Nothing to release: the maps go with the store object.
  }
}
