/**
 * The four calls the UI makes and every flag each takes, read from the flag families of
 * src/core/flags.ts (the values the server validates against), with words for the checkboxes.
 */
import { FLAG_FAMILIES, OFFLINE_REASON_WORDS, type FlagFamilyName } from '../../../src/core/flags.js';

export type TargetKind = 'group' | 'resource';
export type Action = 'offline' | 'online';

export interface FlagChoice {
  /** The name the API takes (the constant's suffix, e.g. IGNORE_RESOURCE_STATUS). */
  readonly name: string;
  readonly value: number;
  readonly label: string;
  readonly help: string;
}

const WORDS: Readonly<Record<string, { label: string; help: string }>> = {
  IGNORE_RESOURCE_STATUS: { label: 'Ignore locked', help: 'Go ahead even if a resource is in locked mode (otherwise 5960).' },
  FORCE_WITH_TERMINATION: { label: 'Force with termination', help: 'Terminate the resource instead of waiting for a graceful offline.' },
  DO_NOT_UPDATE_PERSISTENT_STATE: { label: 'Keep persistent state', help: 'Leave the intended state alone, so a restart brings back what was there.' },
  SYNCHRONOUS: { label: 'Synchronous', help: 'Ask for a synchronous online (the call still answers with the operation).' },
  BEST_POSSIBLE_NODE: { label: 'Best possible node', help: 'Let the cluster choose the best node for the online.' },
  IGNORE_AFFINITY_RULE: { label: 'Ignore affinity rules', help: 'Place the group even against affinity rules.' },
  NECESSARY_FOR_QUORUM: { label: 'Necessary for quorum', help: 'The resource is needed for quorum (online it with priority).' },
};

const PREFIX: Readonly<Record<FlagFamilyName, string>> = {
  groupOffline: 'CLUSAPI_GROUP_OFFLINE_',
  resourceOffline: 'CLUSAPI_RESOURCE_OFFLINE_',
  groupOnline: 'CLUSAPI_GROUP_ONLINE_',
  resourceOnline: 'CLUSAPI_RESOURCE_ONLINE_',
  groupMove: 'CLUSAPI_GROUP_MOVE_',
  groupCancel: '',
  resDllOffline: 'CLUS_RESDLL_OFFLINE_',
  resDllOnline: 'CLUS_RESDLL_ONLINE_',
  nodePause: 'CLUSAPI_NODE_',
};

export function familyOf(kind: TargetKind, action: Action): FlagFamilyName {
  return `${kind}${action === 'offline' ? 'Offline' : 'Online'}` as FlagFamilyName;
}

export function flagChoices(kind: TargetKind, action: Action): FlagChoice[] {
  const family = familyOf(kind, action);
  return Object.entries(FLAG_FAMILIES[family]).map(([constant, value]) => {
    const name = constant.slice(PREFIX[family].length);
    const words = WORDS[name] ?? { label: name, help: constant };
    return { name, value, ...words };
  });
}

/** The ClusAPI name of the call, shown in the dialog so operators can map it to the docs. */
export function callName(kind: TargetKind, action: Action): string {
  return `${action === 'offline' ? 'Offline' : 'Online'}Cluster${kind === 'group' ? 'Group' : 'Resource'}Ex`;
}

export const REASON_CHOICES: ReadonlyArray<{ readonly word: string; readonly value: number }> = Object.entries(OFFLINE_REASON_WORDS).map(([word, value]) => ({ word, value }));

/** The operation kinds of the log, with the flag family their flags word belongs to. */
export function familyOfKind(kind: string): FlagFamilyName | null {
  const match = /^(offline|online)-(group|resource)$/.exec(kind);
  return match ? familyOf(match[2] as TargetKind, match[1] as Action) : null;
}
