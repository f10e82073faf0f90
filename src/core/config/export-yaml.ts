/**
 * Exporting a ClusterConfig in the configuration format, so `wolfpack` can show or save what the
 * cluster holds. Values equal to their default are left out; parse(export(config)) deep-equals
 * config for every validated config.
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { PropertySpec } from '../common-properties.js';
import { GROUP_COMMON_PROPERTIES, RESOURCE_COMMON_PROPERTIES } from '../common-properties.js';
import type { ClusterConfig, JsonValue, ResourceConfig } from '../model.js';
import { formatDependencyExpression, isSimpleExpression } from './dependency-expression.js';

const DWORD_MAX = 0xffffffff;

/** Keys whose lists are short and read best on one line: `dependsOn: [Disk]`. */
const FLOW_LIST_KEYS: ReadonlySet<string> = new Set(['nodes', 'preferredOwners', 'possibleOwners', 'dependsOn']);

function nonDefault(specs: Readonly<Record<string, PropertySpec>>, values: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    if (value !== undefined && value !== spec.default) out[name] = value;
  }
  return out;
}

function description(obj: object): { description?: string } {
  const value = (obj as { description?: unknown }).description;
  return typeof value === 'string' ? { description: value } : {};
}

function resourceDocument(resource: ResourceConfig): Record<string, unknown> {
  const doc: Record<string, unknown> = { type: resource.type, ...description(resource) };
  if (resource.dependsOn.length > 0) {
    doc['dependsOn'] = isSimpleExpression(resource.dependsOn) ? resource.dependsOn.map((set) => set[0]) : formatDependencyExpression(resource.dependsOn);
  }
  if (resource.possibleOwners.length > 0) doc['possibleOwners'] = [...resource.possibleOwners];
  Object.assign(doc, nonDefault(RESOURCE_COMMON_PROPERTIES, resource.common));
  if (Object.keys(resource.properties).length > 0) doc['properties'] = resource.properties as Record<string, JsonValue>;
  return doc;
}

/**
 * The configuration as the plain document `validateClusterConfig` accepts (what the YAML says),
 * e.g. to re-validate a configuration edited in code.
 */
export function configToDocument(config: ClusterConfig): Record<string, unknown> {
  const resourcesByName = new Map(config.resources.map((r) => [r.name, r]));
  const groups: Record<string, unknown> = {};
  for (const group of config.groups) {
    const doc: Record<string, unknown> = { ...description(group) };
    if (group.preferredOwners.length > 0) doc['preferredOwners'] = [...group.preferredOwners];
    Object.assign(doc, nonDefault(GROUP_COMMON_PROPERTIES, group.common));
    const resources: Record<string, unknown> = {};
    for (const name of group.resources) {
      const resource = resourcesByName.get(name);
      if (resource !== undefined) resources[name] = resourceDocument(resource);
    }
    if (group.resources.length > 0) doc['resources'] = resources;
    groups[group.name] = doc;
  }
  return { cluster: config.cluster, nodes: config.nodes.map((n) => n.name), groups };
}

export function configToYaml(config: ClusterConfig): string {
  const doc = new Document(configToDocument(config));
  visit(doc, {
    Pair(_key, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key === 'string' && FLOW_LIST_KEYS.has(key) && isSeq(pair.value)) pair.value.flow = true;
      // A group or resource with nothing but defaults is written `{}` rather than an empty block.
      if (isMap(pair.value) && pair.value.items.length === 0) pair.value.flow = true;
    },
    Scalar(_key, scalar) {
      // All-ones DWORDs mean "none"/"use the type value" in WSFC; hex says so at a glance.
      if (scalar.value === DWORD_MAX) scalar.format = 'HEX';
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
