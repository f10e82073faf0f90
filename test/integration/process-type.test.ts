/**
 * The `process` type end to end: the engine, real resource hosts and real programs (python's
 * http.server, small node programs). Every test stops what it started: the process groups named in
 * pid files and pid lists are killed in afterEach, by pid.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceState } from '../../src/core/states.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { encodePropertyList, parsePropertyListJson } from '../../src/proplist/index.js';
import { FULL, TestDir, clusterYaml, processGone, startCluster, waitFor } from './support/local-cluster.js';

let cluster: LocalCluster | undefined;
let dir: TestDir | undefined;
/** Process group leaders (and plain pids) to kill after each test. */
const groups = new Set<number>();

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  for (const pid of groups) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  groups.clear();
  dir?.remove();
  dir = undefined;
});

/**
 * A node program that records its pid, traps SIGUSR1 (reads the instructions) and SIGTERM, and
 * then creates its ReadyFile.
 */
const NODE_APP = `
const fs = require('node:fs');
fs.appendFileSync(process.env.PIDS, process.pid + '\\n');
process.on('SIGUSR1', () => { fs.writeFileSync(process.env.OUT, fs.readFileSync(process.env.WOLFPACK_INSTRUCTIONS_FILE)); process.exit(0); });
process.on('SIGTERM', () => { if (process.env.IGNORE_TERM !== '1') { fs.writeFileSync(process.env.OUT, 'TERM'); process.exit(0); } });
// Ready only once the handlers are in place: a signal before that would find node's defaults.
fs.writeFileSync(process.env.READY, '');
setInterval(() => undefined, 1000);
`;

function setup(): TestDir {
  dir = new TestDir();
  writeFileSync(dir.file('app.cjs'), NODE_APP);
  return dir;
}

function appResource(d: TestDir, extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'process',
    ...extra,
    properties: {
      Program: process.execPath,
      Arguments: [d.file('app.cjs')],
      Environment: { PIDS: d.file('pids'), OUT: d.file('out'), READY: d.file('ready') },
      PidFile: d.file('app.pid'),
      ReadyFile: d.file('ready'),
      ...props,
    },
  };
}

function pidOf(pidFile: string): number {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  groups.add(pid);
  return pid;
}

function pidsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  const pids = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  for (const pid of pids) groups.add(pid);
  return pids;
}

async function run(c: LocalCluster, command: Parameters<LocalCluster['engine']['submit']>[0]): Promise<string | undefined> {
  const answer = await c.engine.submit(command);
  expect(answer.code).toBe(997);
  const op = await c.engine.waitForOperation(answer.operation as string);
  return op?.outcome;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('process resource type with real programs', () => {
  it('serves python3 -m http.server while online, and the port closes after offline', async () => {
    const d = setup();
    const port = await freePort();
    const yaml = clusterYaml({
      G: {
        Web: {
          type: 'process',
          properties: { CommandLine: `python3 -m http.server ${port} --bind 127.0.0.1`, CurrentDirectory: d.path, ReadyPort: port, PidFile: d.file('web.pid'), Output: d.file('web.log') },
        },
      },
    });
    writeFileSync(d.file('hello.txt'), 'hello from wolfpack\n');
    cluster = await startCluster(yaml);
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    const pid = pidOf(d.file('web.pid'));
    expect(cluster.engine.resource('Web')?.state).toBe(ResourceState.Online);
    const response = await fetch(`http://127.0.0.1:${port}/hello.txt`);
    expect(await response.text()).toBe('hello from wolfpack\n');

    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(cluster.engine.resource('Web')?.state).toBe(ResourceState.Offline);
    expect(processGone(pid)).toBe(true);
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(d.file('web.pid'))).toBe(false);
    expect(readFileSync(d.file('web.log'), 'utf8')).toContain('GET /hello.txt');
  });

  it('hands the offline instructions to the program before the signal StopSignalFor picks', async () => {
    const d = setup();
    cluster = await startCluster(clusterYaml({ G: { App: appResource(d, {}, { StopSignalFor: { Save: 'SIGUSR1' } }) } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    pidOf(d.file('app.pid'));
    const bytes = encodePropertyList(parsePropertyListJson('{"Save": {"type": "dword", "value": 1}, "Note": {"type": "sz", "value": "before move"}}'));
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0x1, caller: FULL, inputBytes: bytes })).toBe('succeeded');
    const seen = JSON.parse(readFileSync(d.file('out'), 'utf8')) as Record<string, unknown>;
    expect(seen).toEqual({
      resource: 'App',
      reason: 4,
      reasonName: 'USER_REQUESTED',
      flags: 1,
      flagNames: ['IGNORE_RESOURCE_STATUS'],
      destinationNode: null,
      instructions: { Save: { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'before move' } },
      raw: Buffer.from(bytes).toString('base64'),
    });
    // Without the Save instruction the plain StopSignal (SIGTERM) is used.
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    pidOf(d.file('app.pid'));
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(readFileSync(d.file('out'), 'utf8')).toBe('TERM');
  });

  it('sends SIGKILL to a program that ignores SIGTERM after StopTimeoutMs, progress keeping a short PendingTimeout alive', async () => {
    const d = setup();
    const app = appResource(d, { PendingTimeout: 1_000 }, { StopTimeoutMs: 2_000, Environment: { PIDS: d.file('pids'), OUT: d.file('out'), READY: d.file('ready'), IGNORE_TERM: '1' } });
    cluster = await startCluster(clusterYaml({ G: { App: app } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    const pid = pidOf(d.file('app.pid'));
    const started = Date.now();
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(processGone(pid)).toBe(true);
    expect(existsSync(d.file('out'))).toBe(false);
    expect(cluster.engine.resource('App')?.state).toBe(ResourceState.Offline);
  });

  it('terminate (FORCE_WITH_TERMINATION) kills the whole process group at once', async () => {
    const d = setup();
    const tree = `trap '' TERM; sleep 60 & echo $! >> "${d.file('pids')}"; while :; do sleep 0.05; done`;
    cluster = await startCluster(clusterYaml({ G: { Tree: { type: 'process', properties: { Program: '/bin/sh', Arguments: ['-c', tree], PidFile: d.file('tree.pid') } } } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    const leader = pidOf(d.file('tree.pid'));
    await waitFor('the child sleep', () => pidsIn(d.file('pids')).length === 1);
    const [child] = pidsIn(d.file('pids'));
    const started = Date.now();
    expect(await run(cluster, { kind: 'offline-resource', resource: 'Tree', flags: 0x2, caller: FULL })).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(processGone(leader)).toBe(true);
    expect(processGone(child as number)).toBe(true);
    expect(cluster.engine.resource('Tree')?.state).toBe(ResourceState.Offline);
  });

  it('detects a kill -9 through LooksAlive and restarts the program per policy', async () => {
    const d = setup();
    cluster = await startCluster(clusterYaml({ G: { App: appResource(d, { LooksAlivePollInterval: 100, RestartDelay: 100 }) } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    const first = pidOf(d.file('app.pid'));
    process.kill(first, 'SIGKILL');
    await waitFor('a second start', () => pidsIn(d.file('pids')).length === 2).catch((error: unknown) => {
      const ops = cluster?.engine.listOperations().map((op) => `${op.id} ${op.kind} ${op.outcome} ${op.cause ?? ''}`);
      throw new Error(`${String(error)}; App state ${cluster?.engine.resource('App')?.state} (${cluster?.engine.resource('App')?.failureReason}); operations: ${ops?.join(' / ')}`);
    });
    await waitFor('App online again', () => cluster?.engine.resource('App')?.state === ResourceState.Online);
    const second = pidOf(d.file('app.pid'));
    expect(second).not.toBe(first);
    expect(pidsIn(d.file('pids'))).toEqual([first, second]);
    const restart = cluster.engine.listOperations().find((op) => op.kind === 'online-resource' && op.target === 'App');
    expect(restart?.cause).toMatch(/^restart policy: attempt 1 of 3 after /);
    expect(restart?.outcome).toBe('succeeded');
  });
});

const localCluster = pathToFileURL(fileURLToPath(new URL('../../src/engine/local-cluster.ts', import.meta.url))).href;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('process resource type across a daemon crash', () => {
  it('adopts the running program after a kill -9 of the daemon: same pid, no second start', async () => {
    const d = setup();
    const yaml = clusterYaml({ G: { App: appResource(d) } });
    writeFileSync(d.file('cluster.yaml'), yaml);
    writeFileSync(
      d.file('daemon.mts'),
      `import { readFileSync } from 'node:fs';
import { createLocalCluster } from ${JSON.stringify(localCluster)};
const cluster = await createLocalCluster({ config: readFileSync(${JSON.stringify(d.file('cluster.yaml'))}, 'utf8') });
const answer = await cluster.engine.submit({ kind: 'online-group', group: 'G', flags: 0, caller: { principal: 'test', access: 'full' } });
const op = await cluster.engine.waitForOperation(answer.operation);
process.stdout.write(JSON.stringify({ outcome: op?.outcome, state: cluster.engine.resource('App')?.state }) + '\\n');
setInterval(() => undefined, 1_000);
`,
    );
    const daemon = spawn(process.execPath, ['--import', tsxLoader, d.file('daemon.mts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    groups.add(daemon.pid as number);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: daemon.stdout as NodeJS.ReadableStream }).once('line', resolve);
      daemon.once('exit', (code) => reject(new Error(`daemon exited early with ${String(code)}`)));
    });
    expect(JSON.parse(line)).toEqual({ outcome: 'succeeded', state: ResourceState.Online });
    const pid = pidOf(d.file('app.pid'));

    daemon.kill('SIGKILL');
    await waitFor('the daemon to die', () => processGone(daemon.pid as number));
    expect(processGone(pid)).toBe(false);

    cluster = await startCluster(yaml, { persistent: { groups: new Map([['G', 1]]), resources: new Map([['App', 1]]) } });
    expect(cluster.engine.resource('App')?.state).toBe(ResourceState.Online);
    // Let the start-up restore run its course; it must not start a second copy.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pidOf(d.file('app.pid'))).toBe(pid);
    expect(pidsIn(d.file('pids'))).toEqual([pid]);
    expect(cluster.engine.resource('App')?.state).toBe(ResourceState.Online);

    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(processGone(pid)).toBe(true);
  });
});
