/**
 * Short spellings shared by rejection details and the plan format: hex DWORDs, flag names without
 * their family prefix, reason names, state labels.
 */
import type { FlagFamilyName } from '../flags.js';
import { allowedMask, FLAG_FAMILIES, OfflineReason } from '../flags.js';
import { resourceStateLabel } from '../states.js';

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

const PREFIXES: Readonly<Partial<Record<FlagFamilyName, string>>> = {
  groupOffline: 'CLUSAPI_GROUP_OFFLINE_',
  resourceOffline: 'CLUSAPI_RESOURCE_OFFLINE_',
  groupOnline: 'CLUSAPI_GROUP_ONLINE_',
  resourceOnline: 'CLUSAPI_RESOURCE_ONLINE_',
  groupMove: 'CLUSAPI_GROUP_MOVE_',
  resDllOffline: 'CLUS_RESDLL_OFFLINE_',
  resDllOnline: 'CLUS_RESDLL_ONLINE_',
};

/**
 * "0x3 (IGNORE_RESOURCE_STATUS|FORCE_WITH_TERMINATION)"; bits outside the family are shown as
 * "0x8?" so a rejected flags word still reads. Zero is just "0x0".
 */
export function describeFlags(family: FlagFamilyName, flags: number): string {
  const word = flags >>> 0;
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) return String(flags);
  if (word === 0) return '0x0';
  const prefix = PREFIXES[family] ?? '';
  const parts: string[] = [];
  for (const [name, bit] of Object.entries(FLAG_FAMILIES[family])) {
    if ((word & bit) !== 0) parts.push(name.startsWith(prefix) ? name.slice(prefix.length) : name);
  }
  const unknown = (word & ~allowedMask(FLAG_FAMILIES[family])) >>> 0;
  if (unknown !== 0) parts.push(`${hex(unknown)}?`);
  return `${hex(word)} (${parts.join('|')})`;
}

/** "USER_REQUESTED"; an out-of-enum value is "0x3?". */
export function reasonLabel(reason: number): string {
  const entry = Object.entries(OfflineReason).find(([, v]) => v === reason);
  return entry ? entry[0] : `${hex(reason)}?`;
}

export function stateLabel(state: number): string {
  return resourceStateLabel(state);
}
