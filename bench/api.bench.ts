/**
 * HTTP API benchmarks against buildApi listening on 127.0.0.1 over a real engine with resource
 * host processes and zero-delay dummies. Bars from issue 5 item 10:
 *  - group state reads with a Full token, 50 connections (autocannon, ~5 s): >= 20,000 requests/s
 *    and p99 <= 5 ms.
 * The server runs in a child process (this file, started with WOLFPACK_API_BENCH_SERVER set) so
 * the load generator and the SSE client never share its event loop. The same harness also times a
 * bare fastify route answering a constant: the ceiling of this machine, printed next to the
 * figure, since a CI box shared with other jobs can sit below the bar with an empty handler.
 *  - offline round trip of a 10-resource group: from sending POST offline to receiving the SSE
 *    group-state event saying Offline (state 1), median of 30 runs <= 20 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { Agent, request, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildApi, EventJournal, TokenService } from '../src/api/index.js';
import { configToYaml } from '../src/core/config/index.js';
import { createLocalCluster } from '../src/engine/local-cluster.js';
import { createMemoryStore } from '../src/store/index.js';
import { median, percentile, type BenchRow } from './harness.js';

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function chainYaml(group: string, count: number): string {
  const lines = ['cluster: Bench', 'nodes: [node1]', 'groups:', `  ${group}:`, '    resources:'];
  for (let i = 0; i < count; i++) {
    lines.push(`      ${group}${i}:`, '        type: dummy');
    if (i > 0) lines.push(`        dependsOn: [${group}${i - 1}]`);
  }
  return `${lines.join('\n')}\n`;
}

interface Served {
  readonly base: string;
  readonly token: string;
  close(): Promise<void>;
}

const SERVER_MODE = 'WOLFPACK_API_BENCH_SERVER';

/** In the child: the API over a real cluster (or a bare fastify route), then its address to the parent. */
async function runServer(mode: string): Promise<void> {
  if (mode === 'bare') {
    const app = Fastify();
    app.get('/v1/groups/:name/state', async () => ({ state: 1, name: 'ClusterGroupOffline', owner: 'node1' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    process.send?.({ base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, token: 'none' });
    process.once('message', () => void app.close().then(() => process.exit(0)));
    return;
  }
  const cluster = await createLocalCluster({ config: chainYaml(mode, 10) });
  const store = createMemoryStore();
  const tokens = await TokenService.open(store);
  const journal = new EventJournal(cluster.engine);
  const config = { get: async () => ({ yaml: configToYaml(cluster.engine.model.config), revision: 0 }), apply: async () => Promise.reject(new Error('not in the bench')) };
  const app = buildApi({ engine: cluster.engine, tokens, config, journal, clusterName: 'Bench', localNode: 'node1' }, { transport: 'tcp' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const token = (await tokens.create('bench', 'full')).token;
  process.send?.({ base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, token });
  process.once('message', () => {
    void (async () => {
      await app.close();
      journal.close();
      await tokens.close();
      await cluster.close();
      await store.close();
      process.exit(0);
    })();
  });
}

async function serve(mode: string): Promise<Served> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [SERVER_MODE]: mode }, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const address = await new Promise<{ base: string; token: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { base: string; token: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code ?? 'a signal'}`)));
  });
  return {
    ...address,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function readLoad(mode: string): Promise<AutocannonResult> {
  const served = await serve(mode);
  try {
    const options = { url: `${served.base}/v1/groups/G/state`, connections: 50, headers: { authorization: `Bearer ${served.token}` } };
    await autocannon({ ...options, duration: 1 });
    const result = await autocannon({ ...options, duration: 5 });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`reads failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result;
  } finally {
    await served.close();
  }
}

async function groupStateReads(): Promise<BenchRow[]> {
  const result = await readLoad('G');
  const bare = await readLoad('bare');
  const detail = {
    requests: result.requests.total,
    latency_p50_ms: result.latency.p50,
    latency_avg_ms: result.latency.average,
    bare_fastify_req_s: Math.round(bare.requests.average),
    bare_fastify_p99_ms: bare.latency.p99,
  };
  return [
    { name: 'GET /v1/groups/:name/state with a Full token, 50 connections: throughput', value: result.requests.average, unit: 'req/s', bar: { op: '>=', limit: 20_000 }, detail },
    { name: 'GET /v1/groups/:name/state with a Full token, 50 connections: p99 latency', value: result.latency.p99, unit: 'ms', bar: { op: '<=', limit: 5 }, detail },
  ];
}

/** Reads an SSE stream and resolves waiters on the first group-state event matching. */
class GroupStateWatch {
  private buffer = '';
  private waiter: { group: string; state: number; resolve: () => void } | null = null;

  constructor(res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.feed(chunk));
  }

  next(group: string, state: number): Promise<void> {
    return new Promise((resolve) => (this.waiter = { group, state, resolve }));
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      if (!block.includes('event: group-state')) continue;
      const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { group: string; state: number };
      const w = this.waiter;
      if (w && data.group === w.group && data.state === w.state) {
        this.waiter = null;
        w.resolve();
      }
    }
  }
}

function post(agent: Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

async function offlineRoundTrip(runs: number): Promise<BenchRow> {
  const served = await serve('R');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${served.base}/v1/events`, { headers: { authorization: `Bearer ${served.token}` } }, resolve);
    req.on('error', reject);
    req.end();
  });
  const watch = new GroupStateWatch(stream);
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const online = watch.next('R', 0);
      if ((await post(agent, `${served.base}/v1/groups/R/online`, served.token)) !== 202) throw new Error('online was not accepted');
      await online;
      const offline = watch.next('R', 1);
      const start = performance.now();
      const status = post(agent, `${served.base}/v1/groups/R/offline`, served.token);
      await offline;
      const elapsed = performance.now() - start;
      if ((await status) !== 202) throw new Error('offline was not accepted');
      if (i >= 3) samples.push(elapsed);
    }
    return {
      name: 'offline round trip over HTTP, 10-resource zero-delay chain: POST sent -> SSE group Offline',
      value: median(samples),
      unit: 'ms',
      bar: { op: '<=', limit: 20 },
      detail: { runs, min: Math.min(...samples), p90: percentile(samples, 90), max: Math.max(...samples) },
    };
  } finally {
    stream.destroy();
    agent.destroy();
    await served.close();
  }
}

export async function rows(): Promise<BenchRow[]> {
  return [...(await groupStateReads()), await offlineRoundTrip(30)];
}

const serverMode = process.env[SERVER_MODE];
if (serverMode !== undefined) await runServer(serverMode);
