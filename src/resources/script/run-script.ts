/**
 * One call of a user script: `SCRIPT ACTION [Arguments...]` in a process group of its own, stdout
 * read line by line (a line starting with `progress` is a SetResourceStatus checkpoint), a time
 * limit, and the whole group killed with SIGKILL when the limit passes or the call's signal aborts
 * (terminate, cancel, shutdown). The result is data: how it ended and the last lines it printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { TimerHandle } from '../../core/clock.js';
import { programEnvironment } from '../instructions/index.js';
import type { ResourceContext } from '../sdk/index.js';

export type ScriptAction = 'online' | 'offline' | 'terminate' | 'looks-alive' | 'is-alive';

export interface ScriptRunRequest {
  readonly script: string;
  readonly action: ScriptAction;
  readonly args: readonly string[];
  readonly cwd: string | null;
  readonly env: Readonly<Record<string, string>>;
  /** 0: no limit of its own. */
  readonly timeoutMs: number;
  /** Log every output line (online/offline/terminate); health checks stay quiet unless they fail. */
  readonly logOutput: boolean;
}

export type ScriptRunResult =
  | { readonly ended: 'exited'; readonly code: number | null; readonly signal: string | null; readonly tail: readonly string[] }
  | { readonly ended: 'timed-out' | 'aborted'; readonly tail: readonly string[] }
  | { readonly ended: 'not-started'; readonly detail: string };

/** `progress: copying 40%` -> 'copying 40%'; `progress` alone -> ''. Not a progress line -> null. */
export function progressNote(line: string): string | null {
  const match = /^progress\b[\s:]*(.*)$/i.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}

/** Lines kept for a failure's detail. */
const TAIL_LINES = 5;
/** After the script exits, how long its pipes may stay open (a background child holding them). */
const PIPE_DRAIN_MS = 200;

export function runScript(ctx: ResourceContext, request: ScriptRunRequest): Promise<ScriptRunResult> {
  if (ctx.signal.aborted) return Promise.resolve({ ended: 'aborted', tail: [] });
  return new Promise<ScriptRunResult>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(request.script, [request.action, ...request.args], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: programEnvironment(request.env),
        ...(request.cwd === null ? {} : { cwd: request.cwd }),
      });
    } catch (error) {
      resolve({ ended: 'not-started', detail: `cannot run ${request.script}: ${(error as Error).message}` });
      return;
    }
    const tail: string[] = [];
    let ending: 'timed-out' | 'aborted' | null = null;
    let exited = false;
    let timer: TimerHandle | null = null;

    const keep = (line: string, stream: 'stdout' | 'stderr'): void => {
      if (stream === 'stdout') {
        const note = progressNote(line);
        if (note !== null) {
          ctx.reportProgress(note === '' ? undefined : note);
          return;
        }
      }
      if (line.trim() === '') return;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (!request.logOutput) return;
      if (stream === 'stderr') ctx.log.warn(`${request.action}: ${line}`);
      else ctx.log.info(`${request.action}: ${line}`);
    };
    const streamsClosed = Promise.all([readLines(child.stdout, (l) => keep(l, 'stdout')), readLines(child.stderr, (l) => keep(l, 'stderr'))]);

    // Only while the script itself runs: once it has exited, its pid may be reaped and reused.
    const killGroup = (why: 'timed-out' | 'aborted'): void => {
      if (exited || ending !== null) return;
      ending = why;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // ESRCH: it ended on its own meanwhile.
      }
    };
    const onAbort = (): void => killGroup('aborted');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (request.timeoutMs > 0) timer = ctx.clock.setTimer(request.timeoutMs, () => killGroup('timed-out'));

    const finish = (result: ScriptRunResult): void => {
      timer?.cancel();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.once('error', (error) => {
      exited = true;
      finish({ ended: 'not-started', detail: `cannot run ${request.script}: ${error.message}` });
    });
    child.once('exit', (code, signal) => {
      exited = true;
      // Read what is left in the pipes, but do not wait for a background child that inherited them.
      const drained = new Promise<void>((done) => {
        const handle = ctx.clock.setTimer(PIPE_DRAIN_MS, done);
        void streamsClosed.then(() => {
          handle.cancel();
          done();
        });
      });
      void drained.then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(ending === null ? { ended: 'exited', code, signal, tail } : { ended: ending, tail });
      });
    });
  });
}

/** Calls `onLine` for each complete line; resolves when the stream closes. */
function readLines(stream: Readable | null, onLine: (line: string) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  return new Promise((resolve) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        onLine(buffered.slice(0, newline).replace(/\r$/, ''));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    });
    const end = (): void => {
      if (buffered !== '') onLine(buffered);
      buffered = '';
      resolve();
    };
    stream.once('close', end);
    stream.once('error', end);
  });
}
