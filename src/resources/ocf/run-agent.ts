/**
 * Runs one OCF agent action as a child process and reports how it ended, as data: exit code or
 * signal, timed out, aborted, or could not be started. Nothing here throws for the agent's sake.
 *
 * Process model: the agent runs in a process group of its own (detached: setsid), so that a
 * timeout or an abort can kill the agent *and everything it started during this action* with one
 * kill(-pgid). A finished agent's leftovers are not ours: OCF agents own the processes they start
 * (the `anything` agent's daemon keeps running after `start` exits) and stop them in `stop`.
 * Because the group is detached, resources also outlive a resource host that crashes, and the
 * next host's probe finds them (ARCHITECTURE "Resource hosts").
 *
 * The agent's stdout and stderr are read line by line and handed to `log` (except meta-data's
 * stdout, which is the answer). `ocf_exit_reason` lines (`ocf-exit-reason:...` on stderr) are kept
 * as the run's exit reason, the best detail an agent gives for a failure.
 *
 * A run ends as soon as the agent has exited and both pipes have reached end-of-file: waiting for
 * the child's 'close' event instead costs a trip to the loop's close phase on every run, and in a
 * dependency chain that latency is paid once per step.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { LogLevel } from '../sdk/index.js';

export interface AgentRunOptions {
  readonly path: string;
  readonly action: string;
  readonly env: Readonly<Record<string, string>>;
  /** Kill the process group after this long (OCF_RESKEY_CRM_meta_timeout). */
  readonly timeoutMs: number;
  /** Aborting kills the process group at once. */
  readonly signal?: AbortSignal;
  /** Timers for the deadline and progress (the context's clock); real time if absent. */
  readonly clock?: Clock;
  /** Called every `everyMs` while the agent runs (SetResourceStatus checkpoints), with the clock's elapsed ms. */
  readonly progress?: { readonly everyMs: number; readonly report: (elapsedMs: number) => void };
  /** Where output lines go; meta-data's stdout is captured instead. */
  readonly log?: (level: LogLevel, line: string) => void;
  /** Keep stdout as the answer (meta-data) instead of logging it. */
  readonly captureStdout?: boolean;
}

export interface AgentRun {
  /** How it ended: `exited` with `code`, `killed` by a signal nobody here sent, or our doing. */
  readonly end: 'exited' | 'killed' | 'timeout' | 'aborted' | 'spawn-failed';
  readonly code: number | null;
  readonly signal: string | null;
  /** spawn(2)'s error (ENOENT, EACCES) for `spawn-failed`. */
  readonly error: string | null;
  readonly stdout: string;
  /** The last `ocf-exit-reason:` line, without its prefix. */
  readonly exitReason: string | null;
  /** The agent's own wall time, from just before spawn to its exit (what the bench sums). */
  readonly wallMs: number;
  /** Of which, time inside Node's synchronous spawn() (fork + exec). */
  readonly spawnMs: number;
  /** Epoch ms (sub-ms precision) just before spawn, for lining runs up across processes. */
  readonly startAt: number;
}

const EXIT_REASON_PREFIX = 'ocf-exit-reason:';
/** Stdout kept for meta-data; no agent's XML comes near this. */
const MAX_CAPTURE = 1 << 20;
/**
 * After the agent exits, how long to wait for its pipes to drain. A background child that kept
 * the agent's stdout open must not hold the action hostage; its later output is dropped.
 */
const DRAIN_GRACE_MS = 200;

const realClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Wall-clock epoch ms with performance.now()'s precision. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function levelOf(line: string, stream: 'stdout' | 'stderr'): LogLevel {
  if (/\b(ERROR|CRIT|CRITICAL):/.test(line) || line.startsWith(EXIT_REASON_PREFIX)) return 'error';
  if (/\bWARNING:/.test(line)) return 'warn';
  return stream === 'stderr' && !/\b(INFO|DEBUG|notice):/i.test(line) ? 'warn' : 'info';
}

function spawnAgent(options: AgentRunOptions) {
  return spawn(options.path, [options.action], { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runAgent(options: AgentRunOptions): Promise<AgentRun> {
  const clock = options.clock ?? realClock;
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ end: 'aborted', code: null, signal: null, error: null, stdout: '', exitReason: null, wallMs: 0, spawnMs: 0, startAt: epochNow() });
      return;
    }
    const started = performance.now();
    let child: ReturnType<typeof spawnAgent>;
    try {
      child = spawnAgent(options);
    } catch (error) {
      // Thrown synchronously for arguments the OS would refuse (a NUL byte in a value, E2BIG).
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      resolve({ end: 'spawn-failed', code: null, signal: null, error: code, stdout: '', exitReason: null, wallMs: 0, spawnMs: 0, startAt: epochNow() });
      return;
    }
    const spawnMs = performance.now() - started;
    let exitedAt = 0;
    let ending: AgentRun['end'] | null = null;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let stdout = '';
    let exitReason: string | null = null;
    let done = false;
    const timers: TimerHandle[] = [];
    let drainTimer: NodeJS.Timeout | undefined;
    const partial = { stdout: '', stderr: '' };

    const line = (stream: 'stdout' | 'stderr', text: string): void => {
      if (text === '') return;
      if (stream === 'stderr' && text.startsWith(EXIT_REASON_PREFIX)) exitReason = text.slice(EXIT_REASON_PREFIX.length).trim();
      options.log?.(levelOf(text, stream), text);
    };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (stream === 'stdout' && options.captureStdout) {
        if (stdout.length < MAX_CAPTURE) stdout += chunk.toString('utf8');
        return;
      }
      const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const text of lines) line(stream, text.trimEnd());
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    // Both pipes at EOF and the process reaped: nothing more can arrive, so finish now.
    let openPipes = 2;
    const pipeEnded = (): void => {
      openPipes--;
      if (openPipes === 0 && exitedAt !== 0) ended();
    };
    child.stdout.once('end', pipeEnded);
    child.stderr.once('end', pipeEnded);

    const finish = (run: Omit<AgentRun, 'stdout' | 'exitReason' | 'spawnMs' | 'startAt'>): void => {
      if (done) return;
      done = true;
      // Each of these timers is usually alone in its timer list, so cancelling tears the list down
      // (~15 us with the abort listener): done once the result has gone, off the step's critical
      // path. Until then a late tick, timeout or abort finds `done`/`exitedAt` set and does nothing.
      setImmediate(() => {
        for (const timer of timers) timer.cancel();
        if (drainTimer) clearTimeout(drainTimer);
        options.signal?.removeEventListener('abort', onAbort);
      });
      line('stdout', partial.stdout.trimEnd());
      line('stderr', partial.stderr.trimEnd());
      // A pipe at EOF closes itself; only one a leftover process still holds open needs closing.
      if (!child.stdout.readableEnded) child.stdout.destroy();
      if (!child.stderr.readableEnded) child.stderr.destroy();
      resolve({ ...run, stdout, exitReason, spawnMs, startAt: performance.timeOrigin + started });
    };
    const ended = (): void =>
      finish({ end: ending ?? 'exited', code: exitCode, signal: exitSignal, error: null, wallMs: exitedAt - started });
    const stop = (why: 'timeout' | 'aborted'): void => {
      if (done || exitedAt !== 0) return;
      ending = why;
      killGroup(child.pid);
    };
    const onAbort = (): void => stop('aborted');

    child.on('error', (error: NodeJS.ErrnoException) => {
      // spawn(2) failed (ENOENT, EACCES): there is no process and no 'exit' will follow.
      if (exitedAt !== 0) return;
      finish({ end: 'spawn-failed', code: null, signal: null, error: error.code ?? error.message, wallMs: performance.now() - started });
    });
    child.on('exit', (code, signal) => {
      exitedAt = performance.now();
      exitCode = code;
      exitSignal = signal;
      if (ending === null && signal !== null) ending = 'killed';
      // Usually the pipes reached EOF before the exit was reaped; else wait for them a little.
      if (openPipes === 0) ended();
      else drainTimer = setTimeout(ended, DRAIN_GRACE_MS);
    });
    // Still needed when a pipe closes without 'end' (destroyed on error).
    child.on('close', ended);

    options.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(clock.setTimer(options.timeoutMs, () => stop('timeout')));
    const progress = options.progress;
    if (progress && progress.everyMs > 0) {
      const since = clock.now();
      const tick = (): void => {
        if (done || exitedAt !== 0) return;
        progress.report(clock.now() - since);
        timers.push(clock.setTimer(progress.everyMs, tick));
      };
      timers.push(clock.setTimer(progress.everyMs, tick));
    }
  });
}
