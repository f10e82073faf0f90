import { describe, expect, it } from 'vitest';
import { buildModel, validateClusterConfig } from './config/index.js';
import { applyOverrides, initialRuntime, resourceRuntime, withGroup, withNode, withResource } from './runtime.js';
import { NodeState, PersistentState, ResourceState } from './states.js';

const model = buildModel(
  validateClusterConfig({
    cluster: 'c',
    nodes: ['n1', 'n2'],
    groups: {
      G: { preferredOwners: ['n2'], resources: { Disk: { type: 'dummy' }, App: { type: 'dummy', dependsOn: ['Disk'] } } },
      H: { resources: { Other: { type: 'dummy' } } },
    },
  }),
);

describe('initialRuntime', () => {
  it('starts every resource Offline, persistent Offline, unlocked; nodes Up', () => {
    const rt = initialRuntime(model);
    expect(rt.resources.get('App')).toEqual({ state: ResourceState.Offline, persistentState: PersistentState.Offline, locked: false });
    expect(rt.resources.size).toBe(3);
    expect(rt.nodes.get('n1')).toEqual({ state: NodeState.Up });
  });

  it('gives a group its first preferred owner, else the first node', () => {
    const rt = initialRuntime(model);
    expect(rt.groups.get('G')).toEqual({ owner: 'n2', persistentState: PersistentState.Offline, moving: false });
    expect(rt.groups.get('H')?.owner).toBe('n1');
  });

  it('applies allResources, then per-resource overrides by case-insensitive name', () => {
    const rt = initialRuntime(model, {
      allResources: { state: ResourceState.Online },
      overrides: { resources: { app: { locked: true } }, groups: { g: { moving: true } }, nodes: { N1: { state: NodeState.Paused } } },
    });
    expect(rt.resources.get('Disk')?.state).toBe(ResourceState.Online);
    expect(rt.resources.get('App')).toEqual({ state: ResourceState.Online, persistentState: PersistentState.Offline, locked: true });
    expect(rt.groups.get('G')?.moving).toBe(true);
    expect(rt.nodes.get('n1')?.state).toBe(NodeState.Paused);
  });

  it('rejects overrides naming unknown objects', () => {
    expect(() => applyOverrides(model, initialRuntime(model), { resources: { Nope: { locked: true } } })).toThrow(/unknown resource 'Nope'/);
    expect(() => applyOverrides(model, initialRuntime(model), { groups: { Nope: {} } })).toThrow(/unknown group/);
    expect(() => applyOverrides(model, initialRuntime(model), { nodes: { Nope: {} } })).toThrow(/unknown node/);
  });
});

describe('pure updates', () => {
  it('withResource returns a new runtime and leaves the input untouched', () => {
    const before = initialRuntime(model);
    const after = withResource(before, 'Disk', { state: ResourceState.Failed, failureReason: 'boom' });
    expect(before.resources.get('Disk')?.state).toBe(ResourceState.Offline);
    expect(after.resources.get('Disk')).toMatchObject({ state: ResourceState.Failed, failureReason: 'boom', locked: false });
    expect(after.groups).toBe(before.groups);
  });

  it('withGroup can clear the owner and keeps unspecified fields', () => {
    const rt = withGroup(initialRuntime(model), 'G', { owner: null });
    expect(rt.groups.get('G')).toEqual({ owner: null, persistentState: PersistentState.Offline, moving: false });
  });

  it('withNode patches one node', () => {
    expect(withNode(initialRuntime(model), 'n2', { state: NodeState.Down }).nodes.get('n2')?.state).toBe(NodeState.Down);
  });

  it('resourceRuntime defaults a resource the runtime has not recorded', () => {
    expect(resourceRuntime({ resources: new Map(), groups: new Map(), nodes: new Map() }, 'X').state).toBe(ResourceState.Offline);
  });
});
