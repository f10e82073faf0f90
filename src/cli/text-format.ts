/**
 * Small text helpers shared by the CLI's human output: aligned tables, durations and timestamps.
 * Timestamps are UTC ISO seconds so transcripts read the same on every machine.
 */
import { describeCode } from '../core/errors.js';

/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** 0.004s, 1.250s, 2m05s, 1h02m. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "+0.105s": an offset from the start of an operation. */
export function offset(ms: number): string {
  return `+${duration(Math.max(0, ms))}`;
}

/** "180.0s": what is left of a timer, one decimal, because it changes while people read it. */
export function secondsLeft(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

export function timestamp(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * "5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS: <sentence>". Servers often start their sentence
 * with the code already; it is said once.
 */
export function codeMessage(code: number, message: string): string {
  const prefix = `${describeCode(code)}: `;
  return `${prefix}${message.startsWith(prefix) ? message.slice(prefix.length) : message}`;
}
