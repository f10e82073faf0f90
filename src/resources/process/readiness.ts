/**
 * When a started process counts as online: still running after OnlineSettleMs, and, when asked
 * for, once ReadyFile exists or ReadyPort accepts a TCP connection. While it waits it reports
 * progress, so PendingTimeout measures a hang, not a slow start; ReadyTimeoutMs caps the wait.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { ResourceContext } from '../sdk/index.js';
import type { ProcessSettings, ReadyPort } from './properties.js';

/** How often waits look at the process and report progress (a gap far below any sane PendingTimeout). */
export const POLL_MS = 50;
export const PROGRESS_EVERY_MS = 500;

/** True when a TCP connection to the port succeeds within `timeoutMs`. */
export function portAccepts(target: ReadyPort, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export type ReadyAnswer = { readonly ready: true } | { readonly ready: false; readonly detail: string };

/**
 * Waits until the process is ready. `running()` says whether it still runs; a process that exits
 * first is never ready. Rejects when ctx.signal aborts (terminate, cancel).
 */
export async function waitUntilReady(ctx: ResourceContext, settings: ProcessSettings, running: () => string | null): Promise<ReadyAnswer> {
  const start = ctx.clock.now();
  let lastProgress = start;
  const needsCheck = settings.readyFile !== null || settings.readyPort !== null;
  for (;;) {
    const died = running();
    if (died !== null) return { ready: false, detail: died };
    const elapsed = ctx.clock.now() - start;
    if (elapsed >= settings.onlineSettleMs && (!needsCheck || (await readyNow(settings)))) {
      // The check may have taken a while: the process must still be there at the end of it.
      const diedMeanwhile = running();
      return diedMeanwhile === null ? { ready: true } : { ready: false, detail: diedMeanwhile };
    }
    if (needsCheck && elapsed >= settings.readyTimeoutMs + settings.onlineSettleMs) {
      return { ready: false, detail: `not ready within ReadyTimeoutMs (${settings.readyTimeoutMs} ms): ${describeReadiness(settings)}` };
    }
    if (ctx.clock.now() - lastProgress >= PROGRESS_EVERY_MS) {
      ctx.reportProgress(`waiting for ${describeReadiness(settings)}`);
      lastProgress = ctx.clock.now();
    }
    await ctx.sleep(POLL_MS);
  }
}

async function readyNow(settings: ProcessSettings): Promise<boolean> {
  if (settings.readyFile !== null && !existsSync(settings.readyFile)) return false;
  if (settings.readyPort !== null && !(await portAccepts(settings.readyPort, 1_000))) return false;
  return true;
}

function describeReadiness(settings: ProcessSettings): string {
  const parts: string[] = [];
  if (settings.readyFile !== null) parts.push(`ReadyFile ${settings.readyFile}`);
  if (settings.readyPort !== null) parts.push(`ReadyPort ${settings.readyPort.host}:${settings.readyPort.port}`);
  return parts.length === 0 ? 'the settle period' : parts.join(' and ');
}
