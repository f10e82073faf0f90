/**
 * The store's public face: the port's types, the local adapters, and openStore(url), which the
 * daemon calls with its --store option. URLs: `memory:` (nothing persists), `sqlite:/path/file.db`
 * or a plain path (the embedded default), `etcd://host:port,host:port,...` (many nodes: every
 * member's client endpoint).
 */
import type { Clock } from '../core/clock.js';
import { ClusterError, Win32 } from '../core/errors.js';
import { openEtcdStore, parseEtcdUrl } from './etcd/index.js';
import { createMemoryStore } from './memory/index.js';
import type { ClusterStore } from './port.js';
import { openSqliteStore } from './sqlite/index.js';

export type * from './port.js';
export { EtcdStore, openEtcdStore, parseEtcdUrl, type EtcdStoreOptions } from './etcd/index.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory/index.js';
export { LocalStore } from './memory/local-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';

export interface OpenStoreOptions {
  /** Time for lease expiry in the local adapters (default: wall time and Node timers); etcd keeps its own. */
  readonly clock?: Clock;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<ClusterStore> {
  const local = options.clock ? { clock: options.clock } : {};
  if (url === 'memory:' || url === 'memory') return createMemoryStore(local);
  if (url.startsWith('sqlite:')) {
    // sqlite:///abs and sqlite:/abs both name /abs; no percent-decoding, a path is taken as written.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A sqlite: store URL needs a file path, e.g. sqlite:/var/lib/wolfpack/store.db.');
    return openSqliteStore(path, local);
  }
  if (url.startsWith('etcd:')) return openEtcdStore(parseEtcdUrl(url));
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/') && !url.startsWith('.')) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `Unknown store URL ${url}: use memory:, sqlite:/path/to/file.db, etcd://host:port,... or a plain path.`);
  }
  if (url === '') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'The store location is empty.');
  return openSqliteStore(url, local);
}
