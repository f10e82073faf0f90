/**
 * Where the CLI reads and writes. Commands never touch process.stdout directly, so golden transcript
 * tests run the real command code against captured streams.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Text exactly as given, without a newline (the --wait live line on a terminal). */
  write(text: string): void;
  writeBytes(bytes: Uint8Array): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, bytes: Uint8Array | string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
  /** Where relative paths and `./.wolfpack` are looked up. */
  readonly cwd: string;
  /**
   * A signal that aborts on Ctrl-C, for commands that run until interrupted (`events`). Installed
   * on first use only, so every other command keeps the default SIGINT behaviour.
   */
  interrupted(): AbortSignal;
}

let sigint: AbortController | null = null;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  write: (text) => process.stdout.write(text),
  writeBytes: (bytes) => process.stdout.write(bytes),
  readFile: (path) => readFileSync(path),
  writeFile: (path, bytes) => writeFileSync(path, bytes),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
  get cwd() {
    return process.cwd();
  },
  interrupted: () => {
    if (!sigint) {
      const controller = new AbortController();
      sigint = controller;
      process.once('SIGINT', () => controller.abort());
    }
    return sigint.signal;
  },
};

/** Captures everything a command prints: for tests and for callers that embed the CLI. */
export class CapturedIo implements CliIo {
  stdout = '';
  stderr = '';
  bytes: Uint8Array[] = [];
  readonly files = new Map<string, Uint8Array | string>();
  readonly isTty: boolean = false;
  private readonly interrupt = new AbortController();

  constructor(
    readonly env: Readonly<Record<string, string | undefined>> = {},
    readonly cwd: string = process.cwd(),
  ) {}

  interrupted(): AbortSignal {
    return this.interrupt.signal;
  }

  /** What Ctrl-C does to a running command, for tests of `events` and `--wait`. */
  pressCtrlC(): void {
    this.interrupt.abort();
  }

  out(text: string): void {
    this.stdout += text.endsWith('\n') ? text : `${text}\n`;
  }

  err(text: string): void {
    this.stderr += text.endsWith('\n') ? text : `${text}\n`;
  }

  write(text: string): void {
    this.stdout += text;
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
