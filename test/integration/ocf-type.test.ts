/**
 * The ocf type in the real world: Debian's heartbeat agents driven through the engine with real
 * resource host processes. A chain of Dummy resources (order read from the type's timings file,
 * state files appearing and disappearing), heartbeat/anything running `python3 -m http.server`
 * on a free loopback port, meta-data validation at apply time and in the host, and a monitor
 * failure recovered by the restart policy.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClusterConfig } from '../../src/core/config/index.js';
import { ResourceState } from '../../src/core/states.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { OCF_TIMINGS_ENV, validateOcfConfig } from '../../src/resources/ocf/index.js';
import { FULL, TestDir, clusterYaml, processGone, startCluster, waitFor } from './support/local-cluster.js';

let cluster: LocalCluster | undefined;
let dir: TestDir;
/** Pids of services an agent started, killed in afterEach if a test left them running. */
const services: number[] = [];

beforeEach(() => {
  dir = new TestDir();
});

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  delete process.env[OCF_TIMINGS_ENV];
  for (const pid of services.splice(0)) {
    if (!processGone(pid)) process.kill(pid, 'SIGKILL');
    await waitFor(`service ${pid} to vanish`, () => processGone(pid), 10_000);
  }
  dir.remove();
});

async function runGroup(c: LocalCluster, kind: 'online-group' | 'offline-group', group: string): Promise<void> {
  const answer = await c.engine.submit({ kind, group, flags: 0, caller: FULL });
  expect(answer.code).toBe(997);
  const op = await c.engine.waitForOperation(answer.operation as string);
  expect(op?.outcome, JSON.stringify(op?.steps)).toBe('succeeded');
}

interface TimingLine {
  readonly resource: string;
  readonly action: string;
  readonly startAt: number;
  readonly exitAt: number;
}

function timings(file: string, action: string): TimingLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TimingLine)
    .filter((t) => t.action === action);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** GET http://127.0.0.1:port/ -> status code, or the connection error's code (ECONNREFUSED). */
function httpGet(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.on('timeout', () => request.destroy(new Error('timeout')));
  });
}

const NAMES = ['Base', 'Middle', 'Upper', 'Top'];

describe('ocf type with real agents and real hosts', () => {
  it('takes a chain of heartbeat/Dummy resources online providers first and offline dependents first', async () => {
    const timingFile = dir.file('timings.jsonl');
    process.env[OCF_TIMINGS_ENV] = timingFile;
    const state = (name: string): string => dir.file(`${name}.state`);
    const resources = Object.fromEntries(
      NAMES.map((name, i) => [name, { type: 'ocf:heartbeat:Dummy', ...(i === 0 ? {} : { dependsOn: [NAMES[i - 1]] }), properties: { state: state(name) } }]),
    );
    cluster = await startCluster(clusterYaml({ Chain: resources }));

    await runGroup(cluster, 'online-group', 'Chain');
    for (const name of NAMES) {
      expect(existsSync(state(name))).toBe(true);
      expect(cluster.engine.resource(name)?.state).toBe(ResourceState.Online);
    }
    const starts = timings(timingFile, 'start');
    expect(starts.map((t) => t.resource)).toEqual(NAMES);
    for (let i = 1; i < starts.length; i++) expect((starts[i] as TimingLine).startAt).toBeGreaterThanOrEqual((starts[i - 1] as TimingLine).exitAt);

    await runGroup(cluster, 'offline-group', 'Chain');
    for (const name of NAMES) {
      expect(existsSync(state(name))).toBe(false);
      expect(cluster.engine.resource(name)?.state).toBe(ResourceState.Offline);
    }
    const stops = timings(timingFile, 'stop');
    expect(stops.map((t) => t.resource)).toEqual([...NAMES].reverse());
    for (let i = 1; i < stops.length; i++) expect((stops[i] as TimingLine).startAt).toBeGreaterThanOrEqual((stops[i - 1] as TimingLine).exitAt);
  });

  it('runs python3 -m http.server through heartbeat/anything: reachable online, refused after offline', async () => {
    const port = await freePort();
    const pidfile = dir.file('http.pid');
    const yaml = clusterYaml({
      Web: {
        Http: {
          type: 'ocf:heartbeat:anything',
          properties: {
            binfile: '/usr/bin/python3',
            cmdline_options: `-m http.server ${port} --bind 127.0.0.1`,
            workdir: dir.path,
            pidfile,
            logfile: dir.file('http.log'),
            errlogfile: dir.file('http.err'),
          },
        },
      },
    });
    cluster = await startCluster(yaml);
    await runGroup(cluster, 'online-group', 'Web');
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    expect(pid).toBeGreaterThan(1);
    services.push(pid);
    // anything's start returns once python is launched; binding the port takes a moment more.
    let status: number | string = 'not tried';
    for (const deadline = Date.now() + 10_000; status !== 200 && Date.now() < deadline; ) {
      status = await httpGet(port);
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);

    await runGroup(cluster, 'offline-group', 'Web');
    expect(await httpGet(port)).toBe('ECONNREFUSED');
    expect(existsSync(pidfile)).toBe(false);
    await waitFor(`python ${pid} to vanish`, () => processGone(pid), 10_000);
  }, 30_000);

  it('rejects an unknown parameter and a missing required one, at apply time and in the host', async () => {
    const yaml = clusterYaml({
      G: {
        D: { type: 'ocf:heartbeat:Dummy', properties: { state: dir.file('d.state'), colour: 'blue' } },
        A: { type: 'ocf:heartbeat:anything', properties: { cmdline_options: '-m http.server' } },
        Ok: { type: 'ocf:heartbeat:Dummy', properties: { state: dir.file('ok.state') } },
      },
    });
    const issues = await validateOcfConfig(parseClusterConfig(yaml));
    expect(issues.map((i) => ({ path: i.path, code: i.code, message: i.message }))).toEqual([
      { path: 'groups.G.resources.D.properties.colour', code: 5943, message: "ocf:heartbeat:Dummy has no parameter 'colour'; its parameters: state, fake" },
      { path: 'groups.G.resources.A.properties.binfile', code: 5943, message: "ocf:heartbeat:anything requires parameter 'binfile' (Full path name of the binary to be executed)" },
    ]);

    // The same answer from the type's validate hook, run in a resource host.
    cluster = await startCluster(yaml, { start: false });
    const inHost = await cluster.pool.call({ resource: 'A', type: 'ocf:heartbeat:anything', entry: 'validate', args: null, properties: { cmdline_options: '-x' } });
    expect(inHost).toMatchObject({ exec: 'done', outcome: 'failed', code: 5943 });
    expect(inHost.detail).toContain("requires parameter 'binfile'");
  });

  it('detects a monitor failure (state file deleted) and restarts the resource per policy', async () => {
    const state = dir.file('watched.state');
    const yaml = clusterYaml({
      G: { Watched: { type: 'ocf:heartbeat:Dummy', LooksAlivePollInterval: 200, RestartDelay: 100, properties: { state } } },
    });
    cluster = await startCluster(yaml);
    const events: EngineEvent[] = [];
    cluster.engine.subscribe((e) => events.push(e));
    await runGroup(cluster, 'online-group', 'G');
    expect(existsSync(state)).toBe(true);

    rmSync(state);
    const c = cluster;
    await waitFor('the resource to fail', () => events.some((e) => e.type === 'resource-state' && e.resource === 'Watched' && e.state === ResourceState.Failed));
    await waitFor('the restart to bring it back online', () => c.engine.resource('Watched')?.state === ResourceState.Online && existsSync(state));
    const failed = events.find((e) => e.type === 'resource-state' && e.state === ResourceState.Failed);
    expect(failed?.type === 'resource-state' ? failed.detail : '').toMatch(/health|monitor|not running/i);
  });
});
