import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, Win32 } from '../core/errors.js';
import { FLAG_FAMILIES, OfflineReason } from '../core/flags.js';
import { groupStateName, GroupState, nodeStateName, NodeState, resourceStateName, ResourceState, ResourceDllStatus } from '../core/states.js';
import * as clusapi from './index.js';

const exported = clusapi as unknown as Record<string, unknown>;

describe('ClusAPI constants come from the core tables', () => {
  it('exports every state under its clusapi.h name with the core number', () => {
    for (const value of Object.values(GroupState)) expect(exported[groupStateName(value)], groupStateName(value)).toBe(value);
    for (const value of [...Object.values(ResourceState), ...Object.values(ResourceDllStatus)]) expect(exported[resourceStateName(value)], resourceStateName(value)).toBe(value);
    for (const value of Object.values(NodeState)) expect(exported[nodeStateName(value)], nodeStateName(value)).toBe(value);
    expect(clusapi.ClusterGroupOnline).toBe(0);
    expect(clusapi.ClusterResourceOffline).toBe(3);
    expect(clusapi.ClusterNodeUp).toBe(0);
  });

  it('exports every flag of every core family', () => {
    for (const family of Object.values(FLAG_FAMILIES)) {
      for (const [name, value] of Object.entries(family)) expect(exported[name], name).toBe(value);
    }
    expect(clusapi.CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS).toBe(1);
    expect(clusapi.CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION).toBe(2);
  });

  it('exports every offline reason under its CLUSAPI_RESOURCE_OFFLINE_REASON_ name', () => {
    for (const [name, value] of Object.entries(OfflineReason)) expect(exported[`CLUSAPI_RESOURCE_OFFLINE_REASON_${name}`], name).toBe(value);
  });

  it('exports every named Win32 code of the core, and the whole table by name', () => {
    for (const [name, code] of Object.entries(Win32)) expect(exported[name], name).toBe(code);
    for (const entry of ERROR_TABLE.values()) expect(clusapi.ERROR_CODES[entry.name]).toBe(entry.code);
    expect(Object.keys(clusapi.ERROR_CODES)).toHaveLength(ERROR_TABLE.size);
  });

  it('has the access constants of wsfc.md §3.3 and §9', () => {
    expect([clusapi.CLUSAPI_READ_ACCESS, clusapi.CLUSAPI_CHANGE_ACCESS, clusapi.CLUSAPI_ALL_ACCESS, clusapi.CLUSAPI_NO_ACCESS]).toEqual([1, 2, 3, 4]);
    expect([clusapi.GENERIC_READ, clusapi.GENERIC_ALL, clusapi.MAXIMUM_ALLOWED]).toEqual([0x80000000, 0x10000000, 0x02000000]);
  });
});
