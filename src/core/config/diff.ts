/**
 * What changes between two configurations, as data: nodes, groups and resources added, removed
 * or changed (with each changed field's old and new value). `wolfpack apply` prints it and the
 * engine uses it to know what to touch. Names match case-insensitively, as everywhere.
 */
import { GROUP_COMMON_PROPERTIES, RESOURCE_COMMON_PROPERTIES } from '../common-properties.js';
import type { ClusterConfig, GroupConfig, JsonValue, ResourceConfig } from '../model.js';
import { nameKey } from '../model.js';
import { formatDependencyExpression } from './dependency-expression.js';

export interface FieldChange {
  /** `type`, `dependsOn`, `possibleOwners`, `preferredOwners`, a common property name, `properties.<Name>`, `group`, `name`, `description`. */
  readonly field: string;
  readonly before: JsonValue | undefined;
  readonly after: JsonValue | undefined;
}

export type ConfigChange =
  | { readonly kind: 'cluster-renamed'; readonly before: string; readonly after: string }
  | { readonly kind: 'node-added' | 'node-removed'; readonly node: string }
  | { readonly kind: 'group-added' | 'group-removed'; readonly group: string }
  | { readonly kind: 'group-changed'; readonly group: string; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'resource-added' | 'resource-removed'; readonly resource: string; readonly group: string }
  | { readonly kind: 'resource-changed'; readonly resource: string; readonly group: string; readonly fields: readonly FieldChange[] };

export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

function descriptionOf(obj: object): JsonValue | undefined {
  const value = (obj as { description?: unknown }).description;
  return typeof value === 'string' ? value : undefined;
}

function compare(fields: FieldChange[], field: string, before: JsonValue | undefined, after: JsonValue | undefined): void {
  if (!jsonEqual(before, after)) fields.push({ field, before, after });
}

function compareCommon(fields: FieldChange[], names: readonly string[], before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): void {
  for (const name of names) compare(fields, name, before[name], after[name]);
}

function resourceFields(before: ResourceConfig, after: ResourceConfig): FieldChange[] {
  const fields: FieldChange[] = [];
  compare(fields, 'name', before.name, after.name);
  compare(fields, 'group', before.group, after.group);
  compare(fields, 'type', before.type, after.type);
  compare(fields, 'description', descriptionOf(before), descriptionOf(after));
  compare(fields, 'dependsOn', formatDependencyExpression(before.dependsOn), formatDependencyExpression(after.dependsOn));
  compare(fields, 'possibleOwners', [...before.possibleOwners], [...after.possibleOwners]);
  compareCommon(fields, Object.keys(RESOURCE_COMMON_PROPERTIES), before.common, after.common);
  const keys = new Set([...Object.keys(before.properties), ...Object.keys(after.properties)]);
  for (const key of keys) compare(fields, `properties.${key}`, before.properties[key], after.properties[key]);
  return fields;
}

function groupFields(before: GroupConfig, after: GroupConfig): FieldChange[] {
  const fields: FieldChange[] = [];
  compare(fields, 'name', before.name, after.name);
  compare(fields, 'description', descriptionOf(before), descriptionOf(after));
  compare(fields, 'preferredOwners', [...before.preferredOwners], [...after.preferredOwners]);
  compareCommon(fields, Object.keys(GROUP_COMMON_PROPERTIES), before.common, after.common);
  return fields;
}

function byKey<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [nameKey(item.name), item]));
}

/**
 * Changes in a stable order: cluster, nodes, groups (removed, added, changed), resources
 * (removed, added, changed); within each, the order of the configuration that has them.
 */
export function diffConfigs(before: ClusterConfig, after: ClusterConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  if (before.cluster !== after.cluster) changes.push({ kind: 'cluster-renamed', before: before.cluster, after: after.cluster });

  const nodesBefore = byKey(before.nodes);
  const nodesAfter = byKey(after.nodes);
  for (const node of before.nodes) if (!nodesAfter.has(nameKey(node.name))) changes.push({ kind: 'node-removed', node: node.name });
  for (const node of after.nodes) if (!nodesBefore.has(nameKey(node.name))) changes.push({ kind: 'node-added', node: node.name });

  const groupsBefore = byKey(before.groups);
  const groupsAfter = byKey(after.groups);
  for (const group of before.groups) if (!groupsAfter.has(nameKey(group.name))) changes.push({ kind: 'group-removed', group: group.name });
  for (const group of after.groups) if (!groupsBefore.has(nameKey(group.name))) changes.push({ kind: 'group-added', group: group.name });
  for (const group of after.groups) {
    const old = groupsBefore.get(nameKey(group.name));
    if (old === undefined) continue;
    const fields = groupFields(old, group);
    if (fields.length > 0) changes.push({ kind: 'group-changed', group: group.name, fields });
  }

  const resourcesBefore = byKey(before.resources);
  const resourcesAfter = byKey(after.resources);
  for (const r of before.resources) if (!resourcesAfter.has(nameKey(r.name))) changes.push({ kind: 'resource-removed', resource: r.name, group: r.group });
  for (const r of after.resources) if (!resourcesBefore.has(nameKey(r.name))) changes.push({ kind: 'resource-added', resource: r.name, group: r.group });
  for (const r of after.resources) {
    const old = resourcesBefore.get(nameKey(r.name));
    if (old === undefined) continue;
    const fields = resourceFields(old, r);
    if (fields.length > 0) changes.push({ kind: 'resource-changed', resource: r.name, group: r.group, fields });
  }
  return changes;
}

function show(value: JsonValue | undefined): string {
  if (value === undefined) return '(unset)';
  if (value === 0xffffffff) return '0xFFFFFFFF';
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
}

/** One line per change, `+`/`-`/`~` first, for `wolfpack apply` and `plan` output. */
export function formatConfigDiff(changes: readonly ConfigChange[]): string[] {
  const fieldText = (fields: readonly FieldChange[]): string => fields.map((f) => `${f.field} ${show(f.before)} -> ${show(f.after)}`).join(', ');
  return changes.map((c) => {
    switch (c.kind) {
      case 'cluster-renamed':
        return `~ cluster ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
      case 'node-added':
        return `+ node ${c.node}`;
      case 'node-removed':
        return `- node ${c.node}`;
      case 'group-added':
        return `+ group ${c.group}`;
      case 'group-removed':
        return `- group ${c.group}`;
      case 'group-changed':
        return `~ group ${c.group}: ${fieldText(c.fields)}`;
      case 'resource-added':
        return `+ resource ${c.resource} (group ${c.group})`;
      case 'resource-removed':
        return `- resource ${c.resource} (group ${c.group})`;
      case 'resource-changed':
        return `~ resource ${c.resource} (group ${c.group}): ${fieldText(c.fields)}`;
    }
  });
}
