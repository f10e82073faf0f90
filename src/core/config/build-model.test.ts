import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_COMMON, DEFAULT_RESOURCE_COMMON } from '../common-properties.js';
import type { ClusterConfig, ResourceConfig } from '../model.js';
import { findGroup, findResource } from '../model.js';
import { isConfigError } from './config-error.js';
import { buildModel, findDependents, loadModelYaml } from './build-model.js';
import { configToYaml } from './export-yaml.js';
import { validateClusterConfig } from './validate.js';

const N = 10_000;

function resource(name: string, dependsOn: string[][]): ResourceConfig {
  return { name, group: 'Big', type: 'dummy', dependsOn, possibleOwners: [], common: DEFAULT_RESOURCE_COMMON, properties: {} };
}

function bigConfig(resources: ResourceConfig[]): ClusterConfig {
  return {
    cluster: 'C',
    nodes: [{ name: 'n1' }],
    groups: [{ name: 'Big', preferredOwners: [], common: DEFAULT_GROUP_COMMON, resources: resources.map((r) => r.name) }],
    resources,
  };
}

/** R0 <- R1 <- ... <- R9999: each depends on the one before. */
const chain = bigConfig(Array.from({ length: N }, (_, i) => resource(`R${i}`, i === 0 ? [] : [[`R${i - 1}`]])));
/** One root, 9,999 leaves that all depend on it. */
const fan = bigConfig(Array.from({ length: N }, (_, i) => resource(`R${i}`, i === 0 ? [] : [['R0']])));

describe('buildModel', () => {
  it('indexes groups and resources case-insensitively and lists dependents once each', () => {
    const model = loadModelYaml(`
cluster: C
nodes: [n1]
groups:
  DemoGroup:
    resources:
      Disk: { type: dummy }
      Cache: { type: dummy }
      App: { type: dummy, dependsOn: "[disk] and ([Cache] or [DISK2])" }
      Disk2: { type: dummy }
      Web: { type: dummy, dependsOn: [App, Disk] }
`);
    expect(findGroup(model, 'demogroup')?.name).toBe('DemoGroup');
    expect(findResource(model, 'WEB')?.name).toBe('Web');
    expect(model.dependents.get('Disk')).toEqual(['App', 'Web']);
    expect(model.dependents.get('Cache')).toEqual(['App']);
    expect(model.dependents.get('Disk2')).toEqual(['App']);
    expect(model.dependents.get('Web')).toEqual([]);
    expect(findDependents(model, 'disk')).toEqual(['App', 'Web']);
    expect(findDependents(model, 'nope')).toEqual([]);
  });

  it('resolves hand-built expressions in any casing', () => {
    const model = buildModel(bigConfig([resource('A', []), resource('B', [['a'], ['A', 'a']])]));
    expect(model.dependents.get('A')).toEqual(['B']);
  });

  it('builds a 10,000-resource chain and fan', () => {
    const chainModel = buildModel(chain);
    expect(chainModel.dependents.get('R0')).toEqual(['R1']);
    expect(chainModel.dependents.get(`R${N - 1}`)).toEqual([]);
    const fanModel = buildModel(fan);
    expect(fanModel.dependents.get('R0')).toHaveLength(N - 1);
    expect(fanModel.resourcesByKey.size).toBe(N);
  });
});

describe('validation at scale (iterative: no stack overflow)', () => {
  it('refuses a 10,000-long chain once with 5929, and accepts it with a raised limit', () => {
    const doc = (text: string) => loadModelYaml(text, { maxDependencyDepth: N });
    const yaml = configToYaml(chain);
    let error: unknown;
    try {
      loadModelYaml(yaml);
    } catch (err) {
      error = err;
    }
    expect(isConfigError(error) && error.issues.map((i) => i.code)).toEqual([5929]);
    expect(doc(yaml).config).toEqual(chain);
  });

  it('accepts a 10,000-resource fan', () => {
    expect(validateClusterConfig({ cluster: 'C', nodes: ['n1'], groups: { Big: { resources: Object.fromEntries(fan.resources.map((r) => [r.name, { type: 'dummy', dependsOn: r.dependsOn.map((s) => s[0]) }])) } } }).resources).toHaveLength(N);
  });

  it('names a 10,000-long cycle without overflowing', () => {
    const cycle = Array.from({ length: N }, (_, i) => [`R${i}`, { type: 'dummy', dependsOn: [`R${(i + 1) % N}`] }]);
    let error: unknown;
    try {
      validateClusterConfig({ cluster: 'C', nodes: ['n1'], groups: { Big: { resources: Object.fromEntries(cycle) } } });
    } catch (err) {
      error = err;
    }
    expect(isConfigError(error) && error.issues.map((i) => i.code)).toEqual([1059]);
    expect(isConfigError(error) && error.issues[0]?.message).toMatch(/^circular dependency: R0 -> R1 -> .* \(\d+ more\) -> .* -> R9999 -> R0$/);
  });
});
