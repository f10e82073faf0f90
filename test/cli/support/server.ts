/**
 * A real server for the CLI transcripts: a single-node cluster with dummy resources in real host
 * processes (createLocalCluster), a memory store with real tokens, the daemon's ConfigService, and
 * the API listening on 127.0.0.1:0 and on an owner-only Unix socket in a temporary data directory.
 * `run` executes the CLI's real command code against captured streams, as the user would type it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi, EventJournal, listenOnLocalSocket, TokenService } from '../../../src/api/index.js';
import type { ClusterControl } from '../../../src/api/deps.js';
import { CapturedIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import { ConfigService } from '../../../src/daemon/config-service.js';
import type { Engine, EngineHooks } from '../../../src/engine/engine.js';
import { createLocalCluster, type LocalCluster } from '../../../src/engine/local-cluster.js';
import { createMemoryStore } from '../../../src/store/index.js';

export interface CliServer {
  readonly url: string;
  /** The data directory; its wolfpack.sock is the local socket. */
  readonly dataDir: string;
  readonly engine: Engine;
  readonly cluster: LocalCluster;
  /** Bearer secrets of an admin (Full) and a viewer (Read). */
  readonly full: string;
  readonly read: string;
  /** Runs `wolfpack ARGS` with --server/--token filled in for the admin unless given. */
  run(...args: string[]): Promise<Run>;
  /** Runs `wolfpack ARGS` exactly as given, in a working directory with no ./.wolfpack. */
  runRaw(args: readonly string[], env?: Record<string, string>, cwd?: string): Promise<Run>;
  close(): Promise<void>;
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly io: CapturedIo;
}

export interface ServerOptions {
  readonly journalCapacity?: number;
  /** Engine hooks, e.g. a handOver standing in for the cluster layer of a move. */
  readonly hooks?: EngineHooks;
  /** The multi-node part of the API (node pause/resume, forwarding). */
  readonly cluster?: ClusterControl;
}

export async function startServer(yaml: string, options: ServerOptions = {}): Promise<CliServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-cli-'));
  const cluster = await createLocalCluster({ config: yaml, ...(options.hooks ? { hooks: options.hooks } : {}) });
  const store = createMemoryStore();
  const tokens = new TokenService(store);
  const journal = new EventJournal(cluster.engine, options.journalCapacity);
  const config = new ConfigService(store, cluster.engine);
  const deps = { engine: cluster.engine, tokens, config, journal, clusterName: 'Demo', localNode: 'node1', ...(options.cluster ? { cluster: options.cluster } : {}) };
  const apps: FastifyInstance[] = [];
  const closeAll = async (): Promise<void> => {
    for (const app of apps) await app.close();
    journal.close();
    await tokens.close();
    await cluster.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const tcp = buildApi(deps, { transport: 'tcp' });
    apps.push(tcp);
    const local = buildApi(deps, { transport: 'local-socket', localPrincipal: 'local:owner' });
    apps.push(local);
    const url = await tcp.listen({ host: '127.0.0.1', port: 0 });
    await listenOnLocalSocket(local, join(dataDir, 'wolfpack.sock'));
    await tokens.ready();
    const full = (await tokens.create('admin', 'full')).token;
    const read = (await tokens.create('viewer', 'read')).token;
    const runRaw = async (args: readonly string[], env: Record<string, string> = {}, cwd = tmpdir()): Promise<Run> => {
      const io = new CapturedIo(env, cwd);
      const code = await main(['node', 'wolfpack', ...args], io);
      return { code, stdout: io.stdout, stderr: io.stderr, io };
    };
    const run = (...args: string[]): Promise<Run> => {
      const extra = [...(args.includes('--server') || args.includes('--data-dir') ? [] : ['--server', url]), ...(args.includes('--token') ? [] : ['--token', full])];
      return runRaw([...args, ...extra]);
    };
    return { url, dataDir, engine: cluster.engine, cluster, full, read, run, runRaw, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Golden text without the parts that change from run to run: wall-clock timestamps, durations and
 * offsets, timer remainders after a progress report, and token secrets and ids.
 */
export function normalize(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
    .replace(/\d\d:\d\d:\d\d\.\d{3}/g, '<clock>')
    .replace(/\+\d+\.\d{3}s/g, '+<t>')
    .replace(/\b\d+\.\d{3}s\b/g, '<d>')
    .replace(/wp_[A-Za-z0-9_-]+/g, 'wp_<secret>');
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
