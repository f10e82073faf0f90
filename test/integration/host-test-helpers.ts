/**
 * Helpers for the resource-host suites: watch pids through /proc, and make sure every process a
 * test started is gone afterwards (by pid, never by name).
 */
import { readFileSync } from 'node:fs';
import type { HostEvent, HostPool } from '../../src/host/index.js';

/**
 * True when the pid no longer runs. A zombie counts as gone: on this machine PID 1 reaps orphans
 * only every second or two, and a zombie runs no code.
 */
export function isGone(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

export async function waitUntilGone(pid: number, limitMs = 10_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (isGone(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return isGone(pid);
}

export function killIfAlive(pid: number): void {
  if (isGone(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Records every host a pool starts, and every event, so tests can assert and clean up. */
export class PoolWatcher {
  readonly pids = new Set<number>();
  readonly events: HostEvent[] = [];

  constructor(pool: HostPool) {
    pool.subscribe((event) => {
      this.events.push(event);
      if (event.kind === 'host-started' && event.pid !== null) this.pids.add(event.pid);
    });
  }

  of<K extends HostEvent['kind']>(kind: K): Extract<HostEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<HostEvent, { kind: K }> => e.kind === kind);
  }

  /** Waits until an event matching `predicate` has arrived (or fails after `limitMs`). */
  async waitFor<K extends HostEvent['kind']>(kind: K, predicate: (e: Extract<HostEvent, { kind: K }>) => boolean = () => true, limitMs = 5_000): Promise<Extract<HostEvent, { kind: K }>> {
    const until = Date.now() + limitMs;
    for (;;) {
      const found = this.of(kind).find(predicate);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${kind} event within ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Kills whatever is still running of what this pool started. */
  killAll(): void {
    for (const pid of this.pids) killIfAlive(pid);
  }
}
