/**
 * What a local adapter must provide to LocalStore: synchronous primitives over keys, a history
 * of changes and leases. LocalStore holds every etcd rule (revisions, compares, duplicate keys,
 * lease expiry, watch replay); a backend only stores rows. Synchronous on purpose: this daemon is
 * the single writer, so a transaction, the read that replays a watch and the registration of its
 * listener run in one turn of the event loop and nothing can slip between them (no gaps).
 */
import type { KeyValue, WatchEvent } from '../port.js';

export interface LeaseRecord {
  readonly id: string;
  readonly ttlMs: number;
  /** Wall-clock milliseconds since the epoch (Clock.now()) at which the lease ends. */
  readonly expiresAt: number;
}

export interface KvBackend {
  /** Runs `fn` atomically: all its writes commit (durably, for a file) or none do. Never nested. */
  transact<T>(fn: () => T): T;
  revision(): number;
  setRevision(revision: number): void;
  /** History before this revision is gone (0 when never compacted). */
  compactedRevision(): number;
  get(key: string): KeyValue | null;
  /** Keys starting with `prefix` in code-point order; `limit` 0 means all. */
  range(prefix: string, limit: number): KeyValue[];
  write(kv: KeyValue): void;
  remove(key: string): void;
  /** Appends the changes of one revision, in order. */
  appendHistory(events: readonly WatchEvent[]): void;
  /** Changes with revision >= fromRevision to keys starting with `prefix`, in order. */
  history(fromRevision: number, prefix: string): WatchEvent[];
  /** Drops history before `revision` and records it as the compacted revision. */
  compact(revision: number): void;
  nextLeaseId(): string;
  lease(id: string): LeaseRecord | null;
  leases(): LeaseRecord[];
  writeLease(lease: LeaseRecord): void;
  removeLease(id: string): void;
  /** Keys attached to the lease, in code-point order. */
  keysOfLease(id: string): string[];
  close(): void;
}
