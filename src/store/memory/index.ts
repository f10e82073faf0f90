/**
 * The memory adapter: a ClusterStore with etcd's semantics and no persistence, for tests and
 * simulation. Pass a ManualClock to drive lease expiry in fake milliseconds.
 */
import type { Clock } from '../../core/clock.js';
import { LocalStore } from './local-store.js';
import { MapBackend } from './map-backend.js';
import { realClock } from './real-clock.js';

export interface MemoryStoreOptions {
  /** Time for lease expiry (default: wall time and Node timers). */
  readonly clock?: Clock;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): LocalStore {
  return new LocalStore('memory', new MapBackend(), options.clock ?? realClock);
}

export { LocalStore } from './local-store.js';
export { realClock } from './real-clock.js';
