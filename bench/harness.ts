/**
 * The benchmark contract: each bench/*.bench.ts module exports `rows()`, which measures and returns
 * rows; bench/run.ts prints them as a table and writes bench/results/latest.json. A row may carry the
 * bar it must reach, so the table says pass/miss next to the figure (never an assertion in a test).
 */
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** What was measured, e.g. "plan offline, 10k-resource chain". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The bar from the issue: value must be <= (or >=) limit. */
  readonly bar?: { readonly op: '<=' | '>='; readonly limit: number };
  /** Extra figures worth reporting (samples, medians, ratios). */
  readonly detail?: Readonly<Record<string, number | string>>;
}

export interface BenchModule {
  rows(): Promise<BenchRow[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning each run's milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function meets(row: BenchRow): boolean | undefined {
  if (!row.bar) return undefined;
  return row.bar.op === '<=' ? row.value <= row.bar.limit : row.value >= row.bar.limit;
}
