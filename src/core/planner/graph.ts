/**
 * The dependency graph of one group, as integer indexes: what the planner walks. Dependencies never
 * cross groups (wsfc.md §6.1), so a group's graph is self-contained. Built in O(resources + edges)
 * and memoised per (model, group): a ClusterModel is immutable per configuration revision, so the
 * cache can never serve a stale graph, and a 10,000-resource plan does not rebuild it.
 *
 * Walks are iterative (an explicit stack or queue): the depth limit is 100 in WSFC (§6.1) but a
 * configuration that has not been validated yet must not overflow the call stack.
 */
import type { ClusterModel, DependencyExpression, GroupConfig } from '../model.js';
import { nameKey } from '../model.js';

export interface GroupGraph {
  readonly group: GroupConfig;
  /** Canonical resource names in declaration order; a resource's index is its position here. */
  readonly names: readonly string[];
  readonly indexByKey: ReadonlyMap<string, number>;
  /**
   * For each resource, its AND-of-OR provider sets as indexes (duplicates inside a set removed,
   * names outside the group dropped: config validation rejects those, the planner must not crash).
   */
  readonly providerSets: readonly (readonly (readonly number[])[])[];
  /** For each resource, its direct dependents (indexes, ascending, no duplicates). */
  readonly dependents: readonly (readonly number[])[];
  /**
   * For each provider, every (dependent, set) pair whose OR-set lists it: what the offline walk
   * decrements to find a dependent whose set just lost its last online provider (§6.2).
   */
  readonly memberships: readonly (readonly SetRef[])[];
}

export interface SetRef {
  readonly dependent: number;
  readonly set: number;
}

const cache = new WeakMap<ClusterModel, Map<string, GroupGraph>>();

/**
 * Graphs kept per model, most recently used first out of the eviction order. Rebuilding a small
 * group's graph costs microseconds; keeping all 1,000 graphs of a large cluster for the life of a
 * revision costs megabytes. The cache exists for big groups planned again and again, and those
 * stay in it.
 */
const CACHED_GRAPHS = 32;

export function groupGraph(model: ClusterModel, group: GroupConfig): GroupGraph {
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = new Map();
    cache.set(model, perModel);
  }
  const key = nameKey(group.name);
  const hit = perModel.get(key);
  perModel.delete(key);
  const graph = hit?.group === group ? hit : buildGroupGraph(model, group);
  perModel.set(key, graph);
  if (perModel.size > CACHED_GRAPHS) perModel.delete(perModel.keys().next().value as string);
  return graph;
}

export function buildGroupGraph(model: ClusterModel, group: GroupConfig): GroupGraph {
  const count = group.resources.length;
  const names: string[] = new Array<string>(count);
  const expressions: (DependencyExpression | undefined)[] = new Array<DependencyExpression | undefined>(count);
  const indexByKey = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const declared = group.resources[i] as string;
    const key = nameKey(declared);
    const config = model.resourcesByKey.get(key);
    names[i] = config?.name ?? declared;
    expressions[i] = config?.dependsOn;
    indexByKey.set(key, i);
  }

  const providerSets: (readonly (readonly number[])[])[] = new Array<readonly number[][]>(count);
  const dependents: number[][] = Array.from({ length: count }, () => []);
  const memberships: SetRef[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    const expression = expressions[i] ?? [];
    const sets: number[][] = [];
    for (const orSet of expression) {
      const members: number[] = [];
      // A Set only for wide OR-sets: most sets have one or two members and includes() is cheaper.
      const seen = orSet.length > 8 ? new Set<number>() : null;
      for (const providerName of orSet) {
        const p = indexByKey.get(nameKey(providerName));
        if (p === undefined || p === i) continue;
        if (seen ? seen.has(p) : members.includes(p)) continue;
        seen?.add(p);
        members.push(p);
      }
      if (members.length === 0) continue;
      const setIndex = sets.length;
      sets.push(members.slice());
      for (const p of members) {
        memberships[p]?.push({ dependent: i, set: setIndex });
        const list = dependents[p] as number[];
        // Dependents are visited in ascending i, so a duplicate can only be the last entry.
        if (list[list.length - 1] !== i) list.push(i);
      }
    }
    providerSets[i] = exactSize(sets);
  }
  return { group, names, indexByKey, providerSets, dependents: dependents.map(exactSize), memberships: memberships.map(exactSize) };
}

const NONE: never[] = [];
Object.freeze(NONE);

/** Lists grown by push hold spare slots (17 for one item): cached graphs keep exact copies. */
function exactSize<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
}

/**
 * Orders the selected resources so that every resource comes after everything in its `waitFor`
 * list (Kahn's algorithm, FIFO seeded in declaration order, so the order is deterministic and
 * independent branches are interleaved breadth-first). `waitFor` lists only selected indexes.
 * Returns the indexes in order; throws if the graph has a cycle (config validation forbids one).
 */
export function topologicalOrder(count: number, selected: readonly number[], waitFor: readonly (readonly number[] | undefined)[]): number[] {
  const remaining = new Int32Array(count);
  const releases: number[][] = [];
  for (const i of selected) {
    const deps = waitFor[i];
    if (!deps) continue;
    remaining[i] = deps.length;
    for (const d of deps) {
      let list = releases[d];
      if (!list) {
        list = [];
        releases[d] = list;
      }
      list.push(i);
    }
  }
  const queue: number[] = [];
  const ascending = [...selected].sort((a, b) => a - b);
  for (const i of ascending) if (remaining[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    const released = releases[i];
    if (!released) continue;
    for (const j of released) {
      remaining[j] = (remaining[j] as number) - 1;
      if (remaining[j] === 0) queue.push(j);
    }
  }
  if (queue.length !== selected.length) throw new Error('dependency cycle in group: the configuration should have been rejected (1059)');
  return queue;
}
