/**
 * The store conformance suite: one set of cases that every ClusterStore adapter must pass (memory,
 * sqlite, and etcd when it comes), so code tested on memory behaves the same on the others.
 * Registers vitest describe/it blocks; call it from an adapter's test file:
 *
 *   defineStoreConformance('sqlite', () => openSqliteStore(freshPath()), { persistent: ... });
 *
 * Each case gets a fresh, empty store from `open` and closes it afterwards. Cases compare revisions
 * relative to the store's own, never as absolute numbers.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { ClusterStore } from '../port.js';
import { defineKvCases } from './kv-cases.js';
import { defineLeaseCases } from './lease-cases.js';
import { defineLifecycleCases } from './lifecycle-cases.js';
import type { ConformanceContext, ConformanceOptions } from './support.js';
import { defineTxnCases } from './txn-cases.js';
import { defineWatchCases } from './watch-cases.js';

export type { ConformanceOptions } from './support.js';

export function defineStoreConformance(name: string, open: () => Promise<ClusterStore>, options: ConformanceOptions = {}): void {
  describe(`store conformance: ${name}`, () => {
    let current: ClusterStore | null = null;
    const ctx: ConformanceContext = {
      store: () => {
        if (!current) throw new Error('no store: the case runs outside beforeEach');
        return current;
      },
      leaseTtlMs: options.leaseTtlMs ?? 200,
      patienceMs: options.patienceMs ?? 10_000,
      persistent: options.persistent,
    };
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });
    defineKvCases(ctx);
    defineTxnCases(ctx);
    defineWatchCases(ctx);
    defineLeaseCases(ctx);
    defineLifecycleCases(ctx);
  });
}
