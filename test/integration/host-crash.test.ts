/**
 * Host failure with real processes: kill -9 of a host, a host that exits inside an entry point
 * (CrashHost), a call that outruns its DeadlockTimeout, a host that never gets ready. Each fails
 * only the calls of its own host, reports the resources that lived there, and a new host serves
 * the next call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OfflineReason } from '../../src/core/flags.js';
import { HostClient, HostPool } from '../../src/host/index.js';
import { PoolWatcher, isGone, killIfAlive, waitUntilGone } from './host-test-helpers.js';

let dir: string;
let pool: HostPool;
let watcher: PoolWatcher;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-host-crash-'));
  writeFileSync(join(dir, 'steady.mjs'), `export default { name: 'steady', online() {}, offline() {}, terminate() {}, isAlive() { return true; } };\n`);
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

const online = { flags: 0, instructions: null, raw: null };
const offline = { destinationNode: null, flags: 0, reason: OfflineReason.USER_REQUESTED, instructions: null, raw: null };
const hang = { HangOffline: true };

describe('host crash', () => {
  it('kill -9 fails every pending call of that host at once; the next call gets a new host; other hosts are untouched', async () => {
    await pool.call({ resource: 'Other', type: './steady.mjs', entry: 'online', args: online });
    const otherPid = pool.pidFor('Other', './steady.mjs');
    await pool.call({ resource: 'A', type: 'dummy', entry: 'online', args: online, properties: hang });
    await pool.call({ resource: 'B', type: 'dummy', entry: 'online', args: online, properties: hang });
    const pid = pool.pidFor('A', 'dummy') as number;

    const pending = [
      pool.call({ resource: 'A', type: 'dummy', entry: 'offline', args: offline }),
      pool.call({ resource: 'B', type: 'dummy', entry: 'offline', args: offline }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50)); // let both reach the host
    process.kill(pid, 'SIGKILL');
    const results = await Promise.all(pending);
    for (const result of results) expect(result).toMatchObject({ exec: 'host-crashed', code: 5038 });

    const exit = await watcher.waitFor('host-exited', (e) => e.pid === pid);
    expect(exit).toMatchObject({ cause: 'crashed', signal: 'SIGKILL', hostId: 'type:dummy' });
    expect([...exit.resources].sort()).toEqual(['A', 'B']);

    expect(await pool.call({ resource: 'A', type: 'dummy', entry: 'isAlive', args: null })).toMatchObject({ exec: 'done', outcome: 'not-running' });
    const newPid = pool.pidFor('A', 'dummy');
    expect(newPid).not.toBe(pid);
    expect(pool.pidFor('Other', './steady.mjs')).toBe(otherPid);
    expect(await pool.call({ resource: 'Other', type: './steady.mjs', entry: 'isAlive', args: null })).toMatchObject({ outcome: 'ok' });
    expect(watcher.of('host-exited')).toHaveLength(1);
  });

  it('a host that exits inside an entry point (CrashHost) fails its calls as host-crashed', async () => {
    const result = await pool.call({ resource: 'C', type: 'dummy', entry: 'online', args: online, properties: { CrashHost: 'online' } });
    expect(result).toMatchObject({ exec: 'host-crashed' });
    const exit = await watcher.waitFor('host-exited');
    expect(exit).toMatchObject({ cause: 'crashed', exitCode: 70, resources: ['C'] });
  });
});

describe('DeadlockTimeout', () => {
  it('kills the host when a call hangs: timeout for the offender, host-crashed for the rest', async () => {
    await pool.call({ resource: 'Hung', type: 'dummy', entry: 'online', args: online, properties: hang });
    await pool.call({ resource: 'Slow', type: 'dummy', entry: 'online', args: online, properties: { OfflineDelayMs: 5_000 } });
    const pid = pool.pidFor('Hung', 'dummy') as number;
    const started = Date.now();
    const [hung, slow] = await Promise.all([
      pool.call({ resource: 'Hung', type: 'dummy', entry: 'offline', args: offline, deadlineMs: 300 }),
      pool.call({ resource: 'Slow', type: 'dummy', entry: 'offline', args: offline }),
    ]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(hung).toMatchObject({ exec: 'timeout', code: 5910 });
    expect(slow).toMatchObject({ exec: 'host-crashed' });
    // At once, before the killed process is even reaped, the next call goes to a fresh host.
    expect(await pool.call({ resource: 'Next', type: 'dummy', entry: 'isAlive', args: null })).toMatchObject({ exec: 'done', outcome: 'not-running' });
    expect(await waitUntilGone(pid)).toBe(true);
    const exit = await watcher.waitFor('host-exited', (e) => e.pid === pid);
    expect(exit).toMatchObject({ cause: 'deadline', signal: 'SIGKILL' });
    expect([...exit.resources].sort()).toEqual(['Hung', 'Slow']);
    expect(await pool.call({ resource: 'Hung', type: 'dummy', entry: 'isAlive', args: null })).toMatchObject({ exec: 'done' });
    expect(pool.pidFor('Hung', 'dummy')).not.toBe(pid);
  });

  it('a deadline does not count the host start-up', async () => {
    // The first call of a fresh host waits for start-up (~0.3 s under tsx) before its 150 ms start.
    const result = await pool.call({ resource: 'Quick', type: 'dummy', entry: 'online', args: online, deadlineMs: 150 });
    expect(result).toMatchObject({ exec: 'done', outcome: 'ok' });
  });
});

describe('host start-up', () => {
  it('a host that is not ready in time is killed and its calls end as error 5017', async () => {
    const client = new HostClient({ hostId: 'test:slow-start', startupTimeoutMs: 1 });
    const pid = client.pid as number;
    try {
      const result = await client.call({ resource: 'R', type: 'dummy', entry: 'isAlive', args: null }, { deadlineMs: 1_000 });
      expect(result).toMatchObject({ exec: 'error', code: 5017 });
      expect(await client.exited).toBe('start-failed');
      expect(await waitUntilGone(pid)).toBe(true);
    } finally {
      killIfAlive(pid);
    }
  });

  it('close() waits for the process to exit', async () => {
    await pool.call({ resource: 'A', type: 'dummy', entry: 'online', args: online });
    const pid = pool.pidFor('A', 'dummy') as number;
    await pool.close();
    expect(await waitUntilGone(pid, 2_000)).toBe(true);
    expect(isGone(pid)).toBe(true);
    expect(watcher.of('host-exited')).toEqual([expect.objectContaining({ cause: 'shutdown' })]);
  });
});
