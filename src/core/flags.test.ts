import { describe, expect, it } from 'vitest';
import { FLAG_FAMILIES, GroupMoveFlags, OfflineReason, ResDllOfflineFlags, ResourceOfflineFlags, allowedMask, flagNames, isOfflineReason, offlineReasonName, parseFlags, validateFlags, type FlagFamilyName } from './flags.js';

describe('flag families', () => {
  it('use the header values of wsfc.md §3', () => {
    expect(allowedMask(FLAG_FAMILIES.groupOffline)).toBe(0x1);
    expect(ResourceOfflineFlags).toEqual({
      CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS: 1,
      CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION: 2,
      CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE: 4,
    });
    expect(allowedMask(FLAG_FAMILIES.resourceOnline)).toBe(0x2f);
    expect(allowedMask(FLAG_FAMILIES.groupMove)).toBe(0x3f);
    expect(allowedMask(FLAG_FAMILIES.resDllOffline)).toBe(0x7f);
    expect(ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE).toBe(0x40);
  });

  it('rejects every bit outside each family with 87, and accepts every subset inside', () => {
    for (const name of Object.keys(FLAG_FAMILIES) as FlagFamilyName[]) {
      const mask = allowedMask(FLAG_FAMILIES[name]);
      for (let bit = 0; bit < 32; bit++) {
        const value = (1 << bit) >>> 0;
        const inside = (mask & value) !== 0;
        expect(validateFlags(name, value), `${name} bit ${bit}`).toBe(inside ? 0 : 87);
      }
    }
    expect(validateFlags('resourceOffline', 0x7)).toBe(0);
    expect(validateFlags('groupCancel', 0)).toBe(0);
    expect(validateFlags('groupCancel', 1)).toBe(87);
  });

  it('rejects values that are not DWORDs', () => {
    expect(validateFlags('groupOffline', -1)).toBe(87);
    expect(validateFlags('groupOffline', 0.5)).toBe(87);
    expect(validateFlags('groupOffline', 2 ** 32)).toBe(87);
  });

  it('rejects IGNORE together with QUEUE on a move (MS-CMRP ApiMoveGroupEx)', () => {
    const both = GroupMoveFlags.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS | GroupMoveFlags.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
    expect(validateFlags('groupMove', both)).toBe(87);
    expect(validateFlags('groupMove', GroupMoveFlags.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED | 0x2 | 0x8)).toBe(0);
  });

  it('parses names and reports them back', () => {
    expect(parseFlags('resourceOffline', ['ignore_resource_status', 'CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION'])).toEqual({ code: 0, flags: 3 });
    expect(parseFlags('resourceOffline', ['REASON_MOVING'])).toEqual({ code: 87, flags: 0 });
    expect(flagNames('resourceOffline', 5)).toEqual(['CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS', 'CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE']);
  });

  it('keeps offline reasons a separate enum whose values overlap the flag bits', () => {
    expect(OfflineReason).toEqual({ NONE: 0, UNKNOWN: 1, MOVING: 2, USER_REQUESTED: 4, BEING_DELETED: 8, BEING_RESTARTED: 0x10, PREEMPTED: 0x20, SHUTTING_DOWN: 0x40 });
    expect(isOfflineReason(0x40)).toBe(true);
    expect(isOfflineReason(3)).toBe(false);
    expect(offlineReasonName(2)).toBe('CLUSAPI_RESOURCE_OFFLINE_REASON_MOVING');
    // BEING_DELETED (8) is a reason, so as a resource offline flag it is outside the family.
    expect(validateFlags('resourceOffline', OfflineReason.BEING_DELETED)).toBe(87);
  });
});
