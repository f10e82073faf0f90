/**
 * LocalStore: the ClusterStore for a store that lives in this process, over a synchronous
 * KvBackend (memory maps, or an SQLite file). It owns the etcd semantics both local adapters
 * share: transactions (txn.ts), watches with replay (watch-hub.ts), lease expiry on timers of an
 * injected Clock, compaction and close. The etcd adapter does not use it: etcd does all of this
 * server-side, and the conformance suite holds the three to the same behaviour.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { ClusterError, Win32 } from '../../core/errors.js';
import type {
  ClusterStore, KeyValue, Lease, RangeResult, TxnRequest, TxnResult, WatchEvent, WatchOptions, Watcher,
} from '../port.js';
import type { KvBackend } from './backend.js';
import { checkKey, checkValue } from './keys.js';
import { applyLeaseEnd, applyTxn, type TxnOutcome } from './txn.js';
import { WatchHub } from './watch-hub.js';

/** When a lease's expiry write fails (e.g. disk full), try again after this long. */
const EXPIRY_RETRY_MS = 1_000;

export class LocalStore implements ClusterStore {
  private readonly hub = new WatchHub();
  private readonly leaseTimers = new Map<string, TimerHandle>();
  private closed = false;

  constructor(
    readonly kind: 'memory' | 'sqlite',
    private readonly backend: KvBackend,
    private readonly clock: Clock,
  ) {
    // Leases survive in a file across restarts, on wall-clock time: those that ended while the
    // daemon was down end now (their keys deleted), the rest get their timers back.
    for (const lease of [...backend.leases()].sort((a, b) => a.expiresAt - b.expiresAt)) {
      if (lease.expiresAt <= clock.now()) this.expire(lease.id);
      else this.schedule(lease.id, lease.expiresAt);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new ClusterError(Win32.ERROR_INVALID_HANDLE, `The ${this.kind} cluster store is closed.`);
  }

  async get(key: string): Promise<KeyValue | null> {
    this.ensureOpen();
    checkKey(key);
    return this.backend.get(key);
  }

  async range(prefix: string, options?: { readonly limit?: number }): Promise<RangeResult> {
    this.ensureOpen();
    if (typeof prefix !== 'string') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A range needs a string prefix.');
    const limit = options?.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A range limit must be a non-negative integer (0: no limit).');
    }
    return { kvs: this.backend.range(prefix, limit), revision: this.backend.revision() };
  }

  async put(key: string, value: string, options?: { readonly lease?: string }): Promise<number> {
    checkKey(key);
    checkValue(value);
    const lease = options?.lease;
    const result = await this.txn({ success: [lease === undefined ? { op: 'put', key, value } : { op: 'put', key, value, lease }] });
    return result.revision;
  }

  async delete(key: string): Promise<number> {
    checkKey(key);
    return (await this.txn({ success: [{ op: 'delete', key }] })).revision;
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    this.ensureOpen();
    const outcome: TxnOutcome = this.backend.transact(() => applyTxn(this.backend, request, (id) => this.leaseIsLive(id)));
    this.hub.publish(outcome.events);
    return { succeeded: outcome.succeeded, revision: outcome.revision, gets: outcome.gets };
  }

  async watch(prefix: string, listener: (event: WatchEvent) => void, options?: WatchOptions): Promise<Watcher> {
    this.ensureOpen();
    if (typeof prefix !== 'string') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A watch needs a string prefix.');
    if (typeof listener !== 'function') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A watch needs a listener.');
    const current = this.backend.revision();
    const fromRevision = options?.fromRevision ?? current + 1;
    if (!Number.isInteger(fromRevision) || fromRevision < 0) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'fromRevision must be a non-negative integer.');
    }
    const spec = { prefix, fromRevision, listener, onError: options?.onError };
    const compacted = this.backend.compactedRevision();
    if (fromRevision < compacted) {
      const error = new ClusterError(
        Win32.ERROR_INVALID_STATE,
        `Cannot watch from revision ${fromRevision}: history before revision ${compacted} was compacted. Read the current state and watch from its revision + 1.`,
      );
      if (!spec.onError) throw error;
      return this.hub.failed(spec, error);
    }
    // Replay and registration in one synchronous step: no commit can land between them.
    const replay = fromRevision <= current ? this.backend.history(fromRevision, prefix) : [];
    return this.hub.add(spec, replay);
  }

  async grantLease(ttlMs: number): Promise<Lease> {
    this.ensureOpen();
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A lease TTL must be a positive number of milliseconds.');
    }
    const ttl = Math.ceil(ttlMs);
    const expiresAt = this.clock.now() + ttl;
    const id = this.backend.transact(() => {
      const leaseId = this.backend.nextLeaseId();
      this.backend.writeLease({ id: leaseId, ttlMs: ttl, expiresAt });
      return leaseId;
    });
    this.schedule(id, expiresAt);
    return {
      id,
      ttlMs: ttl,
      keepAlive: () => this.keepAlive(id),
      revoke: () => this.revoke(id),
    };
  }

  private leaseIsLive(id: string): boolean {
    const lease = this.backend.lease(id);
    return lease !== null && lease.expiresAt > this.clock.now();
  }

  private async keepAlive(id: string): Promise<void> {
    this.ensureOpen();
    const lease = this.backend.lease(id);
    if (lease !== null && lease.expiresAt <= this.clock.now()) this.expire(id); // its timer is late; end it now
    if (lease === null || !this.leaseIsLive(id)) {
      throw new ClusterError(Win32.ERROR_NOT_FOUND, `Lease ${id} has expired or was revoked.`);
    }
    const expiresAt = this.clock.now() + lease.ttlMs;
    this.backend.transact(() => this.backend.writeLease({ ...lease, expiresAt }));
    this.schedule(id, expiresAt);
  }

  private async revoke(id: string): Promise<void> {
    this.ensureOpen();
    this.leaseTimers.get(id)?.cancel();
    this.leaseTimers.delete(id);
    if (this.backend.lease(id) === null) return; // already ended: revoking twice is harmless
    this.hub.publish(this.backend.transact(() => applyLeaseEnd(this.backend, id)));
  }

  private schedule(id: string, expiresAt: number): void {
    this.leaseTimers.get(id)?.cancel();
    this.leaseTimers.set(id, this.clock.setTimer(expiresAt - this.clock.now(), () => this.expire(id)));
  }

  /** Ends the lease if its time has come (a timer may fire early, or late after a keepAlive). */
  private expire(id: string): void {
    this.leaseTimers.delete(id);
    if (this.closed) return;
    try {
      const lease = this.backend.lease(id);
      if (lease === null) return;
      if (lease.expiresAt > this.clock.now()) {
        this.schedule(id, lease.expiresAt);
        return;
      }
      this.hub.publish(this.backend.transact(() => applyLeaseEnd(this.backend, id)));
    } catch {
      // The write failed (the file is unwritable): the keys stay until a retry succeeds, which is
      // the safe side for a membership lease only if the retry happens, so keep trying.
      this.leaseTimers.set(id, this.clock.setTimer(EXPIRY_RETRY_MS, () => this.expire(id)));
    }
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    const current = this.backend.revision();
    if (!Number.isInteger(revision) || revision < 0 || revision > current) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `Cannot compact to revision ${revision}: the store is at revision ${current}.`);
    }
    if (revision <= this.backend.compactedRevision()) return; // already forgotten: nothing to do
    this.backend.transact(() => this.backend.compact(revision));
  }

  async revision(): Promise<number> {
    this.ensureOpen();
    return this.backend.revision();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.stopAll();
    for (const timer of this.leaseTimers.values()) timer.cancel();
    this.leaseTimers.clear();
    this.backend.close();
  }

  /** For tests and diagnostics: live watchers and armed lease timers. */
  stats(): { watchers: number; leaseTimers: number } {
    return { watchers: this.hub.size, leaseTimers: this.leaseTimers.size };
  }
}
