/**
 * The ClusterModel: a configuration plus the indexes the planner reads on every command, built
 * once per configuration revision in one pass (10,000 resources in a few milliseconds).
 */
import type { ClusterConfig, ClusterModel, GroupConfig, ResourceConfig } from '../model.js';
import { findResource, nameKey } from '../model.js';
import type { ValidationOptions } from './validate.js';
import { parseClusterConfig } from './validate.js';

/**
 * Builds indexes over a validated configuration; it does not validate. `dependents` is keyed by
 * each resource's declared name (every resource has an entry, empty when nothing depends on it)
 * and lists dependents in declaration order, each once even if named in several OR-sets.
 */
export function buildModel(config: ClusterConfig): ClusterModel {
  const groupsByKey = new Map<string, GroupConfig>();
  for (const group of config.groups) groupsByKey.set(nameKey(group.name), group);
  const resourcesByKey = new Map<string, ResourceConfig>();
  for (const resource of config.resources) resourcesByKey.set(nameKey(resource.name), resource);
  return new IndexedModel(config, groupsByKey, resourcesByKey);
}

/**
 * `dependents` is built on first read: the planner walks per-group graphs (planner/graph.ts) and
 * the daemon never reads it, so a 10,000-resource revision does not keep an index nobody asks for.
 */
class IndexedModel implements ClusterModel {
  private dependentsIndex: ReadonlyMap<string, readonly string[]> | null = null;

  constructor(
    readonly config: ClusterConfig,
    readonly groupsByKey: ReadonlyMap<string, GroupConfig>,
    readonly resourcesByKey: ReadonlyMap<string, ResourceConfig>,
  ) {}

  get dependents(): ReadonlyMap<string, readonly string[]> {
    return (this.dependentsIndex ??= dependentsOf(this.config, this.resourcesByKey));
  }
}

function dependentsOf(config: ClusterConfig, resourcesByKey: ReadonlyMap<string, ResourceConfig>): ReadonlyMap<string, readonly string[]> {
  const dependents = new Map<string, string[]>();
  for (const resource of config.resources) dependents.set(resource.name, []);
  for (const resource of config.resources) {
    for (const set of resource.dependsOn) {
      for (const name of set) {
        // Expressions from validation are already in the declared spelling; resolve anyway so a
        // hand-built config with other casing still indexes right.
        const provider = resourcesByKey.get(nameKey(name));
        const list = provider === undefined ? undefined : dependents.get(provider.name);
        if (list !== undefined && list[list.length - 1] !== resource.name) list.push(resource.name);
      }
    }
  }
  return dependents;
}

/** YAML text to a model: parse, validate (throws ConfigError), index. */
export function loadModelYaml(text: string, options: ValidationOptions = {}): ClusterModel {
  return buildModel(parseClusterConfig(text, options));
}

/** Dependents of a resource named in any casing; empty for an unknown resource. */
export function findDependents(model: ClusterModel, name: string): readonly string[] {
  const resource = findResource(model, name);
  return resource === undefined ? [] : (model.dependents.get(resource.name) ?? []);
}
