/**
 * Stopping a process group: a signal, a wait (with progress reports, so PendingTimeout measures a
 * hang and not a slow shutdown), then SIGKILL to the whole group. "Stopped" means nothing of the
 * group runs any more; zombies count as stopped.
 */
import type { ResourceContext } from '../sdk/index.js';
import { signalGroup } from './launch.js';
import { groupGone } from './proc-table.js';
import { POLL_MS, PROGRESS_EVERY_MS } from './readiness.js';
import type { SignalName } from './stop-signal.js';

export interface GroupTarget {
  readonly pid: number;
  readonly startTime: number | null;
}

/** After SIGKILL only an uninterruptible sleep (D state) can delay the end; wait this long for it. */
export const KILL_WAIT_MS = 5_000;

/** Waits until the group is gone or `limitMs` passed; true when gone. Rejects when ctx.signal aborts. */
export async function waitGroupGone(ctx: ResourceContext, target: GroupTarget, limitMs: number, note: string): Promise<boolean> {
  const start = ctx.clock.now();
  let lastProgress = start;
  for (;;) {
    if (groupGone(target.pid, target.startTime)) return true;
    const now = ctx.clock.now();
    if (now - start >= limitMs) return false;
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      ctx.reportProgress(note);
      lastProgress = now;
    }
    await ctx.sleep(Math.min(POLL_MS, limitMs - (now - start)));
  }
}

export type StopOutcome = { readonly stopped: true; readonly killed: boolean } | { readonly stopped: false; readonly detail: string };

/** The graceful path: `signal`, up to `timeoutMs`, then SIGKILL and a short wait. */
export async function stopGroup(ctx: ResourceContext, target: GroupTarget, signal: SignalName, timeoutMs: number): Promise<StopOutcome> {
  if (!signalGroup(target.pid, target.startTime, signal)) return { stopped: true, killed: false };
  if (await waitGroupGone(ctx, target, timeoutMs, `waiting for process group ${target.pid} to stop after ${signal}`)) {
    return { stopped: true, killed: false };
  }
  ctx.log.warn(`process group ${target.pid} did not stop within StopTimeoutMs (${timeoutMs} ms) after ${signal}: sending SIGKILL`);
  return killGroup(ctx, target);
}

/** SIGKILL to the group, then a short wait until it is gone. */
export async function killGroup(ctx: ResourceContext, target: GroupTarget): Promise<StopOutcome> {
  signalGroup(target.pid, target.startTime, 'SIGKILL');
  if (await waitGroupGone(ctx, target, KILL_WAIT_MS, `waiting for process group ${target.pid} to die after SIGKILL`)) return { stopped: true, killed: true };
  return { stopped: false, detail: `process group ${target.pid} still runs ${KILL_WAIT_MS} ms after SIGKILL` };
}
