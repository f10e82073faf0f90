/**
 * The sqlite adapter, Wolfpack's embedded default: one file, WAL, fsync at every commit, held by
 * one process. Semantics come from LocalStore (shared with memory); this folder only stores rows.
 */
import type { Clock } from '../../core/clock.js';
import { LocalStore } from '../memory/local-store.js';
import { realClock } from '../memory/real-clock.js';
import { openDatabase } from './schema.js';
import { SqliteBackend } from './sqlite-backend.js';

export interface SqliteStoreOptions {
  /** Wall time for lease expiry (default: Date.now and Node timers). Leases persist as epoch ms. */
  readonly clock?: Clock;
}

/**
 * Opens the store file at `path` (created if missing; its directory must exist). Rejects with
 * 5023 when another process holds the file. Leases that ended while nobody had the file open end
 * now, deleting their keys.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<LocalStore> {
  const db = openDatabase(path);
  try {
    return new LocalStore('sqlite', new SqliteBackend(db), options.clock ?? realClock);
  } catch (error) {
    db.close();
    throw error;
  }
}
