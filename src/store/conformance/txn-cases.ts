/**
 * Conformance: transactions. Every compare target and operator on present and missing keys, both
 * branches, reads inside a transaction, deletePrefix, atomicity, and etcd's refusal of a branch
 * that writes one key twice.
 */
import { describe, expect, it } from 'vitest';
import { Win32 } from '../../core/errors.js';
import type { Compare } from '../port.js';
import { expectCode, type ConformanceContext } from './support.js';

type NumberTarget = 'version' | 'createRevision' | 'modRevision';

export function defineTxnCases(ctx: ConformanceContext): void {
  describe('txn', () => {
    it('an empty compare list succeeds; all ops land at one new revision', async () => {
      const s = ctx.store();
      const start = await s.revision();
      const result = await s.txn({ success: [{ op: 'put', key: '/t/a', value: '1' }, { op: 'put', key: '/t/b', value: '2' }] });
      expect(result).toEqual({ succeeded: true, revision: start + 1, gets: [] });
      expect((await s.get('/t/a'))?.modRevision).toBe(start + 1);
      expect((await s.get('/t/b'))?.modRevision).toBe(start + 1);
    });

    it('value compares: = and != on a present key', async () => {
      const s = ctx.store();
      await s.put('/k', 'v1');
      const check = async (c: Compare): Promise<boolean> => (await s.txn({ compare: [c], success: [] })).succeeded;
      expect(await check({ key: '/k', target: 'value', op: '=', value: 'v1' })).toBe(true);
      expect(await check({ key: '/k', target: 'value', op: '=', value: 'v2' })).toBe(false);
      expect(await check({ key: '/k', target: 'value', op: '!=', value: 'v2' })).toBe(true);
      expect(await check({ key: '/k', target: 'value', op: '!=', value: 'v1' })).toBe(false);
    });

    it('a value compare on a missing key is false whatever the operator (etcd)', async () => {
      const s = ctx.store();
      const check = async (c: Compare): Promise<boolean> => (await s.txn({ compare: [c], success: [] })).succeeded;
      expect(await check({ key: '/none', target: 'value', op: '=', value: '' })).toBe(false);
      expect(await check({ key: '/none', target: 'value', op: '!=', value: 'x' })).toBe(false);
    });

    it.each<NumberTarget>(['version', 'createRevision', 'modRevision'])('%s compares: =, !=, <, > on present and missing keys', async (target) => {
      const s = ctx.store();
      const created = await s.put('/k', 'a');
      const modified = await s.put('/k', 'b');
      const actual = { version: 2, createRevision: created, modRevision: modified }[target];
      const check = async (key: string, op: '=' | '!=' | '<' | '>', value: number): Promise<boolean> =>
        (await s.txn({ compare: [{ key, target, op, value }], success: [] })).succeeded;
      expect(await check('/k', '=', actual)).toBe(true);
      expect(await check('/k', '=', actual + 1)).toBe(false);
      expect(await check('/k', '!=', actual + 1)).toBe(true);
      expect(await check('/k', '!=', actual)).toBe(false);
      expect(await check('/k', '<', actual + 1)).toBe(true);
      expect(await check('/k', '<', actual)).toBe(false);
      expect(await check('/k', '>', actual - 1)).toBe(true);
      expect(await check('/k', '>', actual)).toBe(false);
      // A missing key has 0 for every number target.
      expect(await check('/none', '=', 0)).toBe(true);
      expect(await check('/none', '>', 0)).toBe(false);
      expect(await check('/none', '<', 1)).toBe(true);
    });

    it('runs the failure branch when any compare fails, and reports succeeded: false', async () => {
      const s = ctx.store();
      await s.put('/lock', 'owner-a');
      const result = await s.txn({
        compare: [
          { key: '/lock', target: 'value', op: '=', value: 'owner-a' },
          { key: '/lock', target: 'version', op: '=', value: 7 },
        ],
        success: [{ op: 'put', key: '/won', value: 'yes' }],
        failure: [{ op: 'put', key: '/lost', value: 'yes' }, { op: 'get', key: '/lock' }],
      });
      expect(result.succeeded).toBe(false);
      expect(result.gets.map((kv) => kv?.value)).toEqual(['owner-a']);
      expect(await s.get('/won')).toBeNull();
      expect((await s.get('/lost'))?.value).toBe('yes');
    });

    it('create-if-absent: version = 0 succeeds once, then fails', async () => {
      const s = ctx.store();
      const create = { compare: [{ key: '/once', target: 'version', op: '=', value: 0 } as const], success: [{ op: 'put', key: '/once', value: 'x' } as const] };
      expect((await s.txn(create)).succeeded).toBe(true);
      expect((await s.txn(create)).succeeded).toBe(false);
    });

    it('compare-and-swap on modRevision rejects a stale writer', async () => {
      const s = ctx.store();
      const rev = await s.put('/cas', '1');
      const swap = (value: string) => s.txn({ compare: [{ key: '/cas', target: 'modRevision', op: '=', value: rev }], success: [{ op: 'put', key: '/cas', value }] });
      expect((await swap('2')).succeeded).toBe(true);
      expect((await swap('3')).succeeded).toBe(false);
      expect((await s.get('/cas'))?.value).toBe('2');
    });

    it('gets return values or null in order and see earlier writes of the same transaction', async () => {
      const s = ctx.store();
      await s.put('/g/old', 'o');
      const result = await s.txn({
        success: [
          { op: 'get', key: '/g/new' },
          { op: 'put', key: '/g/new', value: 'n' },
          { op: 'get', key: '/g/new' },
          { op: 'get', key: '/g/old' },
          { op: 'delete', key: '/g/old' },
          { op: 'get', key: '/g/old' },
        ],
      });
      expect(result.gets.map((kv) => kv?.value ?? null)).toEqual([null, 'n', 'o', null]);
      expect(result.gets[1]).toMatchObject({ key: '/g/new', createRevision: result.revision, modRevision: result.revision, version: 1 });
    });

    it('a transaction that writes nothing leaves the revision alone', async () => {
      const s = ctx.store();
      await s.put('/x', '1');
      const rev = await s.revision();
      const result = await s.txn({ success: [{ op: 'get', key: '/x' }, { op: 'delete', key: '/absent' }, { op: 'deletePrefix', prefix: '/nothing/' }] });
      expect(result.revision).toBe(rev);
      expect(await s.revision()).toBe(rev);
      expect((await s.txn({ compare: [{ key: '/x', target: 'version', op: '=', value: 9 }], success: [{ op: 'put', key: '/y', value: '1' }] })).revision).toBe(rev);
    });

    it('deletePrefix removes exactly the keys under the prefix, at one revision', async () => {
      const s = ctx.store();
      for (const key of ['/p/a', '/p/b/c', '/p', '/pq', '/q']) await s.put(key, 'v');
      const result = await s.txn({ success: [{ op: 'deletePrefix', prefix: '/p/' }] });
      expect((await s.range('')).kvs.map((kv) => kv.key)).toEqual(['/p', '/pq', '/q']);
      expect(result.revision).toBe((await s.range('')).revision);
    });

    it('refuses a branch that puts one key twice, or puts and deletes it, and changes nothing', async () => {
      const s = ctx.store();
      await s.put('/d/a', '0');
      const rev = await s.revision();
      await expectCode(s.txn({ success: [{ op: 'put', key: '/d/a', value: '1' }, { op: 'put', key: '/d/a', value: '2' }] }), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.txn({ success: [{ op: 'delete', key: '/d/a' }, { op: 'put', key: '/d/a', value: '2' }] }), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.txn({ success: [{ op: 'deletePrefix', prefix: '/d/' }, { op: 'put', key: '/d/a', value: '2' }] }), Win32.ERROR_INVALID_PARAMETER);
      expect(await s.revision()).toBe(rev);
      expect((await s.get('/d/a'))?.value).toBe('0');
    });

    it('is atomic: a put to an unknown lease fails the whole transaction', async () => {
      const s = ctx.store();
      const rev = await s.revision();
      await expectCode(
        s.txn({ success: [{ op: 'put', key: '/atom/a', value: '1' }, { op: 'put', key: '/atom/b', value: '2', lease: '987654321' }] }),
        Win32.ERROR_NOT_FOUND,
      );
      expect(await s.get('/atom/a')).toBeNull();
      expect(await s.revision()).toBe(rev);
    });

    it('refuses malformed requests with 87', async () => {
      const s = ctx.store();
      await expectCode(s.txn({ success: [{ op: 'put', key: '', value: 'x' }] }), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.txn({ compare: [{ key: '/k', target: 'version', op: '=', value: Number.NaN }], success: [] }), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.txn({ success: [{ op: 'frobnicate', key: '/k' } as never] }), Win32.ERROR_INVALID_PARAMETER);
    });
  });
}
