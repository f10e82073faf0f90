/**
 * Test support for the API suites: a real single-node cluster (engine + resource host processes),
 * a real memory store with the token service over it, the event journal, and buildApi on top,
 * plus a small honest ConfigService (YAML kept in the store, diffed with diffConfigs; it does not
 * reload the engine -- that is the daemon's part) and request helpers for inject().
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { stringify } from 'yaml';
import type { ApplyAnswer, ApplyBody, ConfigView } from '../../src/client/contract.js';
import { buildApi, EventJournal, TokenService, type ApiOptions, type ConfigService } from '../../src/api/index.js';
import type { ClusterControl } from '../../src/api/deps.js';
import { configToYaml, diffConfigs, formatConfigDiff, parseClusterConfig } from '../../src/core/config/index.js';
import { errorName } from '../../src/core/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { createLocalCluster, type LocalCluster } from '../../src/engine/local-cluster.js';
import { createMemoryStore } from '../../src/store/index.js';
import type { ClusterStore } from '../../src/store/port.js';

export const CONFIG_KEY = '/wolfpack/config';

export class StoreConfigService implements ConfigService {
  constructor(
    private readonly store: ClusterStore,
    private readonly engine: Engine,
  ) {}

  async get(): Promise<ConfigView> {
    const kv = await this.store.get(CONFIG_KEY);
    return { yaml: kv?.value ?? configToYaml(this.engine.model.config), revision: kv?.modRevision ?? 0 };
  }

  async apply(body: ApplyBody, principal: string): Promise<ApplyAnswer> {
    const next = parseClusterConfig(body.yaml);
    const current = await this.get();
    const diff = formatConfigDiff(diffConfigs(parseClusterConfig(current.yaml), next));
    if (diff.length === 0 || body.plan === true) {
      return { code: 0, name: errorName(0), message: diff.length === 0 ? 'already in effect' : 'preview', diff, revision: current.revision, changed: false, operations: [] };
    }
    const revision = await this.store.put(CONFIG_KEY, configToYaml(next));
    return { code: 0, name: errorName(0), message: `applied by ${principal}`, diff, revision, changed: true, operations: [] };
  }
}

export interface TestApi {
  readonly cluster: LocalCluster;
  readonly engine: Engine;
  readonly store: ClusterStore;
  readonly tokens: TokenService;
  readonly journal: EventJournal;
  readonly app: FastifyInstance;
  readonly full: string;
  readonly read: string;
  readonly dir: string;
  /** A second app over the same deps, built on demand (e.g. the local-socket transport). */
  build(options: ApiOptions): FastifyInstance;
  close(): Promise<void>;
}

type ResourceSpec = Record<string, unknown>;

/** YAML for one cluster named Test on node1, `type: dummy` filled in. */
export function yamlOf(groups: Record<string, Record<string, ResourceSpec>>): string {
  return stringify({
    cluster: 'Test',
    nodes: ['node1'],
    groups: Object.fromEntries(Object.entries(groups).map(([g, rs]) => [g, { resources: Object.fromEntries(Object.entries(rs).map(([n, s]) => [n, { type: 'dummy', ...s }])) }])),
  });
}

/** The default cluster: group G with a chain Disk <- Db <- App recording every call, and a locked group L. */
export function defaultYaml(dir: string): string {
  const record = join(dir, 'record.jsonl');
  return yamlOf({
    G: {
      Disk: { properties: { RecordFile: record } },
      Db: { dependsOn: ['Disk'], properties: { RecordFile: record } },
      App: { dependsOn: ['Db'], properties: { RecordFile: record } },
    },
    L: { Vault: { properties: { Locked: true, LockedReason: 3 } } },
  });
}

export interface StartOptions {
  readonly yaml?: (dir: string) => string;
  readonly api?: Partial<ApiOptions>;
  readonly journalCapacity?: number;
  /** The multi-node part, as the daemon would give it (tests give their own). */
  readonly cluster?: ClusterControl;
  readonly localNode?: string;
}

export async function startApi(options: StartOptions = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-api-'));
  let cluster: LocalCluster;
  try {
    cluster = await createLocalCluster({ config: (options.yaml ?? defaultYaml)(dir), ...(options.localNode ? { localNode: options.localNode } : {}) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const store = createMemoryStore();
  const tokens = new TokenService(store);
  const journal = new EventJournal(cluster.engine, options.journalCapacity);
  const config = new StoreConfigService(store, cluster.engine);
  const deps = { engine: cluster.engine, tokens, config, journal, clusterName: 'Test', localNode: options.localNode ?? 'node1', ...(options.cluster ? { cluster: options.cluster } : {}) };
  const apps: FastifyInstance[] = [];
  const build = (apiOptions: ApiOptions): FastifyInstance => {
    const app = buildApi(deps, apiOptions);
    apps.push(app);
    return app;
  };
  const app = build({ transport: 'tcp', ...options.api });
  await tokens.ready();
  const full = (await tokens.create('admin', 'full')).token;
  const read = (await tokens.create('viewer', 'read')).token;
  return {
    cluster,
    engine: cluster.engine,
    store,
    tokens,
    journal,
    app,
    full,
    read,
    dir,
    build,
    close: async () => {
      for (const a of apps) await a.close();
      journal.close();
      await tokens.close();
      await cluster.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function auth(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function get(app: FastifyInstance, url: string, token?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: token ? auth(token) : {} });
}

export async function post(app: FastifyInstance, url: string, token: string | undefined, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: token ? auth(token) : {}, ...(body === undefined ? {} : { payload: body as object }) });
}

/** POST with a raw body and content type, for bodies that are not JSON. */
export async function postRaw(app: FastifyInstance, url: string, token: string, payload: string, contentType = 'application/json'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: { ...auth(token), 'content-type': contentType }, payload });
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Brings a group online through the engine and waits for the operation to end. */
export async function onlineGroup(engine: Engine, group: string): Promise<void> {
  const answer = await engine.submit({ kind: 'online-group', group, flags: 0, caller: { principal: 'setup', access: 'full' } });
  if (answer.operation) await engine.waitForOperation(answer.operation);
}

export interface RecordLine {
  readonly entry: string;
  readonly resource: string;
  readonly flags?: number;
  readonly reason?: number;
  readonly instructions?: unknown;
  readonly raw?: string | null;
}

export function readRecord(dir: string, entry?: string): RecordLine[] {
  const file = join(dir, 'record.jsonl');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as RecordLine);
  return entry === undefined ? lines : lines.filter((l) => l.entry === entry);
}
