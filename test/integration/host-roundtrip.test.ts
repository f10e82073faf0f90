/**
 * Every entry point through a real resource host process: results, RecordFile lines, progress and
 * locked events, SeparateMonitor, user types loaded from a path, and a type's exceptions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostPool } from '../../src/host/index.js';
import { OfflineReason } from '../../src/core/flags.js';
import { PoolWatcher, isGone } from './host-test-helpers.js';

let dir: string;
let pool: HostPool;
let watcher: PoolWatcher;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-host-'));
  writeFileSync(
    join(dir, 'thrower.mjs'),
    `export default {
  name: 'thrower',
  online(ctx) { if (ctx.properties.Sync) throw new Error('sync boom'); return Promise.reject(new Error('async boom')); },
  offline(ctx) { setTimeout(() => { throw new Error('stray boom'); }, 0); ctx.log.warn('offline with a stray timer'); },
  terminate() {},
  isAlive() { return 'alive'; },
};\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  pool = new HostPool({ baseDir: dir });
  watcher = new PoolWatcher(pool);
});
afterEach(async () => {
  await pool.close();
  watcher.killAll();
});

const online = (raw: Uint8Array | null = null) => ({ flags: 0, instructions: null, raw });
const offline = { destinationNode: null, flags: 0, reason: OfflineReason.USER_REQUESTED, instructions: null, raw: null };

describe('resource host round trips', () => {
  it('runs every entry point of dummy and records each call with its arguments', async () => {
    const recordFile = join(dir, 'record.jsonl');
    const properties = { RecordFile: recordFile };
    const call = (entry: 'open' | 'looksAlive' | 'isAlive' | 'cancel' | 'terminate' | 'close') =>
      pool.call({ resource: 'App', type: 'dummy', entry, args: null, properties });
    const raw = new Uint8Array([2, 0, 0, 0, 1, 0, 0, 0, 0xff]);
    const instructions = { 'Virtual Machine': { type: 'dword', value: 1 } };

    expect(await call('open')).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    expect(await pool.call({ resource: 'App', type: 'dummy', entry: 'online', args: { flags: 2, instructions, raw }, properties })).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    expect(await call('looksAlive')).toMatchObject({ outcome: 'ok' });
    expect(await call('isAlive')).toMatchObject({ outcome: 'ok' });
    const offlineArgs = { destinationNode: 'node2', flags: 0x41, reason: OfflineReason.MOVING, instructions, raw };
    expect(await pool.call({ resource: 'App', type: 'dummy', entry: 'offline', args: offlineArgs, properties })).toMatchObject({ outcome: 'ok' });
    expect(await call('isAlive')).toMatchObject({ outcome: 'not-running' });
    expect(await call('cancel')).toMatchObject({ outcome: 'ok' });
    expect(await call('terminate')).toMatchObject({ outcome: 'ok' });
    expect(await call('close')).toMatchObject({ outcome: 'ok' });

    const lines = readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['entry'])).toEqual(['open', 'online', 'looksAlive', 'isAlive', 'offline', 'isAlive', 'cancel', 'terminate', 'close']);
    const rawBase64 = Buffer.from(raw).toString('base64');
    expect(lines[1]).toMatchObject({ entry: 'online', resource: 'App', flags: 2, instructions, raw: rawBase64 });
    expect(lines[4]).toMatchObject({ entry: 'offline', flags: 0x41, reason: 2, destinationNode: 'node2', instructions, raw: rawBase64 });
    for (const line of lines) {
      expect(typeof line['start']).toBe('number');
      expect(line['end']).toBeGreaterThanOrEqual(line['start'] as number);
    }
  });

  it('forwards progress while pending, and locked-mode changes', async () => {
    const properties = { OnlineDelayMs: 200, ProgressEveryMs: 40, Locked: true, LockedReason: 3 };
    const result = await pool.call({ resource: 'Slow', type: 'dummy', entry: 'online', args: online(), properties });
    expect(result).toMatchObject({ outcome: 'ok' });
    const progress = watcher.of('progress').filter((e) => e.resource === 'Slow');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[0]?.note).toBe('checkpoint 1');
    expect(watcher.of('locked')).toEqual([expect.objectContaining({ resource: 'Slow', locked: true, reason: 3 })]);
    await pool.call({ resource: 'Slow', type: 'dummy', entry: 'offline', args: offline, properties: { ...properties, OnlineDelayMs: 0 } });
    expect(watcher.of('locked').at(-1)).toMatchObject({ locked: false });
  });

  it('runs calls of many resources concurrently in one host', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => pool.call({ resource: `R${i}`, type: 'dummy', entry: 'online', args: online(), properties: { OnlineDelayMs: 200 } })),
    );
    expect(results.every((r) => r.exec === 'done' && r.outcome === 'ok')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.list()).toHaveLength(1);
  });

  it('gives a SeparateMonitor resource its own host process', async () => {
    await pool.call({ resource: 'Shared', type: 'dummy', entry: 'online', args: online() });
    await pool.call({ resource: 'Alone', type: 'dummy', entry: 'online', args: online(), separateMonitor: true });
    const shared = pool.pidFor('Shared', 'dummy');
    const alone = pool.pidFor('Alone', 'dummy', true);
    expect(shared).not.toBeNull();
    expect(alone).not.toBeNull();
    expect(alone).not.toBe(shared);
    expect(pool.list().find((h) => h.pid === alone)).toMatchObject({ dedicatedTo: 'Alone', resources: ['Alone'] });
    // Closing the resource retires its dedicated host.
    await pool.call({ resource: 'Alone', type: 'dummy', entry: 'close', args: null, separateMonitor: true });
    await pool.close();
    expect(isGone(alone as number)).toBe(true);
  });

  it('closes a resource in its old host when SeparateMonitor moves it to its own', async () => {
    const recordFile = join(dir, 'moves.jsonl');
    const properties = { RecordFile: recordFile };
    await pool.call({ resource: 'Mover', type: 'dummy', entry: 'online', args: online(), properties });
    await pool.call({ resource: 'Mover', type: 'dummy', entry: 'offline', args: offline, properties });
    await pool.call({ resource: 'Mover', type: 'dummy', entry: 'online', args: online(), properties, separateMonitor: true });
    const entries = () => readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { entry: string }).entry);
    await expect.poll(entries).toContain('close');
    expect(pool.list().find((h) => h.dedicatedTo === 'Mover')?.resources).toEqual(['Mover']);
    expect(pool.list().find((h) => h.hostId === 'type:dummy')?.resources).toEqual([]);
  });

  it('loads a user type from a path and contains its exceptions', async () => {
    expect(await pool.call({ resource: 'T', type: './thrower.mjs', entry: 'isAlive', args: null })).toMatchObject({ outcome: 'ok' });
    expect(await pool.call({ resource: 'T', type: './thrower.mjs', entry: 'online', args: online() })).toEqual({
      exec: 'done',
      outcome: 'failed',
      code: 5930,
      detail: 'async boom',
    });
    expect(await pool.call({ resource: 'T', type: './thrower.mjs', entry: 'online', args: online(), properties: { Sync: true } })).toMatchObject({ code: 5930, detail: 'sync boom' });
    const pid = pool.pidFor('T', './thrower.mjs');
    expect(await pool.call({ resource: 'T', type: './thrower.mjs', entry: 'offline', args: offline })).toMatchObject({ outcome: 'ok' });
    await watcher.waitFor('log', (e) => e.message.includes('stray boom'));
    expect(watcher.of('log').some((e) => e.resource === 'T' && e.level === 'warn')).toBe(true);
    // The stray exception was logged, not fatal: same process, still answering.
    expect(await pool.call({ resource: 'T', type: './thrower.mjs', entry: 'isAlive', args: null })).toMatchObject({ outcome: 'ok' });
    expect(pool.pidFor('T', './thrower.mjs')).toBe(pid);
  });

  it('answers 5078 / 5080 as error results for types that cannot be used', async () => {
    writeFileSync(join(dir, 'not-a-type.mjs'), 'export const x = 1;\n');
    expect(await pool.call({ resource: 'X', type: 'nosuch', entry: 'online', args: online() })).toMatchObject({ exec: 'error', code: 5078 });
    expect(await pool.call({ resource: 'X', type: './missing.mjs', entry: 'online', args: online() })).toMatchObject({ exec: 'error', code: 5078 });
    expect(await pool.call({ resource: 'X', type: './not-a-type.mjs', entry: 'online', args: online() })).toMatchObject({ exec: 'error', code: 5080 });
  });

  it('validates properties in the host', async () => {
    expect(await pool.call({ resource: 'V', type: 'dummy', entry: 'validate', args: null, properties: { OnlineDelayMs: 'x' } })).toMatchObject({ outcome: 'failed', code: 5943 });
    expect(await pool.call({ resource: 'V', type: 'dummy', entry: 'validate', args: null, properties: { OnlineDelayMs: 5 } })).toMatchObject({ outcome: 'ok' });
  });

  it('prepare() starts and loads a host ahead of the first call', async () => {
    expect(await pool.prepare('dummy')).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    const pid = pool.pidFor('Any', 'dummy');
    expect(pid).not.toBeNull();
    await pool.call({ resource: 'Any', type: 'dummy', entry: 'isAlive', args: null });
    expect(pool.pidFor('Any', 'dummy')).toBe(pid);
    expect(await pool.prepare('nosuch')).toMatchObject({ exec: 'error', code: 5078 });
  });

  it('cancels calls made after close', async () => {
    await pool.close();
    expect(await pool.call({ resource: 'Late', type: 'dummy', entry: 'online', args: online() })).toMatchObject({ exec: 'cancelled', code: 1223 });
  });
});
