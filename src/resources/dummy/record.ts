/**
 * The dummy's RecordFile: one JSON line per entry-point call, written when the call ends, so tests
 * can read order and parallelism from `start`/`end`. appendFileSync writes each line with one
 * write(2) on an O_APPEND descriptor, so lines from concurrent resources (even in different host
 * processes) never interleave.
 */
import { appendFileSync } from 'node:fs';
import type { DecodedProps } from '../sdk/index.js';

export interface RecordLine {
  readonly entry: string;
  readonly resource: string;
  readonly flags?: number;
  readonly reason?: number;
  readonly destinationNode?: string | null;
  /** Online of a group arriving by a move: the node it came from. */
  readonly sourceNode?: string;
  readonly instructions?: DecodedProps | null;
  /** The caller's raw property-list bytes, base64, so tests can check them byte for byte. */
  readonly raw?: string | null;
  readonly start: number;
  readonly end: number;
  /** ok | failed | aborted | alive | not-running | crash. */
  readonly result: string;
  readonly detail?: string;
}

export function appendRecord(file: string | null, line: RecordLine): void {
  if (file === null) return;
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export function rawToBase64(raw: Uint8Array | null): string | null {
  return raw === null ? null : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
}
