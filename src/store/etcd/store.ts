/**
 * EtcdStore: the ClusterStore on a real etcd cluster. etcd holds the semantics (revisions,
 * compares, duplicate-key refusal, lease expiry, watch history); this class translates calls,
 * picks members (connection.ts), maps errors (errors.ts) and keeps watches alive (watch.ts).
 * With a `prefix`, the store sees only keys under it, stripped; revisions stay the cluster's.
 */
import { ClusterError, Win32 } from '../../core/errors.js';
import { checkKey, checkValue } from '../memory/keys.js';
import type {
  ClusterStore, KeyValue, Lease, RangeResult, TxnRequest, TxnResult, WatchEvent, WatchOptions, Watcher,
} from '../port.js';
import { checkLeaseId, leaseWire, toNumber, type Keyspace } from './codec.js';
import type { MemberPool } from './connection.js';
import { findLease, grantLease } from './lease.js';
import { toEtcdTxn, txnGets } from './txn.js';
import { EtcdWatch } from './watch.js';

/** Any single key: a read of it tells the cluster's revision. */
const ANY_KEY = Buffer.from([0]);

export class EtcdStore implements ClusterStore {
  readonly kind = 'etcd' as const;
  private readonly watches = new Set<EtcdWatch>();

  constructor(
    private readonly pool: MemberPool,
    private readonly keys: Keyspace,
  ) {}

  /** The member calls go to now (host:port), for diagnostics and tests. */
  get endpoint(): string {
    return this.pool.endpoint;
  }

  async get(key: string): Promise<KeyValue | null> {
    this.pool.ensureOpen();
    checkKey(key);
    const response = await this.pool.call('get', 'always', (c) => c.range({ key: this.keys.key(key) }));
    const kv = response.kvs[0];
    return kv ? this.keys.kv(kv) : null;
  }

  async range(prefix: string, options?: { readonly limit?: number }): Promise<RangeResult> {
    this.pool.ensureOpen();
    if (typeof prefix !== 'string') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A range needs a string prefix.');
    const limit = options?.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A range limit must be a non-negative integer (0: no limit).');
    }
    // etcd returns a range in key (byte) order unless asked to sort otherwise.
    const response = await this.pool.call('range', 'always', (c) => c.range({ ...this.keys.range(prefix), limit }));
    return { kvs: response.kvs.map((kv) => this.keys.kv(kv)), revision: toNumber(response.header.revision) };
  }

  async put(key: string, value: string, options?: { readonly lease?: string }): Promise<number> {
    this.pool.ensureOpen();
    checkKey(key);
    checkValue(value);
    const lease = options?.lease;
    if (lease !== undefined) checkLeaseId(lease);
    const request = { key: this.keys.key(key), value: Buffer.from(value, 'utf8'), ...(lease === undefined ? {} : { lease: leaseWire(lease) }) };
    const response = await this.pool.call('put', 'unsent', (c) => c.put(request));
    return toNumber(response.header.revision);
  }

  async delete(key: string): Promise<number> {
    this.pool.ensureOpen();
    checkKey(key);
    // Deleting twice deletes once: safe to resend.
    const response = await this.pool.call('delete', 'always', (c) => c.deleteRange({ key: this.keys.key(key) }));
    return toNumber(response.header.revision);
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    this.pool.ensureOpen();
    const etcdRequest = toEtcdTxn(this.keys, request);
    const writes = [...request.success, ...(request.failure ?? [])].some((op) => op.op !== 'get');
    const response = await this.pool.call('txn', writes ? 'unsent' : 'always', (c) => c.txn(etcdRequest));
    return { succeeded: response.succeeded, revision: toNumber(response.header.revision), gets: txnGets(this.keys, request, response) };
  }

  async watch(prefix: string, listener: (event: WatchEvent) => void, options?: WatchOptions): Promise<Watcher> {
    this.pool.ensureOpen();
    if (typeof prefix !== 'string') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A watch needs a string prefix.');
    if (typeof listener !== 'function') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A watch needs a listener.');
    const fromRevision = options?.fromRevision;
    if (fromRevision !== undefined && (!Number.isInteger(fromRevision) || fromRevision < 0)) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'fromRevision must be a non-negative integer.');
    }
    // etcd reports a compacted start revision on the stream, after the watch was created; the port
    // wants watch() itself to reject when nobody listens for errors, so ask first.
    if (fromRevision !== undefined && !options?.onError) await this.checkNotCompacted(prefix, fromRevision);
    const watch = new EtcdWatch(this.pool, this.keys, { prefix, fromRevision, listener, onError: options?.onError }, (w) => this.watches.delete(w));
    this.watches.add(watch);
    await watch.start();
    return watch;
  }

  private async checkNotCompacted(prefix: string, fromRevision: number): Promise<void> {
    const revision = Math.max(1, fromRevision);
    try {
      await this.pool.call('watch', 'always', (c) => c.range({ ...this.keys.range(prefix), revision, limit: 1, keys_only: true }));
    } catch (error) {
      if ((error as { code?: unknown }).code === Win32.ERROR_INVALID_STATE) {
        throw new ClusterError(
          Win32.ERROR_INVALID_STATE,
          `Cannot watch from revision ${fromRevision}: that history was compacted. Read the current state and watch from its revision + 1.`,
        );
      }
      // A future revision (87) is fine: the watch waits for it.
      if ((error as { code?: unknown }).code !== Win32.ERROR_INVALID_PARAMETER) throw error;
    }
  }

  grantLease(ttlMs: number): Promise<Lease> {
    return grantLease(this.pool, ttlMs);
  }

  /** A lease granted earlier, by id (not part of the port): 1168 when it has ended. */
  lease(id: string): Promise<Lease> {
    return findLease(this.pool, id);
  }

  async compact(revision: number): Promise<void> {
    this.pool.ensureOpen();
    if (!Number.isInteger(revision) || revision < 0) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `Cannot compact to revision ${revision}: a revision is a non-negative integer.`);
    }
    if (revision <= 1) return; // nothing comes before the first revision
    try {
      // Compacting twice compacts once: safe to resend.
      await this.pool.call('compact', 'always', (c) => c.compact({ revision, physical: false }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === Win32.ERROR_INVALID_STATE) return; // at or below an earlier compaction: nothing to do
      if (code === Win32.ERROR_INVALID_PARAMETER) {
        throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `Cannot compact to revision ${revision}: the store has not reached it.`);
      }
      throw error;
    }
  }

  async revision(): Promise<number> {
    this.pool.ensureOpen();
    const response = await this.pool.call('revision', 'always', (c) => c.range({ key: ANY_KEY, keys_only: true }));
    return toNumber(response.header.revision);
  }

  async close(): Promise<void> {
    if (this.pool.isClosed) return;
    for (const watch of [...this.watches]) watch.stop();
    this.watches.clear();
    this.pool.close();
  }

  /** For tests and diagnostics: live watches. */
  stats(): { watchers: number; endpoint: string } {
    return { watchers: this.watches.size, endpoint: this.pool.endpoint };
  }
}
