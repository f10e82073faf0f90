/**
 * The cluster-database port: etcd's data model, so the embedded store and a real etcd cluster are
 * interchangeable. Keys are strings; values are strings (JSON by convention). Every change bumps
 * the store's revision; a key remembers the revision that created it and the one that last
 * modified it; transactions compare and swap atomically; watches deliver every change after a
 * revision, in order, with no gaps; leases expire keys attached to them.
 *
 * Adapters: memory/ (tests, simulation), sqlite/ (the embedded default: one file, WAL, durable
 * commit), etcd/ (many nodes). One conformance suite runs against all of them.
 */

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision of the change that created the key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the change that last wrote it. */
  readonly modRevision: number;
  /** Number of writes since creation (1 after the first put). */
  readonly version: number;
  /** The lease the key is attached to, or null. */
  readonly lease: string | null;
}

/**
 * A condition of a transaction, on one key. A missing key has version 0, createRevision 0,
 * modRevision 0; a `value` compare on a missing key is false whatever the operator (etcd's rule).
 */
export type Compare =
  | { readonly key: string; readonly target: 'value'; readonly op: '=' | '!='; readonly value: string }
  | { readonly key: string; readonly target: 'version' | 'createRevision' | 'modRevision'; readonly op: '=' | '!=' | '<' | '>'; readonly value: number };

export type TxnOp =
  | { readonly op: 'put'; readonly key: string; readonly value: string; readonly lease?: string }
  | { readonly op: 'delete'; readonly key: string }
  /** Deletes every key that starts with the prefix. */
  | { readonly op: 'deletePrefix'; readonly prefix: string }
  | { readonly op: 'get'; readonly key: string };

/**
 * All compares must hold for `success` to run, else `failure` runs. A branch's ops run in order at
 * one new revision (a `get` sees earlier writes of the same branch). A branch that puts one key
 * twice, or puts a key it also deletes, is refused with 87 (etcd's rule); a put to a lease that
 * does not exist (any more) fails the whole transaction with 1168.
 */
export interface TxnRequest {
  readonly compare?: readonly Compare[];
  readonly success: readonly TxnOp[];
  readonly failure?: readonly TxnOp[];
}

export interface TxnResult {
  readonly succeeded: boolean;
  /** The store's revision after the transaction (unchanged when it wrote nothing). */
  readonly revision: number;
  /** For each `get` of the branch that ran, in order: the key's value or null. */
  readonly gets: readonly (KeyValue | null)[];
}

export interface RangeResult {
  readonly kvs: readonly KeyValue[];
  /** The revision the read was made at. */
  readonly revision: number;
}

export type WatchEvent =
  | { readonly type: 'put'; readonly kv: KeyValue; readonly revision: number }
  | { readonly type: 'delete'; readonly key: string; readonly revision: number };

export interface Watcher {
  /** Stops delivery; resolves once no more events will be delivered. */
  cancel(): Promise<void>;
}

export interface WatchOptions {
  /** Deliver changes with revision >= fromRevision (default: the current revision + 1). */
  readonly fromRevision?: number;
  /**
   * Called when the watch cannot continue, after which it delivers nothing more: the start
   * revision was compacted (ClusterError 5023), the listener threw (that error), or the adapter's
   * own failure. Without onError a compacted start revision rejects watch() instead.
   */
  readonly onError?: (error: Error) => void;
}

export interface Lease {
  readonly id: string;
  readonly ttlMs: number;
  /** Extends the lease by its TTL from now; rejects with 1168 when it already expired or was revoked. */
  keepAlive(): Promise<void>;
  /** Ends the lease now, deleting every key attached to it at one revision; harmless when already ended. */
  revoke(): Promise<void>;
}

export interface ClusterStore {
  readonly kind: 'memory' | 'sqlite' | 'etcd';
  get(key: string): Promise<KeyValue | null>;
  /** Keys starting with `prefix`, in key order (UTF-8 bytes, as etcd); `limit` 0 or absent: all. */
  range(prefix: string, options?: { readonly limit?: number }): Promise<RangeResult>;
  put(key: string, value: string, options?: { readonly lease?: string }): Promise<number>;
  /** Resolves with the new revision, or the current one when the key did not exist. */
  delete(key: string): Promise<number>;
  txn(request: TxnRequest): Promise<TxnResult>;
  /** Every change to keys starting with `prefix`, in revision order, with no gaps. */
  watch(prefix: string, listener: (event: WatchEvent) => void, options?: WatchOptions): Promise<Watcher>;
  grantLease(ttlMs: number): Promise<Lease>;
  /**
   * Forgets history before `revision`; a later watch from an older revision fails (from `revision`
   * itself still works). A revision above the current one is refused with 87; one at or below an
   * earlier compaction is a no-op.
   */
  compact(revision: number): Promise<void>;
  revision(): Promise<number>;
  /** Ends every watch (without onError) and lease timer; later calls reject with 6. Idempotent. */
  close(): Promise<void>;
}
