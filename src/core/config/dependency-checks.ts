/**
 * The dependency rules of wsfc.md §6.1 over a whole configuration: names resolve (5007), same
 * group (5069), no self dependency (87), at most one dependency per pair (5003), no cycle (1059),
 * depth at most 100 (5929). Everything is iterative and linear in resources + dependencies, so a
 * 10,000-long chain neither overflows the stack nor takes more than a few milliseconds.
 */
import { Win32 } from '../errors.js';
import type { DependencyExpression, ResourceConfig } from '../model.js';
import { nameKey } from '../model.js';
import type { IssueList, PathSegment } from './config-error.js';

const E = Win32;

/** wsfc.md §6.1: "The dependency tree depth is limited to 100 (v3)". */
export const MAX_DEPENDENCY_DEPTH = 100;

/** Long cycles and chains are shortened in messages; the ends say enough to find them. */
const SHOWN_CHAIN_ENDS = 8;

function dependsOnPath(resource: ResourceConfig): PathSegment[] {
  return ['groups', resource.group, 'resources', resource.name, 'dependsOn'];
}

function showChain(names: readonly string[]): string {
  if (names.length <= SHOWN_CHAIN_ENDS * 2 + 1) return names.join(' -> ');
  const hidden = names.length - SHOWN_CHAIN_ENDS * 2;
  return [...names.slice(0, SHOWN_CHAIN_ENDS), `... (${hidden} more)`, ...names.slice(-SHOWN_CHAIN_ENDS)].join(' -> ');
}

/**
 * Resolves every name to the declared spelling, drops (and reports) the bad ones, and returns the
 * resources with canonical expressions plus the provider edges (indexes into `resources`).
 */
function resolveNames(resources: readonly ResourceConfig[], issues: IssueList): { resolved: ResourceConfig[]; providers: number[][] } {
  const indexByKey = new Map<string, number>();
  resources.forEach((r, i) => indexByKey.set(nameKey(r.name), i));
  const providers: number[][] = [];
  const resolved = resources.map((resource, i) => {
    const path = dependsOnPath(resource);
    const seen = new Set<number>();
    const edges: number[] = [];
    const sets: string[][] = [];
    for (const set of resource.dependsOn) {
      const names: string[] = [];
      for (const name of set) {
        const j = indexByKey.get(nameKey(name));
        const provider = j === undefined ? undefined : resources[j];
        if (j === undefined || provider === undefined) {
          issues.add(path, E.ERROR_RESOURCE_NOT_FOUND, `unknown resource "${name}"`);
        } else if (j === i) {
          issues.add(path, E.ERROR_INVALID_PARAMETER, `resource "${resource.name}" cannot depend on itself`);
        } else if (nameKey(provider.group) !== nameKey(resource.group)) {
          issues.add(path, E.ERROR_DEPENDENCY_NOT_ALLOWED, `"${provider.name}" is in group "${provider.group}"; a resource can depend only on resources of its own group ("${resource.group}")`);
        } else if (seen.has(j)) {
          issues.add(path, E.ERROR_DEPENDENCY_ALREADY_EXISTS, `"${provider.name}" is named more than once (at most one dependency between two resources)`);
        } else {
          seen.add(j);
          edges.push(j);
          names.push(provider.name);
        }
      }
      if (names.length > 0) sets.push(names);
    }
    providers.push(edges);
    const dependsOn: DependencyExpression = sets;
    return { ...resource, dependsOn };
  });
  return { resolved, providers };
}

/**
 * Tarjan's strongly connected components, with an explicit stack instead of recursion. Returns
 * the components of more than one resource (self loops were refused earlier), in discovery order.
 */
function cyclicComponents(providers: readonly (readonly number[])[]): number[][] {
  const n = providers.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const enter = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    callNode.push(v);
    callEdge.push(0);
  };
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    enter(start);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top] as number;
      const edges = providers[v] as readonly number[];
      const e = callEdge[top] as number;
      if (e < edges.length) {
        callEdge[top] = e + 1;
        const w = edges[e] as number;
        if (index[w] === -1) enter(w);
        else if (onStack[w] === 1) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      callNode.pop();
      callEdge.pop();
      const parent = callNode[callNode.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[v] as number);
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components;
}

/** One concrete cycle through the component's first-declared resource: BFS inside the component. */
function cycleThrough(component: readonly number[], providers: readonly (readonly number[])[]): number[] {
  const members = new Set(component);
  const start = component.reduce((a, b) => Math.min(a, b));
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const w of providers[v] as readonly number[]) {
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = parent.get(at) as number) path.push(at);
        path.push(start);
        // Collected backwards from v; the cycle reads start -> ... -> v -> start.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (members.has(w) && !parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Longest provider chain per resource (a resource without providers has depth 1), by Kahn's
 * topological order from the providers up. Resources on or above a cycle keep depth 0.
 */
function chainDepths(providers: readonly (readonly number[])[]): { depth: Int32Array; via: Int32Array } {
  const n = providers.length;
  const depth = new Int32Array(n);
  const via = new Int32Array(n).fill(-1);
  const pending = new Int32Array(n);
  const dependents: number[][] = Array.from({ length: n }, () => []);
  const queue: number[] = [];
  providers.forEach((edges, i) => {
    pending[i] = edges.length;
    for (const p of edges) (dependents[p] as number[]).push(i);
    if (edges.length === 0) {
      depth[i] = 1;
      queue.push(i);
    }
  });
  for (let head = 0; head < queue.length; head++) {
    const p = queue[head] as number;
    for (const d of dependents[p] as number[]) {
      if ((depth[p] as number) + 1 > (depth[d] as number)) {
        depth[d] = (depth[p] as number) + 1;
        via[d] = p;
      }
      pending[d] = (pending[d] as number) - 1;
      if (pending[d] === 0) queue.push(d);
    }
  }
  return { depth, via };
}

/**
 * Checks and canonicalises every dependency. Returns the resources with expressions that name
 * only valid providers, in the declared spelling.
 */
export function checkDependencies(resources: readonly ResourceConfig[], issues: IssueList, maxDepth: number = MAX_DEPENDENCY_DEPTH): ResourceConfig[] {
  const { resolved, providers } = resolveNames(resources, issues);
  const nameOf = (i: number): string => (resolved[i] as ResourceConfig).name;

  for (const component of cyclicComponents(providers)) {
    const cycle = cycleThrough(component, providers);
    const first = resolved[cycle[0] as number] as ResourceConfig;
    const extra = component.length > cycle.length - 1 ? ` (${component.length} resources are caught in dependency cycles here)` : '';
    issues.add(dependsOnPath(first), E.ERROR_CIRCULAR_DEPENDENCY, `circular dependency: ${showChain(cycle.map(nameOf))}${extra}`);
  }

  // One report per group, at its deepest resource: a 10,000-long chain is one problem, not 9,900.
  const { depth, via } = chainDepths(providers);
  const deepest = new Map<string, number>();
  resolved.forEach((r, i) => {
    const key = nameKey(r.group);
    const best = deepest.get(key);
    if ((depth[i] as number) > maxDepth && (best === undefined || (depth[i] as number) > (depth[best] as number))) deepest.set(key, i);
  });
  for (const i of deepest.values()) {
    const chain: number[] = [];
    for (let at = i; at !== -1; at = via[at] as number) chain.push(at);
    issues.add(
      dependsOnPath(resolved[i] as ResourceConfig),
      E.ERROR_DEPENDENCY_TREE_TOO_COMPLEX,
      `dependency chain is ${depth[i]} resources deep, over the limit of ${maxDepth}: ${showChain(chain.map(nameOf))}`,
    );
  }
  return resolved;
}
