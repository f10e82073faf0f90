/**
 * Engine benchmarks with real resource hosts and zero-delay dummies, so every millisecond measured
 * is Wolfpack's own: admission, planning, the graph runner, host round trips, state events.
 * Bars from the Engine issue: <= 0.3 ms per resource for a 100-resource chain and fan; 1,000
 * groups x 10 resources offline concurrently in <= 2 s; <= 2 KB per resource held.
 */
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/core/config/index.js';
import { DEFAULT_GROUP_COMMON, DEFAULT_RESOURCE_COMMON } from '../src/core/common-properties.js';
import type { ClusterConfig, GroupConfig, ResourceConfig } from '../src/core/model.js';
import { Engine } from '../src/engine/engine.js';
import { HostDriver } from '../src/engine/host-driver.js';
import { createLocalCluster, type LocalCluster } from '../src/engine/local-cluster.js';
import { HostPool, systemClock } from '../src/host/index.js';
import { median, type BenchRow } from './harness.js';

const CALLER = { principal: 'bench', access: 'full' } as const;

function resource(name: string, group: string, dependsOn: string[][]): ResourceConfig {
  return { name, group, type: 'dummy', dependsOn, possibleOwners: [], common: DEFAULT_RESOURCE_COMMON, properties: {} };
}

/** Groups built in code (not YAML) so the benchmark measures the engine, not the YAML parser. */
function config(groups: Array<{ name: string; resources: ResourceConfig[] }>): ClusterConfig {
  const groupConfigs: GroupConfig[] = groups.map((g) => ({ name: g.name, preferredOwners: [], common: DEFAULT_GROUP_COMMON, resources: g.resources.map((r) => r.name) }));
  return { cluster: 'Bench', nodes: [{ name: 'node1' }], groups: groupConfigs, resources: groups.flatMap((g) => g.resources) };
}

function chain(group: string, count: number, prefix = 'R'): ResourceConfig[] {
  return Array.from({ length: count }, (_, i) => resource(`${prefix}${i}`, group, i === 0 ? [] : [[`${prefix}${i - 1}`]]));
}

function fan(group: string, count: number): ResourceConfig[] {
  return [resource('Hub', group, []), ...Array.from({ length: count - 1 }, (_, i) => resource(`Leaf${i}`, group, [['Hub']]))];
}

async function runAndWait(cluster: LocalCluster, command: Parameters<Engine['submit']>[0]): Promise<void> {
  const answer = await cluster.engine.submit(command);
  if (answer.code !== 997) throw new Error(`bench command answered ${answer.code}: ${answer.detail ?? ''}`);
  const op = await cluster.engine.waitForOperation(answer.operation as string);
  if (op?.outcome !== 'succeeded') throw new Error(`bench operation ${op?.outcome ?? 'missing'}`);
}

async function perResourceOffline(shape: 'chain' | 'fan', runs: number): Promise<BenchRow> {
  const resources = shape === 'chain' ? chain('G', 100) : fan('G', 100);
  const cluster = await createLocalCluster({ config: buildModel(config([{ name: 'G', resources }])) });
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await runAndWait(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: CALLER });
      const start = performance.now();
      await runAndWait(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: CALLER });
      if (i >= 2) samples.push((performance.now() - start) / 100);
    }
    return {
      name: `offline 100-resource ${shape}, zero-delay dummies: engine overhead per resource`,
      value: median(samples),
      unit: 'ms',
      bar: { op: '<=', limit: 0.3 },
      detail: { runs, min: Math.min(...samples), max: Math.max(...samples), total_median_ms: median(samples) * 100 },
    };
  } finally {
    await cluster.close();
  }
}

async function thousandGroups(runs: number): Promise<BenchRow> {
  const groups = Array.from({ length: 1000 }, (_, g) => ({ name: `G${g}`, resources: chain(`G${g}`, 10, `G${g}R`) }));
  const cluster = await createLocalCluster({ config: buildModel(config(groups)) });
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      await Promise.all(groups.map((g) => runAndWait(cluster, { kind: 'online-group', group: g.name, flags: 0, caller: CALLER })));
      const start = performance.now();
      await Promise.all(groups.map((g) => runAndWait(cluster, { kind: 'offline-group', group: g.name, flags: 0, caller: CALLER })));
      if (i >= 1) samples.push(performance.now() - start);
    }
    return {
      name: '1,000 groups x 10-resource chains offline concurrently',
      value: median(samples),
      unit: 'ms',
      bar: { op: '<=', limit: 2000 },
      detail: { runs, min: Math.min(...samples), max: Math.max(...samples) },
    };
  } finally {
    await cluster.close();
  }
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function memoryPerResource(): Promise<BenchRow> {
  const count = 100_000;
  const before = heapUsed();
  const groups = Array.from({ length: count / 10 }, (_, g) => ({ name: `G${g}`, resources: chain(`G${g}`, 10, `G${g}R`) }));
  const model = buildModel(config(groups));
  const pool = new HostPool({ baseDir: process.cwd(), clock: systemClock });
  const engine = new Engine({ model, driver: new HostDriver(pool), clock: systemClock, localNode: 'node1' });
  const after = heapUsed();
  const perResource = (after - before) / count;
  const held = engine.records.resources.size;
  await engine.close();
  await pool.close();
  return {
    name: 'engine holding 100,000 resources (configuration, model indexes and runtime records)',
    value: perResource / 1024,
    unit: 'KB/resource',
    bar: { op: '<=', limit: 2 },
    detail: { resources: held, heap_delta_mb: (after - before) / 1048576, gc_exposed: (globalThis as { gc?: unknown }).gc ? 'yes' : 'no' },
  };
}

export async function rows(): Promise<BenchRow[]> {
  return [await perResourceOffline('chain', 9), await perResourceOffline('fan', 9), await thousandGroups(3), await memoryPerResource()];
}
