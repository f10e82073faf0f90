/**
 * OCF overhead: a chain of 10 and of 50 `ocf:heartbeat:Dummy` resources (each depends on the
 * previous one, so every step waits for the last) taken offline and online through the engine
 * with real resource hosts, next to the summed wall time of the agents' own runs.
 *
 * The agents' time comes from the ocf type itself: with WOLFPACK_OCF_TIMINGS_FILE set in the
 * environment the hosts inherit, each agent run appends `{action, wallMs, spawnMs}` (wall time
 * from just before spawn() to the child's exit). The row is total / sum(agents' wallMs): 1.00
 * would mean the engine, the hosts and IPC cost nothing. Bar: <= 1.05 (issue 4; Pacemaker
 * measured here: 1.85x offline, 3.4x online for 50).
 *
 * Details split the overhead per step: `ocfTypeMsPerRun` (the type's work before spawn and after
 * exit), `hostRoundTripMsPerStep` (a result leaving the host, IPC to the daemon, the engine
 * starting the next step, IPC back to the host), `spawnMsPerRun` (Node's synchronous fork+exec
 * inside the host, counted in the agents' time because the agent cannot run without it).
 *
 * Health polling is pushed out of the way (LooksAlive/IsAlive intervals of an hour): a monitor
 * running concurrently on this 2-core machine would be measured as engine overhead.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import type { Caller } from '../src/core/commands.js';
import { createLocalCluster, type LocalCluster } from '../src/engine/local-cluster.js';
import { OCF_TIMINGS_ENV } from '../src/resources/ocf/index.js';
import { median, type BenchRow } from './harness.js';

const SIZES = [10, 50] as const;
const RUNS = 7;
const WARMUP = 2;
const BAR = { op: '<=', limit: 1.05 } as const;
const caller: Caller = { principal: 'bench', access: 'full' };

/** One line of the ocf type's timings file (src/resources/ocf/ocf-type.ts). */
interface Timing {
  readonly action: string;
  readonly wallMs: number;
  readonly spawnMs: number;
  /** Epoch ms: entry point called, agent spawned, agent exited, result ready in the type. */
  readonly calledAt: number;
  readonly startAt: number;
  readonly exitAt: number;
  readonly doneAt: number;
}

function chainYaml(size: number, dir: string): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    resources[`R${i}`] = {
      type: 'ocf:heartbeat:Dummy',
      ...(i === 0 ? {} : { dependsOn: [`R${i - 1}`] }),
      LooksAlivePollInterval: 3_600_000,
      IsAlivePollInterval: 3_600_000,
      properties: { state: join(dir, `R${i}.state`) },
    };
  }
  return stringify({ cluster: 'bench', nodes: ['node1'], groups: { Chain: { resources } } });
}

function readTimings(file: string): Timing[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Timing);
}

async function runOperation(cluster: LocalCluster, kind: 'online-group' | 'offline-group'): Promise<number> {
  const start = performance.now();
  const answer = await cluster.engine.submit({ kind, group: 'Chain', flags: 0, caller });
  if (answer.code !== 997 || answer.operation === null) throw new Error(`${kind}: answered ${answer.code} ${answer.detail ?? ''}`);
  const op = await cluster.engine.waitForOperation(answer.operation);
  const elapsed = performance.now() - start;
  if (op?.outcome !== 'succeeded') throw new Error(`${kind}: ${op?.outcome ?? 'no record'}`);
  return elapsed;
}

interface Sample {
  readonly total: number;
  readonly agents: number;
  readonly spawn: number;
  /** The ocf type's own work per run: before spawn plus after exit (median). */
  readonly typeMs: number;
  /** From one run's result in the host to the next run's call in the host: IPC both ways + engine (median). */
  readonly roundTripMs: number;
}

function breakdown(runs: readonly Timing[]): Pick<Sample, 'typeMs' | 'roundTripMs'> {
  const ordered = [...runs].sort((a, b) => a.calledAt - b.calledAt);
  const typeMs = median(ordered.map((t) => t.startAt - t.calledAt + (t.doneAt - t.exitAt)));
  const roundTripMs = median(ordered.slice(1).map((t, i) => t.calledAt - (ordered[i] as Timing).doneAt));
  return { typeMs, roundTripMs };
}

async function measure(size: number): Promise<{ offline: Sample[]; online: Sample[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-ocf-bench-'));
  const timings = join(dir, 'timings.jsonl');
  const previous = process.env[OCF_TIMINGS_ENV];
  process.env[OCF_TIMINGS_ENV] = timings;
  const cluster = await createLocalCluster({ config: chainYaml(size, dir) });
  try {
    const samples = { offline: [] as Sample[], online: [] as Sample[] };
    for (let run = 0; run < WARMUP + RUNS; run++) {
      for (const kind of ['online-group', 'offline-group'] as const) {
        writeFileSync(timings, '');
        const total = await runOperation(cluster, kind);
        const runs = readTimings(timings);
        const expected = kind === 'online-group' ? 'start' : 'stop';
        const own = runs.filter((t) => t.action === expected);
        if (own.length !== size || runs.length !== size) throw new Error(`${kind}: expected ${size} ${expected} runs, timings hold ${runs.map((t) => t.action).join(',')}`);
        if (run < WARMUP) continue;
        const sample = { total, agents: own.reduce((s, t) => s + t.wallMs, 0), spawn: own.reduce((s, t) => s + t.spawnMs, 0), ...breakdown(own) };
        samples[kind === 'online-group' ? 'online' : 'offline'].push(sample);
      }
    }
    return samples;
  } finally {
    await cluster.close();
    if (previous === undefined) delete process.env[OCF_TIMINGS_ENV];
    else process.env[OCF_TIMINGS_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(size: number, kind: 'offline' | 'online', samples: readonly Sample[]): BenchRow {
  const ratios = samples.map((s) => s.total / s.agents);
  const total = median(samples.map((s) => s.total));
  const agents = median(samples.map((s) => s.agents));
  return {
    name: `ocf Dummy chain of ${size}: ${kind} total / agents' own time`,
    value: median(ratios),
    unit: 'x',
    bar: BAR,
    detail: {
      totalMs: total,
      agentsMs: agents,
      overheadPerStepMs: (total - agents) / size,
      agentMsPerRun: agents / size,
      spawnMsPerRun: median(samples.map((s) => s.spawn)) / size,
      ocfTypeMsPerRun: median(samples.map((s) => s.typeMs)),
      hostRoundTripMsPerStep: median(samples.map((s) => s.roundTripMs)),
      bestRatio: Math.min(...ratios),
      runs: samples.length,
    },
  };
}

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  for (const size of SIZES) {
    const { offline, online } = await measure(size);
    out.push(row(size, 'offline', offline), row(size, 'online', online));
  }
  return out;
}
