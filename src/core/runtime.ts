/**
 * Runtime construction and pure updates. A Runtime is what is true now (current and persistent
 * state, locked mode, group ownership, node state); it is keyed by the canonical names of the
 * configuration (ResourceConfig.name, GroupConfig.name, NodeConfig.name), never by lower-cased keys.
 * Every function here returns a new Runtime and leaves its input untouched, so a planner can be
 * handed a snapshot without fear that the engine mutates it mid-plan.
 */
import type { ClusterModel, GroupRuntime, NodeRuntime, ResourceRuntime, Runtime } from './model.js';
import { findGroup, findResource } from './model.js';
import { NodeState, PersistentState, ResourceState } from './states.js';

/**
 * What a fresh daemon knows before any probe: every resource Offline (wsfc.md §6.3 step 3 brings
 * resources back to persistent state only after probing), persistent Offline, unlocked.
 */
export const DEFAULT_RESOURCE_RUNTIME: ResourceRuntime = {
  state: ResourceState.Offline,
  persistentState: PersistentState.Offline,
  locked: false,
};

export interface ResourceOverride {
  readonly state?: ResourceState;
  readonly persistentState?: PersistentState;
  readonly locked?: boolean;
  readonly failureReason?: string;
}

export interface GroupOverride {
  readonly owner?: string | null;
  readonly persistentState?: PersistentState;
  readonly moving?: boolean;
}

export interface NodeOverride {
  readonly state?: NodeState;
}

/** Overrides by name; names are matched case-insensitively against the model. */
export interface RuntimeOverrides {
  readonly resources?: Readonly<Record<string, ResourceOverride>>;
  readonly groups?: Readonly<Record<string, GroupOverride>>;
  readonly nodes?: Readonly<Record<string, NodeOverride>>;
}

export interface InitialRuntimeOptions {
  /** Applied to every resource before the per-resource overrides (e.g. "everything Online"). */
  readonly allResources?: ResourceOverride;
  readonly overrides?: RuntimeOverrides;
}

/** The node a group starts on: its first preferred owner, else the first node of the cluster. */
export function initialOwner(model: ClusterModel, groupName: string): string | null {
  const group = findGroup(model, groupName);
  const preferred = group?.preferredOwners[0];
  if (preferred !== undefined) return preferred;
  return model.config.nodes[0]?.name ?? null;
}

export function initialRuntime(model: ClusterModel, opts: InitialRuntimeOptions = {}): Runtime {
  const base: ResourceRuntime = mergeResource(DEFAULT_RESOURCE_RUNTIME, opts.allResources ?? {});
  const resources = new Map<string, ResourceRuntime>();
  for (const resource of model.config.resources) resources.set(resource.name, base);
  const groups = new Map<string, GroupRuntime>();
  for (const group of model.config.groups) {
    groups.set(group.name, { owner: initialOwner(model, group.name), persistentState: PersistentState.Offline, moving: false });
  }
  const nodes = new Map<string, NodeRuntime>();
  for (const node of model.config.nodes) nodes.set(node.name, { state: NodeState.Up });
  const runtime: Runtime = { resources, groups, nodes };
  return opts.overrides ? applyOverrides(model, runtime, opts.overrides) : runtime;
}

/**
 * Applies overrides by name. Unknown names throw: overrides come from tests, scenarios and
 * `wolfpack plan --state`, where a typo must not silently plan against the wrong state.
 */
export function applyOverrides(model: ClusterModel, runtime: Runtime, overrides: RuntimeOverrides): Runtime {
  let next = runtime;
  for (const [name, patch] of Object.entries(overrides.resources ?? {})) {
    const resource = findResource(model, name);
    if (!resource) throw new Error(`runtime override names unknown resource '${name}'`);
    next = withResource(next, resource.name, patch);
  }
  for (const [name, patch] of Object.entries(overrides.groups ?? {})) {
    const group = findGroup(model, name);
    if (!group) throw new Error(`runtime override names unknown group '${name}'`);
    next = withGroup(next, group.name, patch);
  }
  for (const [name, patch] of Object.entries(overrides.nodes ?? {})) {
    const node = model.config.nodes.find((n) => n.name.toLowerCase() === name.toLowerCase());
    if (!node) throw new Error(`runtime override names unknown node '${name}'`);
    next = withNode(next, node.name, patch);
  }
  return next;
}

function mergeResource(current: ResourceRuntime, patch: ResourceOverride): ResourceRuntime {
  const merged: ResourceRuntime = {
    state: patch.state ?? current.state,
    persistentState: patch.persistentState ?? current.persistentState,
    locked: patch.locked ?? current.locked,
  };
  const failureReason = patch.failureReason ?? current.failureReason;
  return failureReason === undefined ? merged : { ...merged, failureReason };
}

/** The resource's runtime, or the default (Offline, unlocked) for a resource not yet recorded. */
export function resourceRuntime(runtime: Runtime, name: string): ResourceRuntime {
  return runtime.resources.get(name) ?? DEFAULT_RESOURCE_RUNTIME;
}

export function groupRuntime(runtime: Runtime, name: string): GroupRuntime {
  return runtime.groups.get(name) ?? { owner: null, persistentState: PersistentState.Offline, moving: false };
}

/**
 * The node's state. A node the runtime has no record of is Unknown, never Up: placement and move
 * admission must not send a group to a node nobody has seen.
 */
export function nodeState(runtime: Runtime, name: string): NodeState {
  return runtime.nodes.get(name)?.state ?? NodeState.Unknown;
}

/** A new Runtime with one resource patched; `name` is the canonical resource name. */
export function withResource(runtime: Runtime, name: string, patch: ResourceOverride): Runtime {
  const resources = new Map(runtime.resources);
  resources.set(name, mergeResource(resourceRuntime(runtime, name), patch));
  return { ...runtime, resources };
}

export function withGroup(runtime: Runtime, name: string, patch: GroupOverride): Runtime {
  const current = groupRuntime(runtime, name);
  const groups = new Map(runtime.groups);
  groups.set(name, {
    owner: patch.owner === undefined ? current.owner : patch.owner,
    persistentState: patch.persistentState ?? current.persistentState,
    moving: patch.moving ?? current.moving,
  });
  return { ...runtime, groups };
}

export function withNode(runtime: Runtime, name: string, patch: NodeOverride): Runtime {
  const current = runtime.nodes.get(name) ?? { state: NodeState.Up };
  const nodes = new Map(runtime.nodes);
  nodes.set(name, { state: patch.state ?? current.state });
  return { ...runtime, nodes };
}
