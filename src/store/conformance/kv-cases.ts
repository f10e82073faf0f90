/**
 * Conformance: single-key reads and writes, revisions and ranges. Revisions are compared relative
 * to the store's revision at the start of a case, never as absolute numbers: a real etcd's fresh
 * keyspace does not start at a known revision.
 */
import { describe, expect, it } from 'vitest';
import { Win32 } from '../../core/errors.js';
import { expectCode, type ConformanceContext } from './support.js';

export function defineKvCases(ctx: ConformanceContext): void {
  describe('keys and revisions', () => {
    it('names its kind and reports a revision', async () => {
      expect(['memory', 'sqlite', 'etcd']).toContain(ctx.store().kind);
      const revision = await ctx.store().revision();
      expect(Number.isInteger(revision) && revision >= 0).toBe(true);
    });

    it('get of a missing key is null', async () => {
      expect(await ctx.store().get('/missing')).toBeNull();
    });

    it('put bumps the revision by one and records create/mod revisions and version 1', async () => {
      const s = ctx.store();
      const start = await s.revision();
      const rev = await s.put('/a', 'one');
      expect(rev).toBe(start + 1);
      expect(await s.revision()).toBe(rev);
      expect(await s.get('/a')).toEqual({ key: '/a', value: 'one', createRevision: rev, modRevision: rev, version: 1, lease: null });
    });

    it('a second put keeps createRevision, moves modRevision and counts the version', async () => {
      const s = ctx.store();
      const first = await s.put('/a', 'one');
      await s.put('/other', 'x');
      const second = await s.put('/a', 'two');
      expect(second).toBe(first + 2);
      expect(await s.get('/a')).toMatchObject({ value: 'two', createRevision: first, modRevision: second, version: 2 });
    });

    it('delete removes the key at a new revision; deleting a missing key changes nothing', async () => {
      const s = ctx.store();
      const put = await s.put('/a', 'one');
      const del = await s.delete('/a');
      expect(del).toBe(put + 1);
      expect(await s.get('/a')).toBeNull();
      expect(await s.delete('/a')).toBe(del);
      expect(await s.delete('/never')).toBe(del);
      expect(await s.revision()).toBe(del);
    });

    it('a key put again after deletion starts over: new createRevision, version 1', async () => {
      const s = ctx.store();
      await s.put('/a', 'one');
      await s.put('/a', 'two');
      await s.delete('/a');
      const again = await s.put('/a', 'three');
      expect(await s.get('/a')).toMatchObject({ value: 'three', createRevision: again, modRevision: again, version: 1 });
    });

    it('values round-trip exactly: empty, unicode, JSON, 100 kB', async () => {
      const s = ctx.store();
      const values = ['', 'ünïcødé ✓ 🐺', JSON.stringify({ a: [1, 'two', null], b: { c: true } }), 'x'.repeat(100_000)];
      for (const [i, value] of values.entries()) await s.put(`/v/${i}`, value);
      for (const [i, value] of values.entries()) expect((await s.get(`/v/${i}`))?.value).toBe(value);
    });

    it('refuses an empty key with 87', async () => {
      const s = ctx.store();
      await expectCode(s.put('', 'x'), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.get(''), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.delete(''), Win32.ERROR_INVALID_PARAMETER);
    });
  });

  describe('range', () => {
    it('lists the keys under a prefix in key order with the read revision', async () => {
      const s = ctx.store();
      for (const key of ['/r/c', '/r/a', '/q/z', '/r/b/1', '/r/b', '/s']) await s.put(key, key.toUpperCase());
      const rev = await s.revision();
      const result = await s.range('/r/');
      expect(result.kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b', '/r/b/1', '/r/c']);
      expect(result.kvs.map((kv) => kv.value)).toEqual(['/R/A', '/R/B', '/R/B/1', '/R/C']);
      expect(result.revision).toBe(rev);
    });

    it('limit returns the first keys in order', async () => {
      const s = ctx.store();
      for (const key of ['/r/d', '/r/b', '/r/a', '/r/c']) await s.put(key, 'v');
      expect((await s.range('/r/', { limit: 2 })).kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b']);
      expect((await s.range('/r/', { limit: 10 })).kvs).toHaveLength(4);
    });

    it('an empty prefix lists every key; an unmatched prefix lists none', async () => {
      const s = ctx.store();
      await s.put('/b', '2');
      await s.put('/a', '1');
      expect((await s.range('')).kvs.map((kv) => kv.key)).toEqual(['/a', '/b']);
      expect((await s.range('/zzz')).kvs).toEqual([]);
    });

    it('orders by bytes (UTF-8), as etcd does, even past U+FFFF', async () => {
      const s = ctx.store();
      // UTF-16 order would put the emoji (surrogates 0xD83D...) before U+FFFD; byte order puts it after.
      const keys = ['/u/\u{1F43A}', '/u/\uFFFD', '/u/z', '/u/\u00E9', '/u/Z'];
      for (const key of keys) await s.put(key, 'v');
      expect((await s.range('/u/')).kvs.map((kv) => kv.key)).toEqual(['/u/Z', '/u/z', '/u/\u00E9', '/u/\uFFFD', '/u/\u{1F43A}']);
    });

    it('a prefix is a plain string prefix, not a path segment', async () => {
      const s = ctx.store();
      await s.put('/groups/web', '1');
      await s.put('/groups/web2', '2');
      await s.put('/groups/we', '3');
      expect((await s.range('/groups/web')).kvs.map((kv) => kv.key)).toEqual(['/groups/web', '/groups/web2']);
    });
  });
}
