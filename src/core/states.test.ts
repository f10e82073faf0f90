import { describe, expect, it } from 'vitest';
import { GroupState, NodeState, ResourceDllStatus, ResourceState, groupStateName, isPendingResourceState, nodeStateName, resourceStateLabel, resourceStateName } from './states.js';

describe('state enums', () => {
  it('use the ClusAPI numbers (wsfc.md §2)', () => {
    expect(ResourceState).toEqual({ Unknown: -1, Inherited: 0, Initializing: 1, Online: 2, Offline: 3, Failed: 4, Pending: 128, OnlinePending: 129, OfflinePending: 130 });
    expect(ResourceDllStatus).toEqual({ CannotComeOnlineOnAnyNode: 126, CannotComeOnlineOnThisNode: 127 });
    expect(GroupState).toEqual({ Unknown: -1, Online: 0, Offline: 1, Failed: 2, PartialOnline: 3, Pending: 4 });
    expect(NodeState).toEqual({ Unknown: -1, Up: 0, Down: 1, Paused: 2, Joining: 3 });
  });

  it('spells names the way clusapi.h does', () => {
    expect(resourceStateName(130)).toBe('ClusterResourceOfflinePending');
    expect(resourceStateName(-1)).toBe('ClusterResourceStateUnknown');
    expect(resourceStateName(127)).toBe('ClusterResourceCannotComeOnlineOnThisNode');
    expect(groupStateName(3)).toBe('ClusterGroupPartialOnline');
    expect(groupStateName(-1)).toBe('ClusterGroupStateUnknown');
    expect(nodeStateName(2)).toBe('ClusterNodePaused');
    expect(resourceStateLabel(129)).toBe('OnlinePending');
  });

  it('knows which resource states are pending', () => {
    const pending = Object.values(ResourceState).filter((s) => isPendingResourceState(s));
    expect(pending.sort()).toEqual([128, 129, 130]);
  });
});
