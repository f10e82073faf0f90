/**
 * Conformance: leases, on real time (etcd has no fake clock). Bounds are generous and waits poll,
 * so a loaded machine makes a case slower, not red; an assertion that depends on the test itself
 * being on time (a keepAlive sent before the TTL ran out) is only made when it was on time.
 */
import { describe, expect, it } from 'vitest';
import { Win32 } from '../../core/errors.js';
import { brief, collect, expectCode, settle, sleep, waitFor, type ConformanceContext } from './support.js';

export function defineLeaseCases(ctx: ConformanceContext): void {
  describe('leases', () => {
    it('grant gives an id and at least the asked TTL; puts attach keys to it', async () => {
      const s = ctx.store();
      const lease = await s.grantLease(ctx.leaseTtlMs);
      expect(typeof lease.id).toBe('string');
      expect(lease.ttlMs).toBeGreaterThanOrEqual(ctx.leaseTtlMs);
      await s.put('/l/a', '1', { lease: lease.id });
      expect((await s.get('/l/a'))?.lease).toBe(lease.id);
      await s.put('/l/a', '2');
      expect((await s.get('/l/a'))?.lease).toBeNull(); // a put without a lease detaches, as in etcd
      await lease.revoke();
    });

    it('a put to an unknown lease fails with 1168 and writes nothing', async () => {
      const s = ctx.store();
      await expectCode(s.put('/l/a', '1', { lease: '424242' }), Win32.ERROR_NOT_FOUND);
      expect(await s.get('/l/a')).toBeNull();
    });

    it('expiry deletes every attached key at one revision and emits their delete events', async () => {
      const s = ctx.store();
      const granted = Date.now(); // before the grant: the lease cannot end earlier than this + TTL
      const lease = await s.grantLease(ctx.leaseTtlMs);
      await s.put('/l/a', '1', { lease: lease.id });
      await s.put('/l/b', '2', { lease: lease.id });
      await s.put('/l/keep', '3');
      const before = await s.revision();
      const c = await collect(ctx, '/l/');
      const gone = await waitFor(() => s.get('/l/a'), (kv) => kv === null, ctx.leaseTtlMs + ctx.patienceMs, 'lease expiry');
      expect(gone).toBeNull();
      expect(Date.now() - granted).toBeGreaterThanOrEqual(ctx.leaseTtlMs - 5);
      expect(await s.get('/l/b')).toBeNull();
      expect((await s.get('/l/keep'))?.value).toBe('3');
      await c.until(2);
      expect(brief(c.events)).toEqual([`delete /l/a@${before + 1}`, `delete /l/b@${before + 1}`]);
      expect(await s.revision()).toBe(before + 1);
      await c.watcher.cancel();
    });

    it('keepAlive extends the lease by its TTL', async () => {
      const s = ctx.store();
      const ttl = ctx.leaseTtlMs;
      const lease = await s.grantLease(ttl);
      await s.put('/l/a', '1', { lease: lease.id });
      let lastRenewal = Date.now();
      let onTime = true;
      const until = Date.now() + 2.5 * ttl;
      while (Date.now() < until) {
        await sleep(ttl / 4);
        // A keepAlive that left later than the TTL proves nothing: the lease may rightly be gone.
        if (Date.now() - lastRenewal > ttl * 0.8) onTime = false;
        if (!onTime) break;
        await lease.keepAlive();
        lastRenewal = Date.now();
      }
      if (onTime) expect((await s.get('/l/a'))?.value).toBe('1');
      // Without renewals it ends.
      await waitFor(() => s.get('/l/a'), (kv) => kv === null, ttl + ctx.patienceMs, 'expiry after the last keepAlive');
    });

    it('keepAlive after expiry rejects with 1168', async () => {
      const s = ctx.store();
      const lease = await s.grantLease(ctx.leaseTtlMs);
      await s.put('/l/a', '1', { lease: lease.id });
      await waitFor(() => s.get('/l/a'), (kv) => kv === null, ctx.leaseTtlMs + ctx.patienceMs, 'lease expiry');
      await expectCode(lease.keepAlive(), Win32.ERROR_NOT_FOUND);
      await expectCode(s.put('/l/b', '1', { lease: lease.id }), Win32.ERROR_NOT_FOUND);
    });

    it('revoke deletes the attached keys at once, at one revision; revoking twice is harmless', async () => {
      const s = ctx.store();
      const lease = await s.grantLease(60_000);
      await s.put('/l/a', '1', { lease: lease.id });
      await s.txn({ success: [{ op: 'put', key: '/l/b', value: '2', lease: lease.id }] });
      const before = await s.revision();
      const c = await collect(ctx, '/l/');
      await lease.revoke();
      expect(await s.get('/l/a')).toBeNull();
      expect(await s.get('/l/b')).toBeNull();
      expect(await s.revision()).toBe(before + 1);
      await c.until(2);
      expect(brief(c.events)).toEqual([`delete /l/a@${before + 1}`, `delete /l/b@${before + 1}`]);
      await lease.revoke();
      await expectCode(lease.keepAlive(), Win32.ERROR_NOT_FOUND);
      await c.watcher.cancel();
    });

    it('a lease without keys ends without a revision', async () => {
      const s = ctx.store();
      const before = await s.revision();
      const lease = await s.grantLease(60_000);
      await lease.revoke();
      await settle();
      expect(await s.revision()).toBe(before);
    });

    it('refuses a TTL that is not a positive number with 87', async () => {
      const s = ctx.store();
      await expectCode(s.grantLease(0), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.grantLease(-5), Win32.ERROR_INVALID_PARAMETER);
      await expectCode(s.grantLease(Number.NaN), Win32.ERROR_INVALID_PARAMETER);
    });
  });
}
