/**
 * Self-fencing with real resource hosts and a real `process` resource (`sleep 1000`): a deadline
 * that is not renewed kills the program; renewals keep it; a host whose daemon is killed with
 * SIGKILL fences at the deadline and then exits; without a deadline it exits at once and the
 * program runs on for the next daemon to adopt. Every process started here is killed by pid after
 * each test. Times in assertions are only poll limits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OfflineReason } from '../../src/core/flags.js';
import type { JsonValue } from '../../src/core/model.js';
import { FENCED_CODE, HostPool } from '../../src/host/index.js';
import { PoolWatcher, isGone, killIfAlive, waitUntilGone } from './host-test-helpers.js';

const hostIndex = pathToFileURL(fileURLToPath(new URL('../../src/host/index.ts', import.meta.url))).href;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const online = { flags: 0, instructions: null, raw: null };
const offline = { destinationNode: null, flags: 0, reason: OfflineReason.USER_REQUESTED, instructions: null, raw: null };
/** Generous: a loaded CI machine, tsx start-up, and the process type's 25 ms polls. */
const POLL_LIMIT_MS = 10_000;

let dir: string;
let pool: HostPool | undefined;
let watcher: PoolWatcher | undefined;
/** Every pid a test started (parents, hosts, programs), killed after it by pid and by group. */
const started = new Set<number>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-fencing-'));
  // Plays the daemon: one pool, one `process` resource online, an optional deadline, then it waits
  // to be killed. argv: resource name, pid file, deadline in ms or "none".
  writeFileSync(
    join(dir, 'daemon.mts'),
    `import { HostPool } from ${JSON.stringify(hostIndex)};
const [resource, pidFile, deadline] = process.argv.slice(2);
const pool = new HostPool({ baseDir: ${JSON.stringify(dir)} });
const properties = { Program: 'sleep', Arguments: ['1000'], PidFile: pidFile, OnlineSettleMs: 50 };
const result = await pool.call({ resource, type: 'process', entry: 'online', args: { flags: 0, instructions: null, raw: null }, properties });
if (deadline !== 'none') pool.setFenceDeadline(Number(deadline));
process.stdout.write(JSON.stringify({ result, hostPid: pool.list()[0]?.pid ?? null }) + '\\n');
setInterval(() => undefined, 1_000);
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await pool?.close();
  watcher?.killAll();
  pool = undefined;
  watcher = undefined;
  for (const pid of started) {
    killIfAlive(pid);
    try {
      process.kill(-pid, 'SIGKILL'); // the program leads its own process group
    } catch {
      // no such group
    }
  }
  started.clear();
});

function properties(name: string): Readonly<Record<string, JsonValue>> {
  return { Program: 'sleep', Arguments: ['1000'], PidFile: join(dir, `${name}.pid`), OnlineSettleMs: 50 };
}

function programPid(name: string): number {
  const pid = Number(readFileSync(join(dir, `${name}.pid`), 'utf8').split('\n')[0]);
  started.add(pid);
  return pid;
}

function newPool(): HostPool {
  pool = new HostPool({ baseDir: dir });
  watcher = new PoolWatcher(pool);
  return pool;
}

async function bringOnline(p: HostPool, name: string): Promise<number> {
  expect(await p.call({ resource: name, type: 'process', entry: 'online', args: online, properties: properties(name) })).toMatchObject({ exec: 'done', outcome: 'ok' });
  const pid = programPid(name);
  expect(isGone(pid)).toBe(false);
  return pid;
}

async function stillRunsAfter(pid: number, ms: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !isGone(pid);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`daemon exited early with ${String(code)}`)));
  });
}

/** Starts the stand-in daemon; returns its pid, its host's pid and the program's pid. */
async function startDaemon(name: string, deadline: string): Promise<{ daemon: number; host: number; program: number }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(dir, 'daemon.mts'), name, join(dir, `${name}.pid`), deadline], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.add(child.pid as number);
  const line = JSON.parse(await firstLine(child)) as { result: unknown; hostPid: number };
  started.add(line.hostPid);
  expect(line.result).toMatchObject({ exec: 'done', outcome: 'ok' });
  return { daemon: child.pid as number, host: line.hostPid, program: programPid(name) };
}

describe('self-fencing in resource hosts', () => {
  it('a deadline that is not renewed terminates the program and reports it', async () => {
    const p = newPool();
    const pid = await bringOnline(p, 'Unrenewed');
    p.setFenceDeadline(400);
    expect(await waitUntilGone(pid, POLL_LIMIT_MS)).toBe(true);
    const fenced = await watcher!.waitFor('fenced', () => true, POLL_LIMIT_MS);
    expect(fenced).toMatchObject({ hostId: 'type:process', resources: ['Unrenewed'] });
    expect(await p.call({ resource: 'Unrenewed', type: 'process', entry: 'isAlive', args: null })).toMatchObject({ exec: 'done', outcome: 'not-running' });
  });

  it('renewals keep the program running', async () => {
    const p = newPool();
    const pid = await bringOnline(p, 'Renewed');
    for (let i = 0; i < 10; i++) {
      p.setFenceDeadline(400);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    p.setFenceDeadline(null);
    expect(await stillRunsAfter(pid, 600)).toBe(true);
    expect(watcher!.of('fenced')).toEqual([]);
    expect(await p.call({ resource: 'Renewed', type: 'process', entry: 'offline', args: offline })).toMatchObject({ outcome: 'ok' });
    expect(await waitUntilGone(pid, POLL_LIMIT_MS)).toBe(true);
  });

  it('a fenced host refuses online until the daemon re-arms it', async () => {
    const p = newPool();
    const first = await bringOnline(p, 'Refused');
    p.setFenceDeadline(0);
    await watcher!.waitFor('fenced', () => true, POLL_LIMIT_MS);
    expect(await waitUntilGone(first, POLL_LIMIT_MS)).toBe(true);
    const refused = await p.call({ resource: 'Refused', type: 'process', entry: 'online', args: online, properties: properties('Refused') });
    expect(refused).toMatchObject({ exec: 'done', outcome: 'failed', code: FENCED_CODE });

    p.setFenceDeadline(60_000);
    const second = await bringOnline(p, 'Refused');
    expect(second).not.toBe(first);
    p.setFenceDeadline(null);
  });

  it('a host started after the deadline was set is armed with it', async () => {
    const p = newPool();
    p.setFenceDeadline(3_000);
    const pid = await bringOnline(p, 'Later');
    expect(await waitUntilGone(pid, POLL_LIMIT_MS)).toBe(true);
    expect(await watcher!.waitFor('fenced', () => true, POLL_LIMIT_MS)).toMatchObject({ resources: ['Later'] });
  });

  it('when the daemon is killed with a deadline armed, the host fences at the deadline and then exits', async () => {
    const { daemon, host, program } = await startDaemon('Orphaned', '500');
    process.kill(daemon, 'SIGKILL');
    expect(await waitUntilGone(program, POLL_LIMIT_MS)).toBe(true);
    expect(await waitUntilGone(host, POLL_LIMIT_MS)).toBe(true);
  });

  it('when the daemon is killed with no deadline, the host exits and the program runs on', async () => {
    const { daemon, host, program } = await startDaemon('Adoptable', 'none');
    process.kill(daemon, 'SIGKILL');
    expect(await waitUntilGone(host, POLL_LIMIT_MS)).toBe(true);
    expect(await stillRunsAfter(program, 700)).toBe(true);
  });
});
