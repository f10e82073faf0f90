/**
 * The etcd adapter: the ClusterStore on an etcd v3 cluster (3.4 or later), for many nodes. Give it
 * every member's client endpoint; calls go to the first that answers and move on when it fails,
 * and watches resume on another member without losing or repeating an event. docs/store.md has
 * the error mapping and the failure behaviour.
 */
import { ClusterError, Win32 } from '../../core/errors.js';
import { Keyspace } from './codec.js';
import { MemberPool, type ConnectionOptions } from './connection.js';
import { EtcdStore } from './store.js';

export { EtcdStore } from './store.js';

export interface EtcdStoreOptions extends ConnectionOptions {
  /**
   * Prepended to every key and stripped from every result, so the store sees only its own keys
   * (tests give each store its own). Revisions, compaction and leases stay cluster-wide.
   */
  readonly prefix?: string;
}

/** host:port, or http://host:port as etcd prints it; https (TLS) is not supported yet. */
export function normalizeEndpoint(endpoint: string): string {
  const bare = endpoint.trim().replace(/^http:\/\//, '').replace(/\/$/, '');
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$/.test(bare)) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${JSON.stringify(endpoint)} is not an etcd endpoint: give host:port (e.g. 127.0.0.1:2379).`);
  }
  return bare;
}

/**
 * Connects to the cluster and checks that a member answers: rejects with 1722 when none does
 * within failoverTimeoutMs, and with 87 for a malformed endpoint list.
 */
export async function openEtcdStore(endpoints: readonly string[], options: EtcdStoreOptions = {}): Promise<EtcdStore> {
  if (!Array.isArray(endpoints) || endpoints.length === 0) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'The etcd store needs at least one endpoint (host:port).');
  }
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'An etcd key prefix must be a string.');
  for (const [name, value] of Object.entries({ requestTimeoutMs: options.requestTimeoutMs, failoverTimeoutMs: options.failoverTimeoutMs, keepaliveMs: options.keepaliveMs })) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${name} must be a positive number of milliseconds.`);
    }
  }
  const pool = new MemberPool(endpoints.map(normalizeEndpoint), options);
  const store = new EtcdStore(pool, new Keyspace(prefix));
  try {
    await store.revision();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** `etcd://host:port,host:port,...` (a trailing slash is allowed) to the endpoint list. */
export function parseEtcdUrl(url: string): string[] {
  const match = /^etcd:\/\/([^/?#]+)\/?$/.exec(url);
  if (!match) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `Bad etcd store URL ${url}: use etcd://host:port,host:port,... with every member's client endpoint.`);
  }
  return (match[1] as string).split(',').map(normalizeEndpoint);
}
