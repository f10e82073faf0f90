/**
 * Resource host round trips through HostPool with the zero-delay `dummy` type, so the figure is
 * the IPC channel, both processes' event loops and the host's dispatch, nothing else.
 *
 * - sequential: one isAlive at a time, the next sent when the previous answered (a dependency
 *   chain's pattern): median and p99 per call, both with back-to-back calls and with a 5 ms pause
 *   before each (the pause lets both processes go idle, as they do while an agent runs: the
 *   wake-up is part of what a chain pays per step).
 * - concurrent: 100 resources x 10 isAlive calls in flight at once (a fan's pattern): calls/s.
 *
 * No bars: these rows explain the engine and OCF rows rather than carry a requirement.
 */
import { performance } from 'node:perf_hooks';
import { HostPool, systemClock } from '../src/host/index.js';
import { median, percentile, type BenchRow } from './harness.js';

const SEQUENTIAL = 2_000;
const PAUSED = 300;
const FAN_RESOURCES = 100;
const FAN_CALLS_EACH = 10;
const FAN_RUNS = 7;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function isAlive(pool: HostPool, resource: string): Promise<void> {
  const result = await pool.call({ resource, type: 'dummy', entry: 'isAlive', args: null });
  if (result.exec !== 'done') throw new Error(`isAlive ${resource}: ${result.exec} ${result.detail ?? ''}`);
}

async function sequential(pool: HostPool, count: number, pauseMs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    if (pauseMs > 0) await pause(pauseMs);
    const start = performance.now();
    await isAlive(pool, 'R0');
    samples.push(performance.now() - start);
  }
  return samples;
}

function latencyRow(name: string, samples: readonly number[]): BenchRow {
  return {
    name,
    value: median(samples) * 1000,
    unit: 'us',
    detail: { p99_us: percentile(samples, 99) * 1000, min_us: Math.min(...samples) * 1000, calls: samples.length },
  };
}

async function fan(pool: HostPool): Promise<BenchRow> {
  const rates: number[] = [];
  for (let run = 0; run < FAN_RUNS + 1; run++) {
    const start = performance.now();
    const calls: Array<Promise<void>> = [];
    for (let c = 0; c < FAN_CALLS_EACH; c++) for (let r = 0; r < FAN_RESOURCES; r++) calls.push(isAlive(pool, `R${r}`));
    await Promise.all(calls);
    if (run > 0) rates.push((FAN_RESOURCES * FAN_CALLS_EACH) / ((performance.now() - start) / 1000));
  }
  return {
    name: `host: ${FAN_RESOURCES * FAN_CALLS_EACH} isAlive calls in flight at once (dummy)`,
    value: median(rates),
    unit: 'calls/s',
    detail: { runs: FAN_RUNS, min: Math.min(...rates), max: Math.max(...rates) },
  };
}

export async function rows(): Promise<BenchRow[]> {
  const pool = new HostPool({ baseDir: process.cwd(), clock: systemClock });
  try {
    await pool.prepare('dummy');
    await sequential(pool, 200, 0); // warm-up: JIT both sides
    const backToBack = await sequential(pool, SEQUENTIAL, 0);
    const paused = await sequential(pool, PAUSED, 5);
    return [
      latencyRow('host: sequential isAlive round trip, back to back (dummy)', backToBack),
      latencyRow('host: sequential isAlive round trip after 5 ms idle (dummy)', paused),
      await fan(pool),
    ];
  } finally {
    await pool.close();
  }
}
