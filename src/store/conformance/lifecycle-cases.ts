/**
 * Conformance: compaction, close, and (for adapters that keep data) reopening: state, revisions,
 * history and leases survive a close, and the revision carries on where it stopped.
 */
import { describe, expect, it } from 'vitest';
import { Win32 } from '../../core/errors.js';
import { brief, collect, expectCode, settle, waitFor, type ConformanceContext } from './support.js';

export function defineLifecycleCases(ctx: ConformanceContext): void {
  describe('compaction', () => {
    it('keeps the current state and history from the compaction revision on', async () => {
      const s = ctx.store();
      await s.put('/c/a', '1');
      const r2 = await s.put('/c/a', '2');
      const r3 = await s.put('/c/b', '3');
      await s.compact(r2);
      expect((await s.range('/c/')).kvs.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`)).toEqual([`/c/a=2@${r2}`, `/c/b=3@${r3}`]);
      expect((await s.get('/c/a'))?.version).toBe(2);
      const c = await collect(ctx, '/c/', { fromRevision: r2 });
      await c.until(2);
      expect(brief(c.events)).toEqual([`put /c/a=2@${r2}`, `put /c/b=3@${r3}`]);
      await c.watcher.cancel();
      expect(await s.revision()).toBe(r3);
    });

    it('compacting to the current revision is allowed; a future revision is refused with 87', async () => {
      const s = ctx.store();
      const rev = await s.put('/c/a', '1');
      await expectCode(s.compact(rev + 1), Win32.ERROR_INVALID_PARAMETER);
      await s.compact(rev);
      expect(await s.put('/c/a', '2')).toBe(rev + 1);
    });

    it('compacting again to an older revision is harmless', async () => {
      const s = ctx.store();
      const r1 = await s.put('/c/a', '1');
      const r2 = await s.put('/c/a', '2');
      await s.compact(r2);
      await s.compact(r1);
      await s.compact(r2);
      const c = await collect(ctx, '/c/', { fromRevision: r1 });
      await waitFor(() => c.errors, (list) => list.length > 0, ctx.patienceMs, 'the compaction error');
      await c.watcher.cancel();
    });
  });

  describe('close', () => {
    it('ends watchers, refuses later calls, and may be called twice', async () => {
      const s = ctx.store();
      const c = await collect(ctx, '/z/');
      await s.put('/z/a', '1');
      await c.until(1);
      await s.close();
      await s.close();
      await c.watcher.cancel();
      await settle();
      expect(c.errors).toEqual([]);
      await expectCode(s.get('/z/a'), Win32.ERROR_INVALID_HANDLE);
      await expect(s.put('/z/b', '1')).rejects.toThrow();
      await expect(s.watch('/z/', () => undefined)).rejects.toThrow();
      await expect(s.grantLease(1000)).rejects.toThrow();
    });

    it('with leases live: close does not wait for them', async () => {
      const s = ctx.store();
      const lease = await s.grantLease(60_000);
      await s.put('/z/l', '1', { lease: lease.id });
      const started = Date.now();
      await s.close();
      expect(Date.now() - started).toBeLessThan(ctx.patienceMs);
    });
  });

  const persistent = ctx.persistent;
  if (!persistent) return;

  describe('reopen', () => {
    it('keeps keys, versions, history and the revision across close and reopen', async () => {
      const { store, reopen } = await persistent();
      const r1 = await store.put('/p/a', '1');
      const r2 = await store.put('/p/a', '2');
      const r3 = await store.txn({ success: [{ op: 'put', key: '/p/b', value: '3' }, { op: 'delete', key: '/p/none' }] });
      await store.close();
      const again = await reopen();
      try {
        expect(await again.revision()).toBe(r3.revision);
        expect(await again.get('/p/a')).toEqual({ key: '/p/a', value: '2', createRevision: r1, modRevision: r2, version: 2, lease: null });
        const seen: string[] = [];
        const watcher = await again.watch('/p/', (e) => seen.push(`${e.type}@${e.revision}`), { fromRevision: r1 });
        expect(await again.put('/p/c', '4')).toBe(r3.revision + 1);
        await waitFor(() => seen, (list) => list.length >= 4, ctx.patienceMs, 'replayed and live events');
        expect(seen).toEqual([`put@${r1}`, `put@${r2}`, `put@${r3.revision}`, `put@${r3.revision + 1}`]);
        await watcher.cancel();
      } finally {
        await again.close();
      }
    });

    it('keeps compaction and live leases; a lease that ran out while closed ends on reopen', async () => {
      const { store, reopen } = await persistent();
      const short = await store.grantLease(ctx.leaseTtlMs);
      const long = await store.grantLease(120_000);
      await store.put('/p/short', 's', { lease: short.id });
      await store.put('/p/long', 'l', { lease: long.id });
      const rev = await store.revision();
      await store.compact(rev);
      await store.close();
      await new Promise((resolve) => setTimeout(resolve, ctx.leaseTtlMs + 50));
      const again = await reopen();
      try {
        await waitFor(() => again.get('/p/short'), (kv) => kv === null, ctx.patienceMs, 'the short lease to end');
        expect((await again.get('/p/long'))?.lease).toBe(long.id);
        const errors: Error[] = [];
        const watcher = await again.watch('/p/', () => undefined, { fromRevision: rev - 1, onError: (e) => errors.push(e) });
        await waitFor(() => errors, (list) => list.length > 0, ctx.patienceMs, 'the compaction error');
        await watcher.cancel();
      } finally {
        await again.close();
      }
    });
  });
}
