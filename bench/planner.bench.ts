/**
 * Planner speed on a 10,000-resource group, as a chain (each resource depends on the previous one:
 * 10,000 levels deep, far past WSFC's 100, to prove the walks are iterative and linear) and as a
 * fan (one provider with 9,999 dependents: the widest `after` list). Bar: <= 50 ms per plan.
 * The row is the median of warm runs (the group graph memoised on the model), which is what an
 * engine with a long-lived model pays per command; `uncachedGraphMedian` rebuilds the graph every
 * run, and `first` is the very first plan of the process (JIT warm-up included).
 */
import type { Command } from '../src/core/commands.js';
import { buildModel } from '../src/core/config/index.js';
import type { ClusterConfig, ClusterModel, ResourceConfig, Snapshot } from '../src/core/model.js';
import { plan } from '../src/core/planner/index.js';
import { initialRuntime } from '../src/core/runtime.js';
import { ResourceState } from '../src/core/states.js';
import { RESOURCE_COMMON_PROPERTIES } from '../src/core/common-properties.js';
import { median, percentile, timeRuns, type BenchRow } from './harness.js';
import { performance } from 'node:perf_hooks';

const SIZE = 10_000;
const RUNS = 25;
const BAR = { op: '<=', limit: 50 } as const;

const common = Object.fromEntries(Object.entries(RESOURCE_COMMON_PROPERTIES).map(([k, v]) => [k, v.default])) as ResourceConfig['common'];

function groupModel(shape: 'chain' | 'fan'): ClusterModel {
  const names = Array.from({ length: SIZE }, (_, i) => `R${i}`);
  const resources: ResourceConfig[] = names.map((name, i) => ({
    name,
    group: 'Big',
    type: 'dummy',
    dependsOn: i === 0 ? [] : [[shape === 'chain' ? `R${i - 1}` : 'R0']],
    possibleOwners: [],
    common,
    properties: {},
  }));
  const config: ClusterConfig = {
    cluster: 'bench',
    nodes: [{ name: 'n1' }],
    groups: [{ name: 'Big', preferredOwners: ['n1'], common: { FailoverThreshold: 0xffffffff, FailoverPeriod: 6, AutoFailbackType: 0, FailbackWindowStart: 0xffffffff, FailbackWindowEnd: 0xffffffff, Priority: 2000 }, resources: names }],
    resources,
  };
  return buildModel(config);
}

const caller = { principal: 'bench', access: 'full' } as const;

interface Case {
  readonly name: string;
  readonly shape: 'chain' | 'fan';
  readonly state: ResourceState;
  readonly command: Command;
  readonly steps: number;
}

const CASES: readonly Case[] = [
  { name: 'offline-group, 10k chain', shape: 'chain', state: ResourceState.Online, command: { kind: 'offline-group', group: 'Big', flags: 0, caller }, steps: SIZE },
  { name: 'online-group, 10k chain', shape: 'chain', state: ResourceState.Offline, command: { kind: 'online-group', group: 'Big', flags: 0, caller }, steps: SIZE },
  { name: 'offline-group, 10k fan', shape: 'fan', state: ResourceState.Online, command: { kind: 'offline-group', group: 'Big', flags: 0, caller }, steps: SIZE },
  { name: 'online-group, 10k fan', shape: 'fan', state: ResourceState.Offline, command: { kind: 'online-group', group: 'Big', flags: 0, caller }, steps: SIZE },
  { name: 'offline-resource bottom, 10k chain', shape: 'chain', state: ResourceState.Online, command: { kind: 'offline-resource', resource: 'R0', flags: 0, caller }, steps: SIZE },
  { name: 'online-resource top, 10k chain', shape: 'chain', state: ResourceState.Offline, command: { kind: 'online-resource', resource: `R${SIZE - 1}`, flags: 0, caller }, steps: SIZE },
  { name: 'offline-resource hub, 10k fan', shape: 'fan', state: ResourceState.Online, command: { kind: 'offline-resource', resource: 'R0', flags: 0, caller }, steps: SIZE },
];

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  for (const c of CASES) {
    const model = groupModel(c.shape);
    const snapshot: Snapshot = { model, runtime: initialRuntime(model, { allResources: { state: c.state } }) };
    const coldStart = performance.now();
    const first = plan(snapshot, c.command);
    const cold = performance.now() - coldStart;
    if (!first.ok || first.plan.steps.length !== c.steps) throw new Error(`${c.name}: unexpected plan (${first.ok ? first.plan.steps.length : first.rejection.code})`);
    const samples = await timeRuns(RUNS, () => plan(snapshot, c.command));
    // A shallow copy is a new model object, so the memoised group graph is rebuilt every run.
    const uncached = await timeRuns(RUNS, () => plan({ model: { ...model }, runtime: snapshot.runtime }, c.command));
    out.push({
      name: `plan ${c.name}`,
      value: median(samples),
      unit: 'ms',
      bar: BAR,
      detail: { first: cold, p90: percentile(samples, 90), uncachedGraphMedian: median(uncached), runs: RUNS },
    });
  }
  return out;
}
