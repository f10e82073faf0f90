// The sqlite adapter's own promises: its file settings, one process at a time, wall-clock leases
// across restarts, the schema check, and openStore's URL forms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { openSqliteStore, openStore } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/sqlite/schema.js';
import { reap, startChild, type RunningChild } from './child-process.js';

const dir = mkdtempSync(join(tmpdir(), 'wolfpack-sqlite-file-'));
let n = 0;
const freshPath = (): string => join(dir, `store-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let child: RunningChild | null = null;
afterEach(() => reap(child));

describe('sqlite file settings', () => {
  it('WAL journal, synchronous FULL, exclusive locking', () => {
    const db = openDatabase(freshPath());
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
    } finally {
      db.close();
    }
  });

  it('a second opener in this process is refused at once with 5023; after close it may open', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    await first.put('/a', '1');
    const started = Date.now();
    await expect(openSqliteStore(path)).rejects.toMatchObject({ code: 5023, message: expect.stringMatching(/another process/) });
    expect(Date.now() - started).toBeLessThan(1_000);
    await first.close();
    const second = await openSqliteStore(path);
    expect((await second.get('/a'))?.value).toBe('1');
    await second.close();
  });

  it('a second opener in another process is refused with 5023', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    try {
      child = startChild(['probe', path]);
      await child.exited;
      expect(child.lines.join('\n')).toMatch(/^refused 5023 .*another process/);
    } finally {
      await first.close();
    }
    child = startChild(['probe', path]);
    await child.exited;
    expect(child.lines).toEqual(['opened']);
  }, 30_000);

  it('refuses a file with another schema version', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = 99 WHERE name = 'schema'").run();
    raw.close();
    await expect(openSqliteStore(path)).rejects.toMatchObject({ code: 5023, message: expect.stringMatching(/schema 99/) });
  });
});

describe('sqlite leases are wall-clock and survive restarts', () => {
  it('a lease that ran out while the store was closed ends on open; a live one keeps its time', async () => {
    const path = freshPath();
    const clock = new ManualClock(1_000_000);
    const store = await openSqliteStore(path, { clock });
    const short = await store.grantLease(1_000);
    const long = await store.grantLease(10_000);
    await store.put('/short', 's', { lease: short.id });
    await store.put('/long', 'l', { lease: long.id });
    const rev = await store.revision();
    await store.close();

    clock.advance(5_000); // "the daemon was down for five seconds"
    const again = await openSqliteStore(path, { clock });
    expect(await again.get('/short')).toBeNull();
    expect(await again.revision()).toBe(rev + 1);
    expect((await again.get('/long'))?.lease).toBe(long.id);
    clock.advance(4_999);
    expect(await again.get('/long')).not.toBeNull();
    clock.advance(1);
    expect(await again.get('/long')).toBeNull();
    // Lease ids are never reused across restarts.
    expect(Number((await again.grantLease(100)).id)).toBeGreaterThan(Number(long.id));
    await again.close();
  });
});

describe('openStore', () => {
  it('opens memory:, sqlite:/path, sqlite:///path and a plain path', async () => {
    const memory = await openStore('memory:');
    expect(memory.kind).toBe('memory');
    await memory.close();
    const path = freshPath();
    for (const url of [`sqlite:${path}`, `sqlite://${path}`, path]) {
      const store = await openStore(url);
      expect(store.kind).toBe('sqlite');
      await store.put('/same', url);
      await store.close();
    }
    const check = await openStore(path);
    expect((await check.get('/same'))?.version).toBe(3);
    await check.close();
  });

  it('refuses unknown schemes, an empty path, and an etcd URL without endpoints with 87', async () => {
    for (const url of ['etcd://', 'redis://x', 'sqlite:', '']) {
      await expect(openStore(url)).rejects.toMatchObject({ code: 87 });
    }
  });
});
