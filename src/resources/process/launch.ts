/**
 * Starting and signalling the managed process. It starts in a session and process group of its
 * own (`detached: true` is setsid(2)), so it survives its resource host and the daemon, and one
 * kill(-pgid) reaches it and every child it forks (unless a child makes a session of its own:
 * programs that daemonize themselves must be run in the foreground).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { programEnvironment } from '../instructions/index.js';
import { ownsGroup } from './proc-table.js';
import type { SignalName } from './stop-signal.js';

export interface LaunchRequest {
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string | null;
  /** Added to (and overriding) the host's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr are appended here; null discards them. */
  readonly output: string | null;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
}

export type LaunchResult =
  | { readonly ok: true; readonly pid: number; readonly child: ChildProcess; readonly exit: Promise<ExitInfo> }
  | { readonly ok: false; readonly detail: string };

/** Resolves once the program runs (exec succeeded) or could not be started. */
export function launch(request: LaunchRequest): Promise<LaunchResult> {
  let outputFd: number | null = null;
  try {
    if (request.output !== null) outputFd = openSync(request.output, 'a');
  } catch (error) {
    return Promise.resolve({ ok: false, detail: `cannot open Output ${request.output}: ${(error as Error).message}` });
  }
  const [program, ...args] = request.argv;
  return new Promise<LaunchResult>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        detached: true,
        stdio: ['ignore', outputFd ?? 'ignore', outputFd ?? 'ignore'],
        env: programEnvironment(request.env),
        ...(request.cwd === null ? {} : { cwd: request.cwd }),
      });
    } catch (error) {
      resolve({ ok: false, detail: `cannot start ${program}: ${(error as Error).message}` });
      return;
    } finally {
      // The child has its own copy of the descriptor now; the host must not keep one per start.
      if (outputFd !== null) closeSync(outputFd);
    }
    const exit = new Promise<ExitInfo>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
    child.once('error', (error) => resolve({ ok: false, detail: `cannot start ${program}: ${error.message}` }));
    child.once('spawn', () => {
      // The host must be free to exit while the process runs on.
      child.unref();
      resolve({ ok: true, pid: child.pid as number, child, exit });
    });
  });
}

/**
 * Sends `signal` to the process group led by `pid`, if that group is still ours (pid + start time,
 * see ownsGroup). Returns false when there was nothing (of ours) to signal.
 */
export function signalGroup(pid: number, startTime: number | null, signal: SignalName): boolean {
  if (!ownsGroup(pid, startTime)) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group emptied between the check and the kill.
    return false;
  }
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}
