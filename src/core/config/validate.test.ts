import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_COMMON, DEFAULT_RESOURCE_COMMON } from '../common-properties.js';
import type { ConfigError, ConfigIssue } from './config-error.js';
import { isConfigError } from './config-error.js';
import { parseClusterConfig, validateClusterConfig } from './validate.js';

type Doc = Record<string, unknown>;

function cluster(resources: Doc, extra: Doc = {}): Doc {
  return { cluster: 'C', nodes: ['node1', 'node2'], groups: { G: { resources }, ...extra } };
}

function issuesOf(run: () => unknown): Pick<ConfigIssue, 'path' | 'code'>[] {
  try {
    run();
  } catch (err) {
    if (!isConfigError(err)) throw err;
    return err.issues.map(({ path, code }) => ({ path, code }));
  }
  throw new Error('expected a ConfigError');
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const R = 'groups.G.resources';

describe('validateClusterConfig: accepted documents', () => {
  it('applies defaults and keeps declaration order', () => {
    const config = validateClusterConfig(cluster({ Disk: { type: 'dummy' }, App: { type: 'dummy', dependsOn: ['Disk'], PendingTimeout: 60000 } }));
    expect(config.cluster).toBe('C');
    expect(config.nodes).toEqual([{ name: 'node1' }, { name: 'node2' }]);
    expect(config.groups).toEqual([{ name: 'G', preferredOwners: [], common: DEFAULT_GROUP_COMMON, resources: ['Disk', 'App'] }]);
    expect(config.resources[0]).toEqual({ name: 'Disk', group: 'G', type: 'dummy', dependsOn: [], possibleOwners: [], common: DEFAULT_RESOURCE_COMMON, properties: {} });
    expect(config.resources[1]?.common).toEqual({ ...DEFAULT_RESOURCE_COMMON, PendingTimeout: 60000 });
    expect(config.resources[1]?.dependsOn).toEqual([['Disk']]);
  });

  it('reads nodes as names or {name}, owners in the declared spelling, expressions canonicalised', () => {
    const config = validateClusterConfig({
      cluster: 'C',
      nodes: ['node1', { name: 'Node2' }],
      groups: {
        G: {
          preferredOwners: ['NODE2', 'node1'],
          FailoverPeriod: 12,
          resources: {
            Db: { type: 'dummy' },
            Disk: { type: 'dummy' },
            Cache: { type: 'dummy', possibleOwners: ['node2'] },
            App: { type: 'ocf:heartbeat:Dummy', dependsOn: '[db] and ([DISK] or [Cache])', SeparateMonitor: true },
            Web: { type: 'dummy', dependsOn: ['App', ['Disk', 'Cache']], description: 'front end' },
          },
        },
        Empty: null,
      },
    });
    expect(config.groups[0]?.preferredOwners).toEqual(['Node2', 'node1']);
    expect(config.groups[0]?.common.FailoverPeriod).toBe(12);
    expect(config.groups[1]).toEqual({ name: 'Empty', preferredOwners: [], common: DEFAULT_GROUP_COMMON, resources: [] });
    const [, , cache, app, web] = config.resources;
    expect(cache?.possibleOwners).toEqual(['Node2']);
    expect(app?.dependsOn).toEqual([['Db'], ['Disk', 'Cache']]);
    expect(app?.common.SeparateMonitor).toBe(1);
    expect(web?.dependsOn).toEqual([['App'], ['Disk', 'Cache']]);
    expect((web as { description?: string }).description).toBe('front end');
  });

  it('copies private properties as JSON', () => {
    const props = { OfflineDelayMs: 50, nested: { list: [1, 'two', null, true] } };
    const config = validateClusterConfig(cluster({ A: { type: 'dummy', properties: props } }));
    expect(config.resources[0]?.properties).toEqual(props);
    expect(config.resources[0]?.properties).not.toBe(props);
  });

  it('accepts the boundaries of every range', () => {
    const config = validateClusterConfig(cluster({ A: { type: 'dummy', PendingTimeout: 10, RestartAction: 0, DeadlockTimeout: 0xffffffff, SeparateMonitor: 1 } }));
    expect(config.resources[0]?.common).toMatchObject({ PendingTimeout: 10, RestartAction: 0, DeadlockTimeout: 0xffffffff, SeparateMonitor: 1 });
  });
});

describe('validateClusterConfig: every error with its path and code', () => {
  it.each<[string, Doc, string, number]>([
    ['unknown dependency', cluster({ Disk: { type: 'dummy' }, App: { type: 'dummy', dependsOn: ['Dsk'] } }), `${R}.App.dependsOn`, 5007],
    ['self dependency', cluster({ App: { type: 'dummy', dependsOn: '[app]' } }), `${R}.App.dependsOn`, 87],
    ['duplicate dependency', cluster({ D: { type: 'dummy' }, App: { type: 'dummy', dependsOn: '[D] and ([d] or [E])' }, E: { type: 'dummy' } }), `${R}.App.dependsOn`, 5003],
    ['dependency across groups', cluster({ App: { type: 'dummy', dependsOn: ['Other'] } }, { H: { resources: { Other: { type: 'dummy' } } } }), `${R}.App.dependsOn`, 5069],
    ['bad expression', cluster({ App: { type: 'dummy', dependsOn: '[A] or' } }), `${R}.App.dependsOn`, 87],
    ['bad dependsOn type', cluster({ App: { type: 'dummy', dependsOn: 3 } }), `${R}.App.dependsOn`, 87],
    ['empty OR-set', cluster({ App: { type: 'dummy', dependsOn: [[]] } }), `${R}.App.dependsOn[0]`, 87],
    ['missing type', cluster({ App: { dependsOn: [] } }), `${R}.App.type`, 87],
    ['empty type', cluster({ App: { type: '' } }), `${R}.App.type`, 87],
    ['unknown resource key', cluster({ App: { type: 'dummy', pendingTimeout: 5 } }), `${R}.App.pendingTimeout`, 87],
    ['unknown group key', cluster({}, { H: { Prio: 1 } }), 'groups.H.Prio', 87],
    ['unknown top-level key', { cluster: 'C', nodes: ['n'], resources: {} }, 'resources', 87],
    ['unknown node key', { cluster: 'C', nodes: [{ name: 'n', ip: 'x' }] }, 'nodes[0].ip', 87],
    ['out of range (low)', cluster({ App: { type: 'dummy', PendingTimeout: 9 } }), `${R}.App.PendingTimeout`, 5913],
    ['out of range (high)', cluster({ App: { type: 'dummy', RestartAction: 3 } }), `${R}.App.RestartAction`, 5913],
    ['over a DWORD', cluster({ App: { type: 'dummy', RestartDelay: 0x100000000 } }), `${R}.App.RestartDelay`, 5913],
    ['not a whole number', cluster({ App: { type: 'dummy', RestartDelay: 1.5 } }), `${R}.App.RestartDelay`, 5913],
    ['a string for a number', cluster({ App: { type: 'dummy', RestartDelay: '500' } }), `${R}.App.RestartDelay`, 5913],
    ['a boolean for a number', cluster({ App: { type: 'dummy', RestartDelay: true } }), `${R}.App.RestartDelay`, 5913],
    ['SeparateMonitor 2', cluster({ App: { type: 'dummy', SeparateMonitor: 2 } }), `${R}.App.SeparateMonitor`, 5913],
    ['group property out of range', cluster({}, { H: { FailoverPeriod: 1194 } }), 'groups.H.FailoverPeriod', 5913],
    ['failback window not an hour', cluster({}, { H: { FailbackWindowStart: 24, FailbackWindowEnd: 3 } }), 'groups.H.FailbackWindowStart', 5913],
    ['failback window half set', cluster({}, { H: { FailbackWindowStart: 22 } }), 'groups.H.FailbackWindowEnd', 5897],
    ['duplicate resource across groups', cluster({ App: { type: 'dummy' } }, { H: { resources: { APP: { type: 'dummy' } } } }), 'groups.H.resources.APP', 5010],
    ['duplicate group', cluster({}, { g: {} }), 'groups.g', 5010],
    ['duplicate node', { cluster: 'C', nodes: ['n1', 'N1'] }, 'nodes[1]', 5010],
    ['unknown preferred owner', cluster({}, { H: { preferredOwners: ['node3'] } }), 'groups.H.preferredOwners[0]', 5042],
    ['unknown possible owner', cluster({ App: { type: 'dummy', possibleOwners: ['node1', 'nodeX'] } }), `${R}.App.possibleOwners[1]`, 5042],
    ['owner listed twice', cluster({ App: { type: 'dummy', possibleOwners: ['node1', 'NODE1'] } }), `${R}.App.possibleOwners[1]`, 87],
    ['owners not a list', cluster({ App: { type: 'dummy', possibleOwners: 'node1' } }), `${R}.App.possibleOwners`, 87],
    ['no nodes', { cluster: 'C', nodes: [] }, 'nodes', 87],
    ['missing cluster name', { nodes: ['n'] }, 'cluster', 87],
    ['resource name with ]', cluster({ 'a]b': { type: 'dummy' } }), `${R}["a]b"]`, 87],
    ['resource name padded', cluster({ ' a': { type: 'dummy' } }), `${R}[" a"]`, 87],
    ['properties not a mapping', cluster({ App: { type: 'dummy', properties: [1] } }), `${R}.App.properties`, 87],
    ['non-JSON property', cluster({ App: { type: 'dummy', properties: { x: Number.NaN } } }), `${R}.App.properties.x`, 87],
    ['resource not a mapping', cluster({ App: 'dummy' }), `${R}.App`, 87],
    ['document not a mapping', [] as unknown as Doc, '', 87],
    ['description not a string', cluster({ App: { type: 'dummy', description: 1 } }), `${R}.App.description`, 87],
  ])('%s', (_name, doc, path, code) => {
    expect(issuesOf(() => validateClusterConfig(doc))).toContainEqual({ path, code });
  });

  it('names the cycle path (1059)', () => {
    const doc = cluster({ A: { type: 'dummy', dependsOn: ['B'] }, B: { type: 'dummy', dependsOn: ['C'] }, C: { type: 'dummy', dependsOn: '[A]' }, D: { type: 'dummy', dependsOn: ['A'] } });
    expect(issuesOf(() => validateClusterConfig(doc))).toEqual([{ path: `${R}.A.dependsOn`, code: 1059 }]);
    expect(messageOf(() => validateClusterConfig(doc))).toContain('circular dependency: A -> B -> C -> A');
  });

  it('reports each independent cycle once', () => {
    const doc = cluster({ A: { type: 'dummy', dependsOn: ['B'] }, B: { type: 'dummy', dependsOn: ['A'] }, X: { type: 'dummy', dependsOn: ['Y'] }, Y: { type: 'dummy', dependsOn: ['X', 'A'] } });
    expect(issuesOf(() => validateClusterConfig(doc)).filter((i) => i.code === 1059)).toHaveLength(2);
  });

  it('limits depth to 100 resources (5929), once per group', () => {
    const chain = (n: number): Doc => Object.fromEntries(Array.from({ length: n }, (_, i) => [`R${i}`, i === 0 ? { type: 'dummy' } : { type: 'dummy', dependsOn: [`R${i - 1}`] }]));
    expect(() => validateClusterConfig(cluster(chain(100)))).not.toThrow();
    expect(issuesOf(() => validateClusterConfig(cluster(chain(101))))).toEqual([{ path: `${R}.R100.dependsOn`, code: 5929 }]);
    expect(messageOf(() => validateClusterConfig(cluster(chain(101))))).toContain('101 resources deep, over the limit of 100: R100 -> R99');
    expect(() => validateClusterConfig(cluster(chain(101)), { maxDependencyDepth: 1000 })).not.toThrow();
  });

  it('collects every issue and lists them, with code numbers and names, in the message', () => {
    const doc = cluster({ App: { type: 'dummy', dependsOn: ['Dsk'], RestartAction: 9, Bogus: 1 }, Disk: {} });
    const issues = issuesOf(() => validateClusterConfig(doc));
    expect(issues).toHaveLength(4);
    const message = messageOf(() => validateClusterConfig(doc));
    expect(message).toContain('4 errors');
    expect(message).toContain('groups.G.resources.App.dependsOn: unknown resource "Dsk" [5007 ERROR_RESOURCE_NOT_FOUND]');
    expect(message).toContain('[5913 ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS]');
    expect(message).toContain('groups.G.resources.Disk.type: missing resource type');
  });

  it('suggests the right case for a misspelt key', () => {
    expect(messageOf(() => validateClusterConfig(cluster({ App: { type: 'dummy', pendingtimeout: 5 } })))).toContain('did you mean "PendingTimeout"?');
  });
});

describe('parseClusterConfig', () => {
  it('reads the format of the brief, hex numbers and booleans included', () => {
    const config = parseClusterConfig(`
cluster: Demo
nodes: [node1]
groups:
  DemoGroup:
    preferredOwners: [node1]
    resources:
      Disk: { type: dummy }
      App:  { type: dummy, dependsOn: [Disk], PendingTimeout: 60000, RetryPeriodOnFailure: 0xFFFFFFFF, SeparateMonitor: false, properties: { OfflineDelayMs: 50 } }
`);
    expect(config.resources[1]).toMatchObject({ name: 'App', dependsOn: [['Disk']], properties: { OfflineDelayMs: 50 } });
    expect(config.resources[1]?.common).toMatchObject({ PendingTimeout: 60000, RetryPeriodOnFailure: 0xffffffff, SeparateMonitor: 0 });
  });

  it('puts line numbers on validation issues', () => {
    const text = 'cluster: C\nnodes: [n]\ngroups:\n  G:\n    resources:\n      A: { type: dummy }\n      B:\n        type: dummy\n        RestartAction: 5\n';
    let error: unknown;
    try {
      parseClusterConfig(text);
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).issues[0]).toMatchObject({ path: 'groups.G.resources.B.RestartAction', code: 5913, line: 9 });
    expect((error as ConfigError).message).toContain('groups.G.resources.B.RestartAction (line 9): 5 is out of range 0..2');
  });

  it('reports YAML syntax errors as 13 ERROR_INVALID_DATA with a line', () => {
    const issues = issuesOf(() => parseClusterConfig('cluster: C\nnodes: [n\n'));
    expect(issues[0]?.code).toBe(13);
    let error: unknown;
    try {
      parseClusterConfig('cluster: C\ncluster: D\nnodes: [n]\n');
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).issues[0]).toMatchObject({ path: 'cluster', code: 13, line: 2 });
    try {
      parseClusterConfig('cluster: C\nnodes: [n]\ngroups:\n  G:\n    resources:\n      A: { type: dummy }\n      B: { type: dummy }\n      A: { type: dummy }\n');
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).issues).toEqual([{ path: 'groups.G.resources.A', segments: ['groups', 'G', 'resources', 'A'], code: 13, line: 8, message: 'duplicate key "A" (YAML keys are unique in a mapping)' }]);
  });
});
