/**
 * Clusters whose host processes are watched from the first probe, so a suite can assert at teardown
 * that every host it caused has exited (the ClusAPI suites use it).
 */
import type { LocalCluster } from '../../../src/engine/local-cluster.js';
import { PoolWatcher, waitUntilGone } from '../host-test-helpers.js';

export interface WatchedCluster {
  readonly cluster: LocalCluster;
  readonly watcher: PoolWatcher;
}

export function watch(cluster: LocalCluster): WatchedCluster {
  return { cluster, watcher: new PoolWatcher(cluster.pool) };
}

/** Closes every cluster and returns the pids of hosts still alive 5 s later (they are then killed). */
export async function closeWatched(running: WatchedCluster[]): Promise<number[]> {
  const leftovers: number[] = [];
  for (const { cluster, watcher } of running.splice(0)) {
    await cluster.close();
    for (const pid of watcher.pids) if (!(await waitUntilGone(pid, 5_000))) leftovers.push(pid);
    watcher.killAll();
  }
  return leftovers;
}
