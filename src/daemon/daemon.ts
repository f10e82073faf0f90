/**
 * `wolfpack serve`: the composition root. Start phases: open the cluster database, load the
 * configuration and persistent states, start the engine (probe every resource, bring back what was
 * online), then listen on TCP and on the owner-only local socket. Stop (SIGTERM): stop accepting
 * operations, let running ones finish, take every group offline with reason SHUTTING_DOWN without
 * touching persistent state, so the next start brings back exactly what was online.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi, EventJournal, listenOnLocalSocket, TokenService } from '../api/index.js';
import { buildModel, parseClusterConfig } from '../core/config/index.js';
import type { ClusterConfig } from '../core/model.js';
import { Engine } from '../engine/engine.js';
import { HostDriver } from '../engine/host-driver.js';
import { HostPool, systemClock } from '../host/index.js';
import { openStore } from '../store/index.js';
import type { ClusterStore } from '../store/port.js';
import { ConfigService, decodeStoredConfig, encodeStoredConfig, type TypeValidator } from './config-service.js';
import { prepareDataDir, removeStaleSocket, type DataDir } from './data-dir.js';
import { formatEvent } from './event-log.js';
import { DaemonPersistence } from './persistence.js';
import { runPhase, type Logger } from './phases.js';
import { KEYS } from './store-keys.js';
import { ClusterNode, DEFAULT_LEASE_TTL_MS } from '../cluster/cluster-node.js';
import { ClusterError, Win32 } from '../core/errors.js';
import { NodeState } from '../core/states.js';
import type { HandOverRequest } from '../engine/engine.js';
import type { OperationRecord } from '../engine/operation.js';
import { typeValidator } from './type-validation.js';

export interface DaemonOptions {
  readonly dataDir: string;
  /** host:port for the HTTP API, or null for the local socket only. */
  readonly listen: { readonly host: string; readonly port: number } | null;
  /** A configuration file applied at start (validated; idempotent). */
  readonly configFile?: string;
  /** The cluster database: `sqlite:<path>` (default: <data-dir>/cluster.db) or `memory:`. */
  readonly store?: string;
  /** This node's name (default: the configuration's first node). */
  readonly node?: string;
  /** On a data directory that held no configuration, bring every group online after start. */
  readonly onlineAtFirstStart?: boolean;
  readonly validateTypes?: TypeValidator;
  readonly log?: Logger;
  /** Time limit of each start or stop phase (default 120 s; stopping groups gets 5 min). */
  readonly phaseTimeoutMs?: number;
  /**
   * A store shared with other daemons in this process (tests of many nodes on one memory store):
   * the daemon runs as a node of a many-node cluster and leaves the store open when it stops.
   */
  readonly sharedStore?: ClusterStore;
  /** Many nodes (etcd store): the membership lease TTL, so a dead node is Down after this (default 2000 ms). */
  readonly leaseTtlMs?: number;
  /** Many nodes: fence this long before the earliest lease expiry (default TTL / 4). */
  readonly fenceMarginMs?: number;
}

const EMPTY_CLUSTER = 'cluster: wolfpack\nnodes: [node1]\ngroups: {}\n';

export class Daemon {
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly dataDir: DataDir,
    readonly store: ClusterStore,
    readonly engine: Engine,
    readonly pool: HostPool,
    private readonly persistence: DaemonPersistence,
    private readonly servers: FastifyInstance[],
    readonly url: string | null,
    private readonly journal: EventJournal,
    private readonly tokens: TokenService,
    private readonly log: Logger,
    private readonly phaseTimeoutMs: number,
    private readonly unsubscribeLog: () => void,
    readonly cluster: ClusterNode | null,
    private readonly stopFollowing: () => Promise<void>,
    private readonly sharesStore: boolean,
  ) {}

  get socketPath(): string {
    return this.dataDir.socket;
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    const limit = options.phaseTimeoutMs ?? 120_000;
    const dataDir = prepareDataDir(options.dataDir);
    const shared = options.sharedStore;
    const store = shared ?? (await runPhase('open-store', limit, log, () => openStore(options.store ?? `sqlite:${dataDir.database}`)));
    const cleanup: Array<() => Promise<void>> = shared ? [] : [() => store.close()];
    try {
      removeStaleSocket(dataDir);
      // A shared etcd store means many nodes (ADR 0006); the local stores mean this node runs alone.
      const clustered = store.kind === 'etcd' || shared !== undefined;
      if (clustered && !options.node) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'a node of a many-node cluster needs its name: --node NAME');
      const ttl = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
      if (options.fenceMarginMs !== undefined && options.fenceMarginMs >= ttl) {
        // The hosts would fence at once after every renewal: nothing could stay online.
        throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--fence-margin ${options.fenceMarginMs} ms must be shorter than the lease TTL (${ttl} ms)`);
      }
      let cluster: ClusterNode | null = null;
      const persistence = new DaemonPersistence(store, clustered && options.node ? { node: options.node, guard: (operation) => cluster?.guard(operation) ?? [] } : null);
      const loaded = await runPhase('load-state', limit, log, () => persistence.load());
      if (loaded.interrupted.length > 0) log(`operations cut off by the last stop, marked interrupted: ${loaded.interrupted.join(', ')}`);
      const baseDir = options.configFile ? dirname(resolve(options.configFile)) : process.cwd();
      const validateTypes = options.validateTypes ?? typeValidator(baseDir);
      const fileConfig = options.configFile ? parseClusterConfig(readFileSync(options.configFile, 'utf8')) : null;
      const firstStart = loaded.storedConfig === null;
      let config: ClusterConfig = loaded.storedConfig !== null ? decodeStoredConfig(loaded.storedConfig) : (fileConfig ?? parseClusterConfig(EMPTY_CLUSTER));
      let configRevision = loaded.configRevision;
      if (firstStart) {
        await validateTypes(config);
        // Created only if absent: nodes of a new cluster may start at the same moment with the same file.
        const created = await store.txn({ compare: [{ key: KEYS.config, target: 'createRevision', op: '=', value: 0 }], success: [{ op: 'put', key: KEYS.config, value: encodeStoredConfig(config) }] });
        configRevision = created.revision;
        if (!created.succeeded) {
          const stored = await store.get(KEYS.config);
          if (stored) {
            config = decodeStoredConfig(stored.value);
            configRevision = stored.modRevision;
          }
        }
      }

      const localNode = options.node ?? config.nodes[0]?.name ?? 'node1';
      if (!config.nodes.some((n) => n.name === localNode)) throw new ClusterError(Win32.ERROR_CLUSTER_NODE_NOT_FOUND, `node '${localNode}' is not in the configuration's nodes (${config.nodes.map((n) => n.name).join(', ')})`);
      const model = buildModel(config);
      if (clustered) {
        cluster = await runPhase('join-cluster', limit, log, () => ClusterNode.join(store, { node: localNode, log, readPersistent: (group) => persistence.readPersistent(group), ...(options.leaseTtlMs !== undefined ? { leaseTtlMs: options.leaseTtlMs } : {}), ...(options.fenceMarginMs !== undefined ? { fenceMarginMs: options.fenceMarginMs } : {}) }));
        const joined = cluster;
        cleanup.unshift(() => joined.stop());
      }
      const view = cluster ? cluster.view(model) : { nodeStates: new Map(config.nodes.map((n) => [n.name, n.name === localNode ? NodeState.Up : NodeState.Down])) };
      const clusterNode = cluster;
      const pool = new HostPool({ baseDir, clock: systemClock });
      cleanup.unshift(() => pool.close());
      const driver = new HostDriver(pool);
      const engine = new Engine({
        model,
        driver,
        clock: systemClock,
        localNode,
        persistent: { resources: loaded.resources, groups: loaded.groups },
        firstOperationNumber: loaded.nextOperationNumber,
        history: loaded.history,
        ...view,
        ...(clusterNode ? { operationIdPrefix: `op-${localNode}-` } : {}),
        hooks: {
          persistAdmission: (operation, persistent) => persistence.persistAdmission(operation, persistent),
          ...(clusterNode ? { handOver: (request: HandOverRequest) => clusterNode.handOver(request), failoverRequested: (group: string, why: string) => clusterNode.failoverRequested(group, why) } : {}),
        },
      });
      cleanup.unshift(() => engine.close());
      clusterNode?.attach(engine, driver);
      persistence.attach(engine);
      const unsubscribeLog = engine.subscribe((event) => {
        const line = formatEvent(event);
        if (line) log(line);
      });
      await runPhase('start-engine', limit, log, () => engine.start());

      const configService = new ConfigService(store, engine, validateTypes);
      configService.revision = configRevision;
      if (fileConfig && !firstStart) {
        const answer = await runPhase('apply-config-file', limit, log, () => configService.applyConfig(fileConfig, false, 'wolfpack'));
        log(answer.changed ? `applied ${options.configFile}: ${answer.diff.join('; ')}` : `${options.configFile}: already in effect`);
      }

      const tokens = new TokenService(store);
      const journal = new EventJournal(engine);
      const deps = { engine, tokens, config: configService, journal, clusterName: config.cluster, localNode, ...(clusterNode ? { cluster: clusterNode } : {}) };
      const servers: FastifyInstance[] = [];
      let url: string | null = null;
      // A listener that is up when a later step fails must not keep the process alive.
      cleanup.unshift(async () => {
        await Promise.all(servers.map((server) => server.close()));
      });
      await runPhase('listen', limit, log, async () => {
        const local = buildApi(deps, { transport: 'local-socket' });
        servers.push(local);
        await listenOnLocalSocket(local, dataDir.socket);
        if (options.listen) {
          const tcp = buildApi(deps, { transport: 'tcp' });
          servers.push(tcp);
          await tcp.listen({ host: options.listen.host, port: options.listen.port });
          const address = tcp.server.address();
          const port = typeof address === 'object' && address ? address.port : options.listen.port;
          url = `http://${options.listen.host}:${port}`;
        }
      });
      let stopFollowing = async (): Promise<void> => undefined;
      if (clusterNode) {
        const joined = clusterNode;
        await runPhase('cluster-up', limit, log, () => joined.start(engine, driver, url));
        // Configuration applied on other nodes reaches this one through the store.
        const watcher = await store.watch(KEYS.config, (event) => {
          if (event.type === 'put') void configService.followStored(event.kv.value, event.kv.modRevision).catch((error: unknown) => log(`configuration revision ${event.kv.modRevision}: ${error instanceof Error ? error.message : String(error)}`));
        }, { fromRevision: configRevision + 1 });
        // Other nodes' operations, as they write them: every node can answer for every operation.
        const own = `op-${localNode}-`;
        const operations = await store.watch(KEYS.operationPrefix, (event) => {
          if (event.type !== 'put' || event.kv.key.startsWith(KEYS.operation(own))) return;
          engine.mirrorOperation(JSON.parse(event.kv.value) as OperationRecord);
        }, { fromRevision: loaded.operationsRevision + 1 });
        stopFollowing = async () => {
          await watcher.cancel();
          await operations.cancel();
        };
      }
      const daemon = new Daemon(dataDir, store, engine, pool, persistence, servers, url, journal, tokens, log, limit, unsubscribeLog, clusterNode, stopFollowing, shared !== undefined);
      log(`wolfpack serving cluster ${config.cluster} as ${localNode}: ${url ?? '(no TCP listener)'}, local socket ${dataDir.socket}`);

      if (firstStart && options.onlineAtFirstStart) {
        for (const group of config.groups) {
          const answer = await engine.submit({ kind: 'online-group', group: group.name, flags: 0, caller: { principal: 'wolfpack', access: 'full' } }, { client: 'serve', cause: 'first start: bring the demo online' });
          log(`online ${group.name}: ${answer.code} ${answer.name}`);
        }
      }
      return daemon;
    } catch (error) {
      for (const close of cleanup) await close().catch(() => undefined);
      throw error;
    }
  }

  /** Graceful stop; safe to call more than once (the second call waits for the first). */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    const log = this.log;
    // Nothing may be placed on or moved to a node that is stopping.
    await this.cluster?.leaving().catch(() => undefined);
    await runPhase('offline-groups', Math.max(this.phaseTimeoutMs, 300_000), log, () => this.engine.shutdown()).catch(() => undefined);
    // Only once its groups are offline may the node leave: leaving lets other nodes take them. If
    // some resource did not stop, its hosts terminate everything now and the lease runs out by
    // itself (TTL) instead of being revoked, so no other node starts the group in the meantime.
    if (this.cluster) {
      const cluster = this.cluster;
      await runPhase('leave-cluster', this.phaseTimeoutMs, log, async () => {
        await this.stopFollowing();
        const clean = this.engine.allOwnedOffline();
        if (!clean) {
          log('some resources did not go offline: the resource hosts terminate them, and the lease is left to expire');
          this.pool.setFenceDeadline(0);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        await cluster.stop({ revoke: clean });
      }).catch(() => undefined);
    }
    await runPhase('close-listeners', this.phaseTimeoutMs, log, async () => {
      this.journal.close();
      await Promise.all(this.servers.map((s) => s.close()));
    }).catch(() => undefined);
    await runPhase('close-engine', this.phaseTimeoutMs, log, async () => {
      await this.engine.close();
      this.unsubscribeLog();
      await this.persistence.flush();
      await this.tokens.close();
    }).catch(() => undefined);
    await runPhase('close-hosts', this.phaseTimeoutMs, log, () => this.pool.close()).catch(() => undefined);
    if (!this.sharesStore) await runPhase('close-store', this.phaseTimeoutMs, log, () => this.store.close()).catch(() => undefined);
    log('wolfpack stopped');
  }
}
