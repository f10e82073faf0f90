/**
 * Opening the SQLite file: the settings that make an acknowledged commit durable, the exclusive
 * lock that keeps a second process out, and the tables. Why each setting: docs/adr/0004-store.md.
 */
import Database from 'better-sqlite3';
import { ClusterError, Win32 } from '../../core/errors.js';

export const SCHEMA_VERSION = 1;

const TABLES = `
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (name, value) VALUES
  ('schema', ${SCHEMA_VERSION}), ('revision', 1), ('compacted', 0), ('lease_counter', 0);

CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  create_rev INTEGER NOT NULL,
  mod_rev    INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  lease      TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_by_lease ON kv (lease) WHERE lease IS NOT NULL;

-- One row per changed key per revision since the last compaction: what a watch replays.
CREATE TABLE IF NOT EXISTS changes (
  rev        INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('put', 'delete')),
  key        TEXT NOT NULL,
  value      TEXT,
  create_rev INTEGER,
  version    INTEGER,
  lease      TEXT,
  PRIMARY KEY (rev, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS leases (
  id         TEXT PRIMARY KEY,
  ttl_ms     INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Opens (creating if needed) the store file with its durability settings and lock held. */
export function openDatabase(path: string): Database.Database {
  // timeout 0: a second opener must fail at once, not wait on the lock the first one never drops.
  const db = new Database(path, { timeout: 0 });
  try {
    // EXCLUSIVE before the first access: the lock taken by the first write below is held until
    // close, and the WAL index lives in heap memory instead of a -shm file.
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (got ${String(mode)})`);
    // FULL: in WAL mode, fsync the WAL at every commit, so a resolved write survives power loss.
    db.pragma('synchronous = FULL');
    // 2 MB page cache (better-sqlite3's default is ~16 MB): the daemon reads the database at start,
    // then mostly appends, so a large cache only holds resident memory.
    db.pragma('cache_size = -2000');
    db.exec(`BEGIN IMMEDIATE; ${TABLES} COMMIT;`);
    const schema = db.prepare("SELECT value FROM meta WHERE name = 'schema'").pluck().get();
    if (schema !== SCHEMA_VERSION) {
      throw new ClusterError(Win32.ERROR_INVALID_STATE, `${path} has store schema ${String(schema)}; this Wolfpack reads schema ${SCHEMA_VERSION}.`);
    }
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new ClusterError(
        Win32.ERROR_INVALID_STATE,
        `The store file ${path} is open in another process. The sqlite store is single-process: stop the other daemon, or use etcd for many nodes.`,
      );
    }
    throw error;
  }
}
