import { describe, expect, it } from 'vitest';
import { diffConfigs, formatConfigDiff } from './diff.js';
import { parseClusterConfig } from './validate.js';

const BEFORE = parseClusterConfig(`
cluster: Demo
nodes: [node1, node2]
groups:
  G:
    preferredOwners: [node1]
    resources:
      Disk: { type: dummy }
      App: { type: dummy, dependsOn: [Disk], properties: { OfflineDelayMs: 50, keep: 1 } }
      Old: { type: dummy }
  Gone: {}
`);

const AFTER = parseClusterConfig(`
cluster: Demo
nodes: [node1, node3]
groups:
  G:
    preferredOwners: [node3, node1]
    Priority: 3000
    resources:
      Disk: { type: dummy }
      App: { type: process, dependsOn: "[Disk] and ([New] or [Disk2])", PendingTimeout: 60000, properties: { OfflineDelayMs: 100, keep: 1, added: true } }
      New: { type: dummy }
      Disk2: { type: dummy }
  Fresh: {}
`);

describe('diffConfigs', () => {
  it('is empty for equal configurations', () => {
    expect(diffConfigs(BEFORE, parseClusterConfig(`
cluster: Demo
nodes: [node1, node2]
groups:
  G:
    preferredOwners: [node1]
    resources:
      Disk: { type: dummy }
      App: { type: dummy, dependsOn: "[disk]", RestartAction: 2, properties: { keep: 1, OfflineDelayMs: 50 } }
      Old: { type: dummy }
  Gone: {}
`))).toEqual([]);
  });

  it('lists added, removed and changed objects with their changed fields', () => {
    const changes = diffConfigs(BEFORE, AFTER);
    expect(changes).toEqual([
      { kind: 'node-removed', node: 'node2' },
      { kind: 'node-added', node: 'node3' },
      { kind: 'group-removed', group: 'Gone' },
      { kind: 'group-added', group: 'Fresh' },
      {
        kind: 'group-changed',
        group: 'G',
        fields: [
          { field: 'preferredOwners', before: ['node1'], after: ['node3', 'node1'] },
          { field: 'Priority', before: 2000, after: 3000 },
        ],
      },
      { kind: 'resource-removed', resource: 'Old', group: 'G' },
      { kind: 'resource-added', resource: 'New', group: 'G' },
      { kind: 'resource-added', resource: 'Disk2', group: 'G' },
      {
        kind: 'resource-changed',
        resource: 'App',
        group: 'G',
        fields: [
          { field: 'type', before: 'dummy', after: 'process' },
          { field: 'dependsOn', before: '[Disk]', after: '[Disk] and ([New] or [Disk2])' },
          { field: 'PendingTimeout', before: 180000, after: 60000 },
          { field: 'properties.OfflineDelayMs', before: 50, after: 100 },
          { field: 'properties.added', before: undefined, after: true },
        ],
      },
    ]);
  });

  it('sees a resource moving between groups', () => {
    const moved = parseClusterConfig('cluster: C\nnodes: [n]\ngroups:\n  A: {}\n  B:\n    resources:\n      R: { type: dummy }\n');
    const before = parseClusterConfig('cluster: C\nnodes: [n]\ngroups:\n  A:\n    resources:\n      R: { type: dummy }\n  B: {}\n');
    expect(diffConfigs(before, moved)).toEqual([{ kind: 'resource-changed', resource: 'R', group: 'B', fields: [{ field: 'group', before: 'A', after: 'B' }] }]);
  });

  it('formats one line per change', () => {
    expect(formatConfigDiff(diffConfigs(BEFORE, AFTER))).toEqual([
      '- node node2',
      '+ node node3',
      '- group Gone',
      '+ group Fresh',
      '~ group G: preferredOwners ["node1"] -> ["node3","node1"], Priority 2000 -> 3000',
      '- resource Old (group G)',
      '+ resource New (group G)',
      '+ resource Disk2 (group G)',
      '~ resource App (group G): type "dummy" -> "process", dependsOn "[Disk]" -> "[Disk] and ([New] or [Disk2])", PendingTimeout 180000 -> 60000, properties.OfflineDelayMs 50 -> 100, properties.added (unset) -> true',
    ]);
  });
});
