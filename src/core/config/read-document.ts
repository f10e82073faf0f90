/**
 * Reading the YAML-shaped document (already parsed to plain values) into a draft ClusterConfig:
 * keys, types, names, node references and common properties. Dependency names are kept as
 * written here; dependency-checks.ts resolves them once every resource is known.
 */
import { GROUP_COMMON_PROPERTIES, RESOURCE_COMMON_PROPERTIES } from '../common-properties.js';
import { Win32 } from '../errors.js';
import type { ClusterConfig, DependencyExpression, GroupConfig, JsonValue, NodeConfig, ResourceConfig } from '../model.js';
import { nameKey } from '../model.js';
import type { IssueList, PathSegment } from './config-error.js';
import { DependencyExpressionError, parseDependencyExpression } from './dependency-expression.js';
import { formatBound, readCommonProperties } from './read-common.js';

const E = Win32;

export const CLUSTER_KEYS: readonly string[] = ['cluster', 'nodes', 'groups'];
export const NODE_KEYS: readonly string[] = ['name'];
export const GROUP_KEYS: readonly string[] = ['description', 'preferredOwners', 'resources', ...Object.keys(GROUP_COMMON_PROPERTIES)];
export const RESOURCE_KEYS: readonly string[] = ['type', 'description', 'dependsOn', 'possibleOwners', 'properties', ...Object.keys(RESOURCE_COMMON_PROPERTIES)];

/** Hour-of-day properties: 0-23, or 0xFFFFFFFF for "no window" (wsfc.md §8). */
const FAILBACK_WINDOW_KEYS = ['FailbackWindowStart', 'FailbackWindowEnd'] as const;
const NO_WINDOW = 0xffffffff;
/** Not in the Win32 shorthand table of errors.ts; the number is in its ERROR_TABLE. */

/** Private properties nest; past this depth a value is more likely a mistake than data. */
const MAX_PROPERTY_NESTING = 32;

type Mapping = Readonly<Record<string, unknown>>;

/**
 * Description is not (yet) part of model.ts; it rides along as an optional extra field so that
 * `wolfpack apply` keeps what the operator wrote. TypeScript's structural typing lets these stay
 * assignable to ResourceConfig / GroupConfig.
 */
export type ResourceConfigDraft = ResourceConfig & { readonly description?: string };
export type GroupConfigDraft = GroupConfig & { readonly description?: string };

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

function readMapping(value: unknown, path: readonly PathSegment[], issues: IssueList, what: string): Mapping | null {
  if (isMapping(value)) return value;
  issues.add(path, E.ERROR_INVALID_PARAMETER, `${what} must be a mapping, got ${kindOf(value)}`);
  return null;
}

function checkKeys(obj: Mapping, allowed: readonly string[], path: readonly PathSegment[], issues: IssueList, what: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    // The usual slip is case (pendingTimeout): say which name was meant.
    const meant = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
    const hint = meant === undefined ? `; known keys: ${allowed.join(', ')}` : `; did you mean "${meant}"?`;
    issues.add([...path, key], E.ERROR_INVALID_PARAMETER, `unknown ${what} key "${key}"${hint}`);
  }
}

function readName(value: unknown, path: readonly PathSegment[], issues: IssueList, what: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.add(path, E.ERROR_INVALID_PARAMETER, `${what} name must be a non-empty string, got ${kindOf(value)}`);
    return null;
  }
  if (value !== value.trim()) {
    issues.add(path, E.ERROR_INVALID_PARAMETER, `${what} name ${JSON.stringify(value)} has leading or trailing spaces`);
    return null;
  }
  return value;
}

function readNodes(value: unknown, issues: IssueList): { nodes: NodeConfig[]; byKey: Map<string, string> } {
  const nodes: NodeConfig[] = [];
  const byKey = new Map<string, string>();
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(['nodes'], E.ERROR_INVALID_PARAMETER, `nodes must be a non-empty list of node names, got ${value === undefined ? 'nothing' : kindOf(value)}`);
    return { nodes, byKey };
  }
  value.forEach((entry: unknown, index) => {
    const path = ['nodes', index];
    let raw = entry;
    if (isMapping(entry)) {
      checkKeys(entry, NODE_KEYS, path, issues, 'node');
      raw = entry['name'];
    }
    const name = readName(raw, isMapping(entry) ? [...path, 'name'] : path, issues, 'node');
    if (name === null) return;
    const existing = byKey.get(nameKey(name));
    if (existing !== undefined) {
      issues.add(path, E.ERROR_OBJECT_ALREADY_EXISTS, `node "${name}" is listed twice (node names are case-insensitive; see "${existing}")`);
      return;
    }
    byKey.set(nameKey(name), name);
    nodes.push({ name });
  });
  return { nodes, byKey };
}

/** Node lists (preferred / possible owners): canonical node spelling, unknown nodes reported. */
function readNodeList(value: unknown, path: readonly PathSegment[], issues: IssueList, nodesByKey: ReadonlyMap<string, string>): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, E.ERROR_INVALID_PARAMETER, `must be a list of node names, got ${kindOf(value)}`);
    return [];
  }
  const out: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const name = readName(entry, [...path, index], issues, 'node');
    if (name === null) return;
    const canonical = nodesByKey.get(nameKey(name));
    if (canonical === undefined) {
      issues.add([...path, index], E.ERROR_CLUSTER_NODE_NOT_FOUND, `unknown node "${name}"`);
    } else if (seen.has(nameKey(name))) {
      issues.add([...path, index], E.ERROR_INVALID_PARAMETER, `node "${name}" is listed twice`);
    } else {
      seen.add(nameKey(name));
      out.push(canonical);
    }
  });
  return out;
}

function readDescription(obj: Mapping, path: readonly PathSegment[], issues: IssueList): { description?: string } {
  const value = obj['description'];
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { description: value };
  issues.add([...path, 'description'], E.ERROR_INVALID_PARAMETER, `description must be a string, got ${kindOf(value)}`);
  return {};
}

/** dependsOn: an expression string, or a list (AND) whose items are names or lists of names (OR). */
export function readDependsOn(value: unknown, path: readonly PathSegment[], issues: IssueList): DependencyExpression {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    try {
      return parseDependencyExpression(value);
    } catch (err) {
      if (!(err instanceof DependencyExpressionError)) throw err;
      issues.add(path, E.ERROR_INVALID_PARAMETER, err.detail);
      return [];
    }
  }
  if (!Array.isArray(value)) {
    issues.add(path, E.ERROR_INVALID_PARAMETER, `dependsOn must be a list of resource names or an expression string, got ${kindOf(value)}`);
    return [];
  }
  const sets: string[][] = [];
  value.forEach((item: unknown, index) => {
    const items: readonly unknown[] = Array.isArray(item) ? item : [item];
    const set: string[] = [];
    items.forEach((entry, inner) => {
      const at = Array.isArray(item) ? [...path, index, inner] : [...path, index];
      const name = readName(entry, at, issues, 'resource');
      if (name !== null) set.push(name);
    });
    if (Array.isArray(item) && item.length === 0) issues.add([...path, index], E.ERROR_INVALID_PARAMETER, 'an OR-set must name at least one resource');
    if (set.length > 0) sets.push(set);
  });
  return sets;
}

function toJson(value: unknown, path: readonly PathSegment[], issues: IssueList, depth: number): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.add(path, E.ERROR_INVALID_PARAMETER, `${value} is not a JSON number`);
    return undefined;
  }
  if (depth >= MAX_PROPERTY_NESTING) {
    issues.add(path, E.ERROR_INVALID_PARAMETER, `nested deeper than ${MAX_PROPERTY_NESTING} levels`);
    return undefined;
  }
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    value.forEach((item: unknown, index) => {
      const json = toJson(item, [...path, index], issues, depth + 1);
      if (json !== undefined) out.push(json);
    });
    return out;
  }
  if (isMapping(value) && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const entries: [string, JsonValue][] = [];
    for (const [key, item] of Object.entries(value as Mapping)) {
      const json = toJson(item, [...path, key], issues, depth + 1);
      if (json !== undefined) entries.push([key, json]);
    }
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(entries);
  }
  issues.add(path, E.ERROR_INVALID_PARAMETER, `${kindOf(value)} is not a JSON value`);
  return undefined;
}

function readProperties(value: unknown, path: readonly PathSegment[], issues: IssueList): Readonly<Record<string, JsonValue>> {
  if (value === undefined || value === null) return {};
  const map = readMapping(value, path, issues, 'properties');
  if (map === null) return {};
  const json = toJson(map, path, issues, 0);
  return (json ?? {}) as Readonly<Record<string, JsonValue>>;
}

function readResource(
  name: string,
  group: string,
  value: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
  nodesByKey: ReadonlyMap<string, string>,
): ResourceConfigDraft {
  const obj = readMapping(value ?? {}, path, issues, 'a resource') ?? {};
  checkKeys(obj, RESOURCE_KEYS, path, issues, 'resource');
  const rawType = obj['type'];
  let type = '';
  if (rawType === undefined || rawType === null) issues.add([...path, 'type'], E.ERROR_INVALID_PARAMETER, 'missing resource type (type: dummy, process, script, ocf:provider:agent or a module path)');
  else if (typeof rawType !== 'string' || rawType.trim() === '') issues.add([...path, 'type'], E.ERROR_INVALID_PARAMETER, `type must be a non-empty string, got ${kindOf(rawType)}`);
  else type = rawType;
  return {
    name,
    group,
    type,
    dependsOn: readDependsOn(obj['dependsOn'], [...path, 'dependsOn'], issues),
    possibleOwners: readNodeList(obj['possibleOwners'], [...path, 'possibleOwners'], issues, nodesByKey),
    common: readCommonProperties(RESOURCE_COMMON_PROPERTIES, obj, path, issues),
    properties: readProperties(obj['properties'], [...path, 'properties'], issues),
    ...readDescription(obj, path, issues),
  };
}

/** FailbackWindowStart/End are hours of the day or "none", and are set together (wsfc.md §8). */
function checkFailbackWindow(common: GroupConfig['common'], obj: Mapping, path: readonly PathSegment[], issues: IssueList): void {
  for (const key of FAILBACK_WINDOW_KEYS) {
    const value = common[key];
    if (value !== NO_WINDOW && value > 23) issues.add([...path, key], E.ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS, `${value} is not an hour of the day (0..23) or ${formatBound(NO_WINDOW)} (no window)`);
  }
  const startSet = common.FailbackWindowStart !== NO_WINDOW;
  const endSet = common.FailbackWindowEnd !== NO_WINDOW;
  if (startSet !== endSet && Object.hasOwn(obj, startSet ? 'FailbackWindowStart' : 'FailbackWindowEnd')) {
    issues.add([...path, startSet ? 'FailbackWindowEnd' : 'FailbackWindowStart'], Win32.ERROR_CLUSTER_PARAMETER_MISMATCH, 'FailbackWindowStart and FailbackWindowEnd must be set together');
  }
}

/** Reads the whole document; every problem goes to `issues`, and the draft is as complete as it can be. */
export function readClusterDocument(doc: unknown, issues: IssueList): ClusterConfig {
  const root = readMapping(doc, [], issues, 'the configuration') ?? {};
  checkKeys(root, CLUSTER_KEYS, [], issues, 'top-level');
  const cluster = readName(root['cluster'], ['cluster'], issues, 'cluster') ?? '';
  const { nodes, byKey: nodesByKey } = readNodes(root['nodes'], issues);

  const groups: GroupConfigDraft[] = [];
  const resources: ResourceConfigDraft[] = [];
  const groupNames = new Map<string, string>();
  const resourceNames = new Map<string, { name: string; group: string }>();
  const rawGroups = root['groups'] === undefined || root['groups'] === null ? {} : readMapping(root['groups'], ['groups'], issues, 'groups') ?? {};

  for (const [groupName, rawGroup] of Object.entries(rawGroups)) {
    const path = ['groups', groupName];
    if (readName(groupName, path, issues, 'group') === null) continue;
    const other = groupNames.get(nameKey(groupName));
    if (other !== undefined) {
      issues.add(path, E.ERROR_OBJECT_ALREADY_EXISTS, `group "${groupName}" already exists as "${other}" (group names are case-insensitive)`);
      continue;
    }
    groupNames.set(nameKey(groupName), groupName);
    const obj = readMapping(rawGroup ?? {}, path, issues, 'a group') ?? {};
    checkKeys(obj, GROUP_KEYS, path, issues, 'group');
    const common = readCommonProperties(GROUP_COMMON_PROPERTIES, obj, path, issues);
    checkFailbackWindow(common, obj, path, issues);

    const members: string[] = [];
    const rawResources = obj['resources'] === undefined || obj['resources'] === null ? {} : readMapping(obj['resources'], [...path, 'resources'], issues, 'resources') ?? {};
    for (const [resourceName, rawResource] of Object.entries(rawResources)) {
      const at = [...path, 'resources', resourceName];
      if (readName(resourceName, at, issues, 'resource') === null) continue;
      if (resourceName.includes(']')) {
        issues.add(at, E.ERROR_INVALID_PARAMETER, `resource name "${resourceName}" contains "]", which ends a name in a dependency expression`);
        continue;
      }
      const clash = resourceNames.get(nameKey(resourceName));
      if (clash !== undefined) {
        issues.add(at, E.ERROR_OBJECT_ALREADY_EXISTS, `resource "${resourceName}" already exists as "${clash.name}" in group "${clash.group}" (resource names are unique in the cluster, case-insensitively)`);
        continue;
      }
      resourceNames.set(nameKey(resourceName), { name: resourceName, group: groupName });
      resources.push(readResource(resourceName, groupName, rawResource, at, issues, nodesByKey));
      members.push(resourceName);
    }
    groups.push({
      name: groupName,
      preferredOwners: readNodeList(obj['preferredOwners'], [...path, 'preferredOwners'], issues, nodesByKey),
      common,
      resources: members,
      ...readDescription(obj, path, issues),
    });
  }
  return { cluster, nodes, groups, resources };
}
