/**
 * Nothing acknowledged is lost (issue 5 item 9, for the store): a child process writes a stream of
 * puts, CAS transactions and deletes to a sqlite store, printing each write after its promise
 * resolved; we kill -9 it at a random moment, reopen the file, and check that every acknowledged
 * write is there, that the history has every revision with no gap, that at most the one write in
 * flight landed unacknowledged, and that the store carries on from the right revision.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type KeyValue, type WatchEvent } from '../../src/store/index.js';
import { reap, startChild, type RunningChild } from './child-process.js';
import type { Ack } from './sqlite-child.js';

const dir = mkdtempSync(join(tmpdir(), 'wolfpack-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let child: RunningChild | null = null;
afterEach(() => reap(child));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForLines(c: RunningChild, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (c.lines.length < n) {
    if (Date.now() > deadline || c.process.exitCode !== null) throw new Error(`child did not print ${n} lines: ${c.stderr()}`);
    await sleep(5);
  }
}

/** Every event since revision 0, read through a replaying watch. */
async function history(path: string): Promise<{ events: WatchEvent[]; revision: number; kvs: readonly KeyValue[] }> {
  const store = await openSqliteStore(path);
  try {
    const revision = await store.revision();
    const { kvs } = await store.range('');
    const events: WatchEvent[] = [];
    const watcher = await store.watch('', (e) => events.push(e), { fromRevision: 0 });
    const deadline = Date.now() + 10_000;
    while ((events.at(-1)?.revision ?? 0) < revision && Date.now() < deadline) await sleep(5);
    await watcher.cancel();
    return { events, revision, kvs };
  } finally {
    await store.close();
  }
}

describe('sqlite store: kill -9 loses nothing acknowledged', () => {
  it('survives SIGKILL at random moments, five times over', async () => {
    const path = join(dir, 'store.db');
    const acked: Ack[] = [];
    for (let round = 1; round <= 5; round++) {
      child = startChild(['writer', path, String(round)]);
      await waitForLines(child, 2); // "ready" and a first ack
      await sleep(Math.floor(Math.random() * 300));
      process.kill(child.process.pid as number, 'SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      const ready = child.lines[0] ?? '';
      expect(ready).toMatch(/^ready \d+$/);
      const startRevision = Number(ready.split(' ')[1]);
      const acks = child.lines.slice(1).map((line) => JSON.parse(line.replace(/^ack /, '')) as Ack);
      expect(acks.length).toBeGreaterThan(0);
      // Within one run every write is one revision after the previous one.
      acks.forEach((ack, i) => expect(ack.rev).toBe(startRevision + i + 1));
      acked.push(...acks);

      const { events, revision, kvs } = await history(path);
      const last = acked.at(-1)?.rev ?? 0;
      // The write in flight at the kill may or may not have committed; nothing beyond it can exist.
      expect([last, last + 1]).toContain(revision);
      // No gap: every revision from the first write on appears in the history, in order.
      const revisions = [...new Set(events.map((e) => e.revision))];
      expect(revisions).toEqual(Array.from({ length: revision - 1 }, (_, i) => i + 2));
      // Every acknowledged write is in the history at its revision, with its value.
      const byRevision = new Map<number, WatchEvent[]>();
      for (const e of events) byRevision.set(e.revision, [...(byRevision.get(e.revision) ?? []), e]);
      for (const ack of acked) {
        const at = byRevision.get(ack.rev) ?? [];
        if (ack.kind === 'del') expect(at).toEqual([{ type: 'delete', key: ack.key, revision: ack.rev }]);
        else expect(at.find((e) => e.type === 'put' && e.kv.key === ack.key && e.kv.value === ack.value), `${ack.kind} ${ack.key}@${ack.rev}`).toBeDefined();
        if (ack.kind === 'txn') expect(at.find((e) => e.type === 'put' && e.kv.key === '/d/counter')).toMatchObject({ kv: { value: String(ack.counter) } });
      }
      // The state is exactly the history applied in order.
      const replayed = new Map<string, string>();
      for (const e of events) {
        if (e.type === 'put') replayed.set(e.kv.key, e.kv.value);
        else replayed.delete(e.key);
      }
      expect(new Map(kvs.map((kv) => [kv.key, kv.value]))).toEqual(replayed);
    }

    // And the store carries on from where the last run stopped.
    const store = await openSqliteStore(path);
    try {
      const revision = await store.revision();
      expect(await store.put('/d/after', 'x')).toBe(revision + 1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
