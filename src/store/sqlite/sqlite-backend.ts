/**
 * The SQLite backend: rows for keys, the change history and leases in one file, every transaction
 * one BEGIN IMMEDIATE ... COMMIT (fsync'd, see schema.ts). The revision, the compaction point and
 * the lease counter are cached in memory, which is safe because this process holds the file's
 * exclusive lock; a rolled-back transaction restores the cache.
 */
import type Database from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../port.js';
import type { KvBackend, LeaseRecord } from '../memory/backend.js';
import { prefixEnd } from '../memory/keys.js';

const KV_COLUMNS = 'key, value, create_rev AS createRevision, mod_rev AS modRevision, version, lease';

interface ChangeRow {
  rev: number;
  type: 'put' | 'delete';
  key: string;
  value: string | null;
  create_rev: number | null;
  version: number | null;
  lease: string | null;
}

function toEvent(row: ChangeRow): WatchEvent {
  if (row.type === 'delete') return { type: 'delete', key: row.key, revision: row.rev };
  const kv: KeyValue = {
    key: row.key,
    value: row.value ?? '',
    createRevision: row.create_rev ?? row.rev,
    modRevision: row.rev,
    version: row.version ?? 1,
    lease: row.lease,
  };
  return { type: 'put', kv, revision: row.rev };
}

export class SqliteBackend implements KvBackend {
  private readonly runImmediate: (fn: () => unknown) => unknown;
  private rev: number;
  private compacted: number;
  private leaseCounter: number;
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    const tx = db.transaction((fn: () => unknown) => fn());
    this.runImmediate = (fn) => tx.immediate(fn);
    const meta = db.prepare<[string], number>('SELECT value FROM meta WHERE name = ?').pluck();
    this.rev = meta.get('revision') ?? 1;
    this.compacted = meta.get('compacted') ?? 0;
    this.leaseCounter = meta.get('lease_counter') ?? 0;
    this.sql = {
      setMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE name = ?'),
      get: db.prepare<[string], KeyValue>(`SELECT ${KV_COLUMNS} FROM kv WHERE key = ?`),
      rangeAll: db.prepare<[string, number], KeyValue>(`SELECT ${KV_COLUMNS} FROM kv WHERE key >= ? ORDER BY key LIMIT ?`),
      rangeTo: db.prepare<[string, string, number], KeyValue>(`SELECT ${KV_COLUMNS} FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`),
      write: db.prepare<[string, string, number, number, number, string | null]>(
        'INSERT OR REPLACE INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      remove: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
      append: db.prepare<[number, number, string, string, string | null, number | null, number | null, string | null]>(
        'INSERT INTO changes (rev, seq, type, key, value, create_rev, version, lease) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      historyAll: db.prepare<[number, string], ChangeRow>('SELECT * FROM changes WHERE rev >= ? AND key >= ? ORDER BY rev, seq'),
      historyTo: db.prepare<[number, string, string], ChangeRow>('SELECT * FROM changes WHERE rev >= ? AND key >= ? AND key < ? ORDER BY rev, seq'),
      compact: db.prepare<[number]>('DELETE FROM changes WHERE rev < ?'),
      lease: db.prepare<[string], LeaseRecord>('SELECT id, ttl_ms AS ttlMs, expires_at AS expiresAt FROM leases WHERE id = ?'),
      leases: db.prepare<[], LeaseRecord>('SELECT id, ttl_ms AS ttlMs, expires_at AS expiresAt FROM leases'),
      writeLease: db.prepare<[string, number, number]>('INSERT OR REPLACE INTO leases (id, ttl_ms, expires_at) VALUES (?, ?, ?)'),
      removeLease: db.prepare<[string]>('DELETE FROM leases WHERE id = ?'),
      keysOfLease: db.prepare<[string], string>('SELECT key FROM kv WHERE lease = ? ORDER BY key').pluck(),
    };
  }

  transact<T>(fn: () => T): T {
    const saved = [this.rev, this.compacted, this.leaseCounter] as const;
    try {
      return this.runImmediate(fn) as T;
    } catch (error) {
      [this.rev, this.compacted, this.leaseCounter] = saved;
      throw error;
    }
  }

  revision(): number {
    return this.rev;
  }

  setRevision(revision: number): void {
    this.sql.setMeta.run(revision, 'revision');
    this.rev = revision;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  get(key: string): KeyValue | null {
    return this.sql.get.get(key) ?? null;
  }

  range(prefix: string, limit: number): KeyValue[] {
    const end = prefixEnd(prefix);
    const max = limit === 0 ? -1 : limit; // SQLite: a negative LIMIT means none
    return end === null ? this.sql.rangeAll.all(prefix, max) : this.sql.rangeTo.all(prefix, end, max);
  }

  write(kv: KeyValue): void {
    this.sql.write.run(kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version, kv.lease);
  }

  remove(key: string): void {
    this.sql.remove.run(key);
  }

  appendHistory(events: readonly WatchEvent[]): void {
    events.forEach((e, seq) => {
      if (e.type === 'put') this.sql.append.run(e.revision, seq, 'put', e.kv.key, e.kv.value, e.kv.createRevision, e.kv.version, e.kv.lease);
      else this.sql.append.run(e.revision, seq, 'delete', e.key, null, null, null, null);
    });
  }

  history(fromRevision: number, prefix: string): WatchEvent[] {
    const end = prefixEnd(prefix);
    const rows = end === null ? this.sql.historyAll.all(fromRevision, prefix) : this.sql.historyTo.all(fromRevision, prefix, end);
    return rows.map(toEvent);
  }

  compact(revision: number): void {
    this.sql.compact.run(revision);
    this.sql.setMeta.run(revision, 'compacted');
    this.compacted = revision;
  }

  nextLeaseId(): string {
    this.leaseCounter += 1;
    this.sql.setMeta.run(this.leaseCounter, 'lease_counter');
    return String(this.leaseCounter);
  }

  lease(id: string): LeaseRecord | null {
    return this.sql.lease.get(id) ?? null;
  }

  leases(): LeaseRecord[] {
    return this.sql.leases.all();
  }

  writeLease(lease: LeaseRecord): void {
    this.sql.writeLease.run(lease.id, lease.ttlMs, lease.expiresAt);
  }

  removeLease(id: string): void {
    this.sql.removeLease.run(id);
  }

  keysOfLease(id: string): string[] {
    return this.sql.keysOfLease.all(id);
  }

  close(): void {
    this.db.close();
  }
}
