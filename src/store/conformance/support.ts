/**
 * Helpers for the conformance cases: polling instead of fixed sleeps (the suite runs on loaded
 * two-core CI machines and on a real etcd), event collectors, and error-code assertions that go by
 * the code number, never by `instanceof`, so any adapter's errors qualify.
 */
import { expect } from 'vitest';
import type { ClusterStore, WatchEvent, WatchOptions, Watcher } from '../port.js';

export interface ConformanceOptions {
  /**
   * TTL for the lease cases (default 200 ms). etcd grants whole seconds with a floor of about
   * 2 s, so its run passes 2000 or more.
   */
  readonly leaseTtlMs?: number;
  /** How long to wait for something that must happen (delivery, expiry) before failing: default 10 s. */
  readonly patienceMs?: number;
  /**
   * Adapters that keep data across a close: returns a fresh store and a way to reopen the same
   * data after closing it. The persistence cases run only when this is given.
   */
  readonly persistent?: () => Promise<{ store: ClusterStore; reopen: () => Promise<ClusterStore> }>;
}

export interface ConformanceContext {
  /** The store of the running test: fresh and empty for each test. */
  store(): ClusterStore;
  readonly leaseTtlMs: number;
  readonly patienceMs: number;
  readonly persistent: ConformanceOptions['persistent'];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 10 ms until `done` holds; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export interface Collector {
  readonly events: WatchEvent[];
  readonly errors: Error[];
  readonly watcher: Watcher;
  /** Waits until at least `n` events arrived. */
  until(n: number): Promise<WatchEvent[]>;
}

export async function collect(
  ctx: ConformanceContext,
  prefix: string,
  options: Omit<WatchOptions, 'onError'> = {},
): Promise<Collector> {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  const watcher = await ctx.store().watch(prefix, (e) => events.push(e), { ...options, onError: (e) => errors.push(e) });
  return {
    events,
    errors,
    watcher,
    until: (n) => waitFor(() => events, (list) => list.length >= n, ctx.patienceMs, `${n} watch events on ${prefix}`),
  };
}

/** A short, readable form of events for toEqual: "put /a=1@5", "delete /a@6". */
export function brief(events: readonly WatchEvent[]): string[] {
  return events.map((e) => (e.type === 'put' ? `put ${e.kv.key}=${e.kv.value}@${e.revision}` : `delete ${e.key}@${e.revision}`));
}

/** Gives queued deliveries a chance to run, so "nothing more arrived" means something. */
export async function settle(ms = 50): Promise<void> {
  await sleep(ms);
}

export async function expectCode(promise: Promise<unknown>, code: number): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeInstanceOf(Error);
  expect((caught as { code?: unknown }).code).toBe(code);
  return caught as Error;
}
