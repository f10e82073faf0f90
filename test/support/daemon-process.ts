/**
 * Runs `wolfpack serve` as a real child process for the suites that test the daemon from the
 * outside: start and wait until it listens, read its log, stop it with a signal, kill it -9.
 * Every process started here is stopped by pid in `stop()`/`kill()`; tests call one of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/entry.ts', import.meta.url));
/** tsx by absolute URL, so a daemon can be started from any working directory. */
const TSX = import.meta.resolve('tsx');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class DaemonProcess {
  log = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, ['--import', TSX, CLI_ENTRY, 'serve', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Resolves once the log shows the daemon serving; rejects if it exits or takes too long. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.log.includes('wolfpack serving')) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`daemon exited before serving:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`daemon not serving after ${timeoutMs} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, signal);
    return this.exited;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, 'SIGKILL');
    await this.exited;
  }
}
