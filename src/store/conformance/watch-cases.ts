/**
 * Conformance: watches. Live delivery in order and never inside the write that caused it, replay
 * from a past revision followed by live events with no gap and no duplicate (also while writes are
 * in flight), prefix filtering, cancel, a start revision that was compacted, and listener failure.
 */
import { describe, expect, it } from 'vitest';
import { Win32 } from '../../core/errors.js';
import type { WatchEvent } from '../port.js';
import { brief, collect, settle, waitFor, type ConformanceContext } from './support.js';

export function defineWatchCases(ctx: ConformanceContext): void {
  describe('watch', () => {
    it('from the current revision: only later changes under the prefix, in order', async () => {
      const s = ctx.store();
      await s.put('/w/before', '0');
      const c = await collect(ctx, '/w/');
      const r1 = await s.put('/w/a', '1');
      await s.put('/x/a', 'no');
      const r3 = await s.put('/w/b', '2');
      const r4 = await s.delete('/w/a');
      await c.until(3);
      expect(brief(c.events)).toEqual([`put /w/a=1@${r1}`, `put /w/b=2@${r3}`, `delete /w/a@${r4}`]);
      expect(c.events[1]).toEqual({ type: 'put', revision: r3, kv: { key: '/w/b', value: '2', createRevision: r3, modRevision: r3, version: 1, lease: null } });
      await c.watcher.cancel();
    });

    it('delivers asynchronously: never inside the call that wrote', async () => {
      const s = ctx.store();
      const seen: WatchEvent[] = [];
      const watcher = await s.watch('/w/', (e) => seen.push(e));
      const pending = s.put('/w/a', '1');
      expect(seen).toHaveLength(0);
      await pending;
      await waitFor(() => seen.length, (n) => n === 1, ctx.patienceMs, 'one event');
      await watcher.cancel();
    });

    it('a listener may write to the store; its events follow in order', async () => {
      const s = ctx.store();
      const seen: string[] = [];
      const watcher = await s.watch('/chain/', (e) => {
        if (e.type !== 'put') return;
        seen.push(e.kv.value);
        const n = Number(e.kv.value);
        if (n < 5) void s.put('/chain/n', String(n + 1));
      });
      await s.put('/chain/n', '1');
      await waitFor(() => seen, (list) => list.length >= 5, ctx.patienceMs, 'five chained events');
      expect(seen).toEqual(['1', '2', '3', '4', '5']);
      await watcher.cancel();
    });

    it('a transaction\'s changes share one revision, in op order', async () => {
      const s = ctx.store();
      await s.put('/w/gone', 'x');
      const c = await collect(ctx, '/w/');
      const result = await s.txn({ success: [{ op: 'put', key: '/w/z', value: '1' }, { op: 'delete', key: '/w/gone' }, { op: 'put', key: '/w/a', value: '2' }] });
      await c.until(3);
      const r = result.revision;
      expect(brief(c.events)).toEqual([`put /w/z=1@${r}`, `delete /w/gone@${r}`, `put /w/a=2@${r}`]);
      await c.watcher.cancel();
    });

    it('deletePrefix emits one delete per key, in key order', async () => {
      const s = ctx.store();
      for (const key of ['/w/c', '/w/a', '/w/b']) await s.put(key, 'v');
      const c = await collect(ctx, '/w/');
      const { revision } = await s.txn({ success: [{ op: 'deletePrefix', prefix: '/w/' }] });
      await c.until(3);
      expect(brief(c.events)).toEqual([`delete /w/a@${revision}`, `delete /w/b@${revision}`, `delete /w/c@${revision}`]);
      await c.watcher.cancel();
    });

    it('from a past revision: replays history, then continues live, no gap, no duplicate', async () => {
      const s = ctx.store();
      const r1 = await s.put('/h/a', '1');
      const r2 = await s.put('/h/b', '2');
      await s.put('/other', 'x');
      const r4 = await s.put('/h/a', '3');
      const c = await collect(ctx, '/h/', { fromRevision: r2 });
      const r5 = await s.put('/h/c', '4');
      await c.until(3);
      await settle();
      expect(brief(c.events)).toEqual([`put /h/b=2@${r2}`, `put /h/a=3@${r4}`, `put /h/c=4@${r5}`]);
      expect(c.events[1]).toMatchObject({ kv: { createRevision: r1, modRevision: r4, version: 2 } });
      await c.watcher.cancel();
    });

    it('replay joins live writes that are in flight while the watch starts', async () => {
      const s = ctx.store();
      const first = await s.put('/f/0', '0');
      const writes: Promise<number>[] = [];
      for (let i = 1; i <= 30; i++) writes.push(s.put(`/f/${i % 7}`, String(i)));
      const c = await collect(ctx, '/f/', { fromRevision: first });
      for (let i = 31; i <= 60; i++) writes.push(s.put(`/f/${i % 7}`, String(i)));
      const revisions = await Promise.all(writes);
      const last = Math.max(...revisions);
      await waitFor(() => c.events, (list) => list.at(-1)?.revision === last, ctx.patienceMs, 'the last write');
      await settle();
      // Concurrent writes may commit in any order (on etcd); what is fixed is one event per
      // revision, every revision once, each carrying the value its write was acknowledged with.
      const valueAt = new Map<number, string>([[first, '0'], ...revisions.map((rev, i): [number, string] => [rev, String(i + 1)])]);
      const expected = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      expect(c.events.map((e) => e.revision)).toEqual(expected);
      expect(c.events.map((e) => (e.type === 'put' ? e.kv.value : null))).toEqual(expected.map((rev) => valueAt.get(rev)));
      await c.watcher.cancel();
    });

    it('from a future revision: nothing before it', async () => {
      const s = ctx.store();
      const now = await s.revision();
      const c = await collect(ctx, '/fu/', { fromRevision: now + 2 });
      await s.put('/fu/a', '1');
      const r2 = await s.put('/fu/b', '2');
      await c.until(1);
      await settle();
      expect(brief(c.events)).toEqual([`put /fu/b=2@${r2}`]);
      await c.watcher.cancel();
    });

    it('watchers are independent; cancel stops delivery at once', async () => {
      const s = ctx.store();
      const a = await collect(ctx, '/m/');
      const b = await collect(ctx, '/m/');
      await s.put('/m/1', '1');
      await Promise.all([a.until(1), b.until(1)]);
      await a.watcher.cancel();
      await s.put('/m/2', '2');
      await b.until(2);
      await settle();
      expect(a.events).toHaveLength(1);
      await b.watcher.cancel();
      await b.watcher.cancel(); // twice is harmless
    });

    it('cancel right after writes: no event arrives after cancel resolves', async () => {
      const s = ctx.store();
      const seen: WatchEvent[] = [];
      const watcher = await s.watch('/c/', (e) => seen.push(e));
      const writes = [s.put('/c/1', '1'), s.put('/c/2', '2')];
      await watcher.cancel();
      const count = seen.length;
      await Promise.all(writes);
      await s.put('/c/3', '3');
      await settle();
      expect(seen).toHaveLength(count);
    });

    it('a watch from a compacted revision fails through onError with 5023', async () => {
      const s = ctx.store();
      const r1 = await s.put('/k/a', '1');
      await s.put('/k/a', '2');
      const r3 = await s.put('/k/a', '3');
      await s.compact(r3);
      const c = await collect(ctx, '/k/', { fromRevision: r1 });
      await waitFor(() => c.errors, (list) => list.length > 0, ctx.patienceMs, 'the compaction error');
      expect((c.errors[0] as { code?: unknown }).code).toBe(Win32.ERROR_INVALID_STATE);
      expect(c.errors[0]?.message).toMatch(/compact/i);
      await s.put('/k/a', '4');
      await settle();
      expect(c.events).toEqual([]);
      await c.watcher.cancel();
      // The compaction revision itself is still watchable.
      const d = await collect(ctx, '/k/', { fromRevision: r3 });
      await d.until(2);
      expect(d.events.map((e) => e.revision)[0]).toBe(r3);
      expect(d.errors).toEqual([]);
      await d.watcher.cancel();
    });

    it('a listener that throws ends its watch and reports the error through onError', async () => {
      const s = ctx.store();
      const errors: Error[] = [];
      let calls = 0;
      const watcher = await s.watch('/t/', () => {
        calls += 1;
        throw new Error('listener bug');
      }, { onError: (e) => errors.push(e) });
      await s.put('/t/a', '1');
      await s.put('/t/b', '2');
      await waitFor(() => errors.length, (n) => n > 0, ctx.patienceMs, 'the listener error');
      await settle();
      expect(calls).toBe(1);
      expect(errors[0]?.message).toBe('listener bug');
      await watcher.cancel();
    });
  });
}
