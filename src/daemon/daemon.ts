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
  ) {}

  get socketPath(): string {
    return this.dataDir.socket;
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    const limit = options.phaseTimeoutMs ?? 120_000;
    const dataDir = prepareDataDir(options.dataDir);
    const store = await runPhase('open-store', limit, log, () => openStore(options.store ?? `sqlite:${dataDir.database}`));
    const cleanup: Array<() => Promise<void>> = [() => store.close()];
    try {
      removeStaleSocket(dataDir);
      const persistence = new DaemonPersistence(store);
      const loaded = await runPhase('load-state', limit, log, () => persistence.load());
      if (loaded.interrupted.length > 0) log(`operations cut off by the last stop, marked interrupted: ${loaded.interrupted.join(', ')}`);
      const baseDir = options.configFile ? dirname(resolve(options.configFile)) : process.cwd();
      const validateTypes = options.validateTypes ?? typeValidator(baseDir);
      const fileConfig = options.configFile ? parseClusterConfig(readFileSync(options.configFile, 'utf8')) : null;
      const firstStart = loaded.storedConfig === null;
      const config: ClusterConfig = loaded.storedConfig !== null ? decodeStoredConfig(loaded.storedConfig) : (fileConfig ?? parseClusterConfig(EMPTY_CLUSTER));
      if (firstStart) {
        await validateTypes(config);
        await store.put(KEYS.config, encodeStoredConfig(config));
      }

      const localNode = options.node ?? config.nodes[0]?.name ?? 'node1';
      const pool = new HostPool({ baseDir, clock: systemClock });
      cleanup.unshift(() => pool.close());
      const engine = new Engine({
        model: buildModel(config),
        driver: new HostDriver(pool),
        clock: systemClock,
        localNode,
        persistent: { resources: loaded.resources, groups: loaded.groups },
        firstOperationNumber: loaded.nextOperationNumber,
        history: loaded.history,
        hooks: { persistAdmission: (operation, persistent) => persistence.persistAdmission(operation, persistent) },
      });
      cleanup.unshift(() => engine.close());
      persistence.attach(engine);
      const unsubscribeLog = engine.subscribe((event) => {
        const line = formatEvent(event);
        if (line) log(line);
      });
      await runPhase('start-engine', limit, log, () => engine.start());

      const configService = new ConfigService(store, engine, validateTypes);
      if (fileConfig && !firstStart) {
        const answer = await runPhase('apply-config-file', limit, log, () => configService.applyConfig(fileConfig, false, 'wolfpack'));
        log(answer.changed ? `applied ${options.configFile}: ${answer.diff.join('; ')}` : `${options.configFile}: already in effect`);
      }

      const tokens = new TokenService(store);
      const journal = new EventJournal(engine);
      const deps = { engine, tokens, config: configService, journal, clusterName: config.cluster, localNode };
      const servers: FastifyInstance[] = [];
      let url: string | null = null;
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
      const daemon = new Daemon(dataDir, store, engine, pool, persistence, servers, url, journal, tokens, log, limit, unsubscribeLog);
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
    await runPhase('offline-groups', Math.max(this.phaseTimeoutMs, 300_000), log, () => this.engine.shutdown()).catch(() => undefined);
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
    await runPhase('close-store', this.phaseTimeoutMs, log, () => this.store.close()).catch(() => undefined);
    log('wolfpack stopped');
  }
}
