/**
 * The group-state rule, one test per MS-CMRP precedence step (wsfc.md §2.2), plus the edge cases:
 * empty group, unknown group, and "top-level" meaning "no other resource depends on it".
 */
import { describe, expect, it } from 'vitest';
import { buildModel, validateClusterConfig } from './config/index.js';
import { computeGroupState, topLevelResources } from './group-state.js';
import type { ClusterModel, Runtime } from './model.js';
import { initialRuntime, type ResourceOverride } from './runtime.js';
import { GroupState, ResourceState } from './states.js';

// Disk <- App <- Web (Web is top-level), Cache alone (top-level too).
const model: ClusterModel = buildModel(
  validateClusterConfig({
    cluster: 'c',
    nodes: ['n1'],
    groups: {
      G: {
        resources: {
          Disk: { type: 'dummy' },
          App: { type: 'dummy', dependsOn: ['Disk'] },
          Web: { type: 'dummy', dependsOn: ['App'] },
          Cache: { type: 'dummy' },
        },
      },
      Empty: {},
    },
  }),
);

const S = ResourceState;
function runtime(states: Record<string, ResourceState>): Runtime {
  const resources: Record<string, ResourceOverride> = {};
  for (const [name, state] of Object.entries(states)) resources[name] = { state };
  return initialRuntime(model, { overrides: { resources } });
}

describe('computeGroupState (MS-CMRP 3.1.4.2.46)', () => {
  it('top-level resources are those nothing depends on', () => {
    expect(topLevelResources(model, 'g')).toEqual(['Web', 'Cache']);
  });

  it('rule 1: any Failed resource makes the group Failed, even with pending ones', () => {
    expect(computeGroupState(model, runtime({ Disk: S.Failed, App: S.OnlinePending, Web: S.Online, Cache: S.Online }), 'G')).toBe(GroupState.Failed);
  });

  it('rule 1 looks at every resource, not only top-level ones', () => {
    expect(computeGroupState(model, runtime({ Disk: S.Failed }), 'G')).toBe(GroupState.Failed);
  });

  it('rule 2: any pending resource (none Failed) makes the group Pending', () => {
    for (const pending of [S.OnlinePending, S.OfflinePending, S.Pending]) {
      expect(computeGroupState(model, runtime({ Disk: S.Online, App: pending }), 'G')).toBe(GroupState.Pending);
    }
  });

  it('rule 3: all top-level resources Online is Online', () => {
    expect(computeGroupState(model, runtime({ Disk: S.Online, App: S.Online, Web: S.Online, Cache: S.Online }), 'G')).toBe(GroupState.Online);
  });

  it('rule 3 reads only top-level resources', () => {
    // An inconsistent state (provider Offline under an Online dependent) still follows the rule's letter.
    expect(computeGroupState(model, runtime({ Disk: S.Offline, App: S.Online, Web: S.Online, Cache: S.Online }), 'G')).toBe(GroupState.Online);
  });

  it('rule 4: some but not all top-level resources Online is PartialOnline', () => {
    expect(computeGroupState(model, runtime({ Cache: S.Online }), 'G')).toBe(GroupState.PartialOnline);
  });

  it('rule 4: providers online under offline top-level resources is not PartialOnline', () => {
    expect(computeGroupState(model, runtime({ Disk: S.Online, App: S.Online }), 'G')).toBe(GroupState.Offline);
  });

  it('rule 5: all top-level resources Offline is Offline', () => {
    expect(computeGroupState(model, runtime({}), 'G')).toBe(GroupState.Offline);
  });

  it('an empty group is Offline', () => {
    expect(computeGroupState(model, runtime({}), 'Empty')).toBe(GroupState.Offline);
  });

  it('an unknown group is Unknown', () => {
    expect(computeGroupState(model, runtime({}), 'Nope')).toBe(GroupState.Unknown);
  });

  it('group names are case-insensitive', () => {
    expect(computeGroupState(model, runtime({ Cache: S.Failed }), 'g')).toBe(GroupState.Failed);
  });
});
