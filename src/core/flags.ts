/**
 * Every flag family of wsfc.md §3 with its exact values, and validation: a bit outside a call's
 * documented set is 87 ERROR_INVALID_PARAMETER. Offline reasons are a separate enum (§13 item 3):
 * their values overlap the real flag bits, so they never travel in a flags word.
 */
import { Win32 } from './errors.js';

/** OfflineClusterGroupEx dwOfflineFlags. */
export const GroupOfflineFlags = {
  CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS: 0x1,
} as const;

/** OfflineClusterResourceEx dwOfflineFlags. */
export const ResourceOfflineFlags = {
  CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS: 0x1,
  CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION: 0x2,
  CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE: 0x4,
} as const;

/** OnlineClusterGroupEx dwOnlineFlags. */
export const GroupOnlineFlags = {
  CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS: 0x1,
  CLUSAPI_GROUP_ONLINE_SYNCHRONOUS: 0x2,
  CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE: 0x4,
  CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE: 0x8,
} as const;

/** OnlineClusterResourceEx dwOnlineFlags (0x10 is not defined). */
export const ResourceOnlineFlags = {
  CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS: 0x1,
  CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE: 0x2,
  CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM: 0x4,
  CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE: 0x8,
  CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE: 0x20,
} as const;

/** MoveClusterGroupEx dwMoveFlags. */
export const GroupMoveFlags = {
  CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS: 0x01,
  CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR: 0x02,
  CLUSAPI_GROUP_MOVE_QUEUE_ENABLED: 0x04,
  CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START: 0x08,
  CLUSAPI_GROUP_MOVE_FAILBACK: 0x10,
  CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE: 0x20,
} as const;

/** CancelClusterGroupOperation dwCancelFlags: reserved, must be 0. */
export const GroupCancelFlags = {} as const;

/** OfflineV2 OfflineFlags, as the resource type receives them. */
export const ResDllOfflineFlags = {
  CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS: 0x01,
  CLUS_RESDLL_OFFLINE_RETURN_TO_SOURCE_NODE_ON_ERROR: 0x02,
  CLUS_RESDLL_OFFLINE_QUEUE_ENABLED: 0x04,
  CLUS_RESDLL_OFFLINE_RETURNING_TO_SOURCE_NODE_BECAUSE_OF_ERROR: 0x08,
  CLUS_RESDLL_OFFLINE_DUE_TO_EMBEDDED_FAILURE: 0x10,
  CLUS_RESDLL_OFFLINE_IGNORE_NETWORK_CONNECTIVITY: 0x20,
  CLUS_RESDLL_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE: 0x40,
} as const;

/** OnlineV2 OnlineFlags, as the resource type receives them. */
export const ResDllOnlineFlags = {
  CLUS_RESDLL_ONLINE_RECOVER_MONITOR_STATE: 0x01,
  CLUS_RESDLL_ONLINE_IGNORE_RESOURCE_STATUS: 0x02,
  CLUS_RESDLL_ONLINE_RETURN_TO_SOURCE_NODE_ON_ERROR: 0x04,
  CLUS_RESDLL_ONLINE_RESTORE_ONLINE_STATE: 0x08,
  CLUS_RESDLL_ONLINE_IGNORE_NETWORK_CONNECTIVITY: 0x10,
} as const;

/** PauseClusterNodeEx flags. */
export const NodePauseFlags = {
  CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR: 0x1,
  CLUSAPI_NODE_AVOID_PLACEMENT: 0x2,
  CLUSAPI_NODE_PAUSE_RETRY_DRAIN_ON_FAILURE: 0x4,
} as const;

/** CLUSAPI_RESOURCE_OFFLINE_REASON_*: why a resource goes offline. An enum, not flags. */
export const OfflineReason = {
  NONE: 0x00,
  UNKNOWN: 0x01,
  MOVING: 0x02,
  USER_REQUESTED: 0x04,
  BEING_DELETED: 0x08,
  BEING_RESTARTED: 0x10,
  PREEMPTED: 0x20,
  SHUTTING_DOWN: 0x40,
} as const;
export type OfflineReason = (typeof OfflineReason)[keyof typeof OfflineReason];

/** The CLI's short words for reasons (`--reason moving`). */
export const OFFLINE_REASON_WORDS: Readonly<Record<string, OfflineReason>> = {
  none: OfflineReason.NONE,
  unknown: OfflineReason.UNKNOWN,
  moving: OfflineReason.MOVING,
  user: OfflineReason.USER_REQUESTED,
  deleting: OfflineReason.BEING_DELETED,
  restarting: OfflineReason.BEING_RESTARTED,
  preempted: OfflineReason.PREEMPTED,
  shutdown: OfflineReason.SHUTTING_DOWN,
};

const REASON_VALUES: ReadonlySet<number> = new Set(Object.values(OfflineReason));

export function isOfflineReason(value: number): value is OfflineReason {
  return REASON_VALUES.has(value);
}

export function offlineReasonName(reason: number): string {
  const entry = Object.entries(OfflineReason).find(([, v]) => v === reason);
  return entry ? `CLUSAPI_RESOURCE_OFFLINE_REASON_${entry[0]}` : `REASON(${reason})`;
}

export type FlagFamily = Readonly<Record<string, number>>;

/** The families by the call that takes them, for validation and for parsing names. */
export const FLAG_FAMILIES = {
  groupOffline: GroupOfflineFlags,
  resourceOffline: ResourceOfflineFlags,
  groupOnline: GroupOnlineFlags,
  resourceOnline: ResourceOnlineFlags,
  groupMove: GroupMoveFlags,
  groupCancel: GroupCancelFlags,
  resDllOffline: ResDllOfflineFlags,
  resDllOnline: ResDllOnlineFlags,
  nodePause: NodePauseFlags,
} as const satisfies Record<string, FlagFamily>;
export type FlagFamilyName = keyof typeof FLAG_FAMILIES;

export function allowedMask(family: FlagFamily): number {
  let mask = 0;
  for (const value of Object.values(family)) mask |= value;
  return mask >>> 0;
}

/**
 * 0 when `flags` is a DWORD with only bits of the family set, else 87. Move adds its own rule:
 * IGNORE together with QUEUE is 87 (MS-CMRP ApiMoveGroupEx).
 */
export function validateFlags(familyName: FlagFamilyName, flags: number): 0 | 87 {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) return Win32.ERROR_INVALID_PARAMETER;
  const family = FLAG_FAMILIES[familyName];
  if ((flags & ~allowedMask(family)) >>> 0 !== 0) return Win32.ERROR_INVALID_PARAMETER;
  if (familyName === 'groupMove') {
    const both = GroupMoveFlags.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS | GroupMoveFlags.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
    if ((flags & both) === both) return Win32.ERROR_INVALID_PARAMETER;
  }
  return Win32.ERROR_SUCCESS;
}

export function hasFlag(flags: number, bit: number): boolean {
  return (flags & bit) !== 0;
}

/** Names of the bits set, for plans, logs and the CLI ("IGNORE_RESOURCE_STATUS|FORCE_WITH_TERMINATION"). */
export function flagNames(familyName: FlagFamilyName, flags: number): string[] {
  const family = FLAG_FAMILIES[familyName];
  return Object.entries(family)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}

/**
 * Accepts a number or a list of names (full names or their suffix after the family prefix,
 * e.g. "IGNORE_RESOURCE_STATUS"); unknown names are 87.
 */
export function parseFlags(familyName: FlagFamilyName, input: number | readonly string[]): { code: 0 | 87; flags: number } {
  if (typeof input === 'number') return { code: validateFlags(familyName, input), flags: input };
  const family = FLAG_FAMILIES[familyName];
  let flags = 0;
  for (const word of input) {
    const upper = word.trim().toUpperCase();
    const match = Object.entries(family).find(([name]) => name === upper || name.endsWith(`_${upper}`));
    if (!match) return { code: Win32.ERROR_INVALID_PARAMETER, flags: 0 };
    flags |= match[1];
  }
  return { code: validateFlags(familyName, flags), flags: flags >>> 0 };
}
