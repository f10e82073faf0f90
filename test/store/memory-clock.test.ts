// Lease timing on the memory adapter in fake milliseconds (ManualClock), and the key-order helpers.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/store/index.js';
import { compareKeys, prefixEnd } from '../../src/store/memory/keys.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('memory store leases on a manual clock', () => {
  it('a lease ends exactly at its TTL, deleting its keys at one revision', async () => {
    const clock = new ManualClock(1_000);
    const store = createMemoryStore({ clock });
    const lease = await store.grantLease(500);
    await store.put('/a', '1', { lease: lease.id });
    await store.put('/b', '2', { lease: lease.id });
    const rev = await store.revision();
    clock.advance(499);
    expect(await store.get('/a')).not.toBeNull();
    clock.advance(1);
    expect(await store.get('/a')).toBeNull();
    expect(await store.get('/b')).toBeNull();
    expect(await store.revision()).toBe(rev + 1);
    await store.close();
  });

  it('keepAlive restarts the TTL from now', async () => {
    const clock = new ManualClock();
    const store = createMemoryStore({ clock });
    const lease = await store.grantLease(100);
    await store.put('/a', '1', { lease: lease.id });
    clock.advance(90);
    await lease.keepAlive();
    clock.advance(90);
    expect(await store.get('/a')).not.toBeNull();
    clock.advance(10);
    expect(await store.get('/a')).toBeNull();
    await expect(lease.keepAlive()).rejects.toMatchObject({ code: 1168 });
    await store.close();
  });

  it('a keepAlive that comes after the TTL but before the timer ran ends the lease', async () => {
    let now = 0;
    const timers: Array<() => void> = [];
    // A clock whose timers never fire on their own: the expiry must still be seen.
    const store = createMemoryStore({ clock: { now: () => now, setTimer: (_ms, cb) => (timers.push(cb), { cancel: () => undefined }) } });
    const lease = await store.grantLease(100);
    await store.put('/a', '1', { lease: lease.id });
    now = 150;
    await expect(lease.keepAlive()).rejects.toMatchObject({ code: 1168 });
    expect(await store.get('/a')).toBeNull();
    await expect(store.put('/b', '1', { lease: lease.id })).rejects.toMatchObject({ code: 1168 });
    await store.close();
  });

  it('close cancels lease timers and watchers', async () => {
    const clock = new ManualClock();
    const store = createMemoryStore({ clock });
    await store.grantLease(100);
    await store.grantLease(200);
    const seen: string[] = [];
    await store.watch('/', (e) => seen.push(e.type));
    expect(store.stats()).toEqual({ watchers: 1, leaseTimers: 2 });
    await store.close();
    expect(store.stats()).toEqual({ watchers: 0, leaseTimers: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('expiry events reach watchers, after the expiry, in a later microtask', async () => {
    const clock = new ManualClock();
    const store = createMemoryStore({ clock });
    const lease = await store.grantLease(10);
    await store.put('/l/a', '1', { lease: lease.id });
    const seen: string[] = [];
    await store.watch('/l/', (e) => seen.push(`${e.type} ${e.type === 'delete' ? e.key : e.kv.key}`));
    clock.advance(10);
    expect(seen).toEqual([]);
    await flush();
    expect(seen).toEqual(['delete /l/a']);
    await store.close();
  });

  it('a watch from a compacted revision without onError rejects', async () => {
    const store = createMemoryStore();
    const r1 = await store.put('/a', '1');
    const r2 = await store.put('/a', '2');
    await store.compact(r2);
    await expect(store.watch('/', () => undefined, { fromRevision: r1 })).rejects.toMatchObject({ code: 5023 });
    await store.close();
  });
});

describe('key order', () => {
  it('compareKeys is UTF-8 byte order', () => {
    const keys = ['b', 'a', '\u{1F43A}', '\uFFFD', '\u00E9', 'ab', '', '\uE000', '\u{10000}'];
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
  });

  it('prefixEnd bounds exactly the keys with the prefix', () => {
    expect(prefixEnd('/a/')).toBe('/a0');
    expect(prefixEnd('')).toBeNull();
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\u{10FFFF}')).toBeNull();
    expect(prefixEnd('x\uD7FF')).toBe('x\uE000');
    const end = prefixEnd('/g/\u{1F43A}') as string;
    for (const key of ['/g/\u{1F43A}', '/g/\u{1F43A}\u{10FFFF}z', '/g/\u{1F43A}/x']) expect(compareKeys(key, end)).toBeLessThan(0);
    expect(compareKeys('/g/\u{1F43B}', end)).toBeGreaterThanOrEqual(0);
  });
});
