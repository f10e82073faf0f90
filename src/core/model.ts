/**
 * The cluster model: configuration (what the operator declared) and runtime (what is true now),
 * joined in a Snapshot that the planner reads. Pure data; built and validated by src/core/config/.
 */
import type { GroupCommonProperties, ResourceCommonProperties } from './common-properties.js';
import type { NodeState, PersistentState, ResourceState } from './states.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A dependency expression in conjunctive form: every inner list is an OR-set, and all sets must
 * hold (AND). `[Db] and ([Disk] or [Cache])` is [["Db"], ["Disk", "Cache"]].
 */
export type DependencyExpression = readonly (readonly string[])[];

export interface NodeConfig {
  readonly name: string;
}

export interface ResourceConfig {
  readonly name: string;
  readonly group: string;
  /** A built-in type name (dummy, process, script, ocf:provider:agent) or a path to a user type module. */
  readonly type: string;
  readonly dependsOn: DependencyExpression;
  /** Nodes allowed to host the resource; empty means every node. */
  readonly possibleOwners: readonly string[];
  readonly common: ResourceCommonProperties;
  /** The type's private properties, as written in `properties:`. */
  readonly properties: Readonly<Record<string, JsonValue>>;
  readonly description?: string;
}

export interface GroupConfig {
  readonly name: string;
  readonly preferredOwners: readonly string[];
  readonly common: GroupCommonProperties;
  /** Resource names in declaration order. */
  readonly resources: readonly string[];
  readonly description?: string;
}

export interface ClusterConfig {
  readonly cluster: string;
  readonly nodes: readonly NodeConfig[];
  readonly groups: readonly GroupConfig[];
  readonly resources: readonly ResourceConfig[];
}

/** Volatile and persistent facts about one resource. */
export interface ResourceRuntime {
  readonly state: ResourceState;
  readonly persistentState: PersistentState;
  /** Locked mode as last reported by the resource type through setLockedMode. */
  readonly locked: boolean;
  /** Why the resource is Failed (or last failed), for people. */
  readonly failureReason?: string;
}

export interface GroupRuntime {
  readonly owner: string | null;
  readonly persistentState: PersistentState;
  /** True while a move of this group is in progress (operations conflicting with it get 5908). */
  readonly moving: boolean;
}

export interface NodeRuntime {
  readonly state: NodeState;
}

export interface Runtime {
  readonly resources: ReadonlyMap<string, ResourceRuntime>;
  readonly groups: ReadonlyMap<string, GroupRuntime>;
  readonly nodes: ReadonlyMap<string, NodeRuntime>;
}

/**
 * The configuration with its derived indexes, built once per configuration revision so that a plan
 * over 10,000 resources does not rebuild them. Keys of the `*ByKey` maps are lower-cased names:
 * resource and group names are case-insensitive (wsfc.md §1.2).
 */
export interface ClusterModel {
  readonly config: ClusterConfig;
  readonly groupsByKey: ReadonlyMap<string, GroupConfig>;
  readonly resourcesByKey: ReadonlyMap<string, ResourceConfig>;
  /** For each resource name, the names of resources whose expressions mention it. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

export interface Snapshot {
  readonly model: ClusterModel;
  readonly runtime: Runtime;
}

export function nameKey(name: string): string {
  return name.toLowerCase();
}

export function findGroup(model: ClusterModel, name: string): GroupConfig | undefined {
  return model.groupsByKey.get(nameKey(name));
}

export function findResource(model: ClusterModel, name: string): ResourceConfig | undefined {
  return model.resourcesByKey.get(nameKey(name));
}

/** The configured node of that name (node names are case-insensitive like every other name). */
export function findNode(model: ClusterModel, name: string): NodeConfig | undefined {
  const key = nameKey(name);
  return model.config.nodes.find((node) => nameKey(node.name) === key);
}
