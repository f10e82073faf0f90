/**
 * A single-node cluster in this process with real resource hosts: the engine over a host pool.
 * The daemon builds on it; tests, the ClusAPI facade's examples and benchmarks use it directly.
 */
import type { Clock } from '../core/clock.js';
import { loadModelYaml, type ValidationOptions } from '../core/config/index.js';
import type { ClusterModel } from '../core/model.js';
import { HostPool, systemClock } from '../host/index.js';
import { Engine, type EngineHooks, type EngineOptions } from './engine.js';
import { HostDriver } from './host-driver.js';

export interface LocalClusterOptions {
  /** The cluster configuration: YAML text or an already built model. */
  readonly config: string | ClusterModel;
  /** Directory that relative user-type paths are resolved against. */
  readonly baseDir?: string;
  readonly localNode?: string;
  readonly clock?: Clock;
  readonly hooks?: EngineHooks;
  readonly persistent?: EngineOptions['persistent'];
  readonly validation?: ValidationOptions;
  /** Probe every resource and restore persistent state now (default true). */
  readonly start?: boolean;
}

export interface LocalCluster {
  readonly engine: Engine;
  readonly pool: HostPool;
  /** Stops the engine's timers and every host process, waiting for them to exit. */
  close(): Promise<void>;
}

export async function createLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const model = typeof options.config === 'string' ? loadModelYaml(options.config, options.validation) : options.config;
  const clock = options.clock ?? systemClock;
  const pool = new HostPool({ baseDir: options.baseDir ?? process.cwd(), clock });
  const engine = new Engine({
    model,
    driver: new HostDriver(pool),
    clock,
    localNode: options.localNode ?? model.config.nodes[0]?.name ?? 'node1',
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.persistent ? { persistent: options.persistent } : {}),
  });
  const cluster: LocalCluster = {
    engine,
    pool,
    close: async () => {
      await engine.close();
      await pool.close();
    },
  };
  if (options.start !== false) {
    try {
      await engine.start();
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }
  return cluster;
}
