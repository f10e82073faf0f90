/**
 * Where the CLI reads and writes. Commands never touch process.stdout directly, so golden transcript
 * tests run the real command code against captured streams.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  writeBytes(bytes: Uint8Array): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, bytes: Uint8Array | string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  writeBytes: (bytes) => process.stdout.write(bytes),
  readFile: (path) => readFileSync(path),
  writeFile: (path, bytes) => writeFileSync(path, bytes),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
};

/** Captures everything a command prints: for tests and for callers that embed the CLI. */
export class CapturedIo implements CliIo {
  stdout = '';
  stderr = '';
  bytes: Uint8Array[] = [];
  readonly files = new Map<string, Uint8Array | string>();
  readonly isTty = false;

  constructor(readonly env: Readonly<Record<string, string | undefined>> = {}) {}

  out(text: string): void {
    this.stdout += text.endsWith('\n') ? text : `${text}\n`;
  }

  err(text: string): void {
    this.stderr += text.endsWith('\n') ? text : `${text}\n`;
  }

  writeBytes(bytes: Uint8Array): void {
    this.bytes.push(bytes);
  }

  readFile(path: string): Uint8Array {
    const mem = this.files.get(path);
    if (mem !== undefined) return typeof mem === 'string' ? new TextEncoder().encode(mem) : mem;
    return readFileSync(path);
  }

  writeFile(path: string, bytes: Uint8Array | string): void {
    this.files.set(path, bytes);
  }
}
