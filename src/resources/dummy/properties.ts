/**
 * The dummy type's private properties: the schema (documentation and validation) and a reader that
 * accepts what YAML and the property-list codec produce (numbers, booleans, "1"/"true" strings).
 */
import type { PropertySchema, ResourceProperties, ValidationAnswer } from '../sdk/index.js';
import type { JsonValue } from '../../core/model.js';

export const DUMMY_PROPERTIES = {
  OnlineDelayMs: { type: 'number', default: 0, description: 'How long online stays pending, in ms.' },
  OfflineDelayMs: { type: 'number', default: 0, description: 'How long offline stays pending, in ms.' },
  FailOnline: { type: 'boolean', default: false, description: 'Online ends in failure (after OnlineDelayMs).' },
  FailOffline: { type: 'boolean', default: false, description: 'Offline ends in failure (after OfflineDelayMs).' },
  HangOnline: { type: 'boolean', default: false, description: 'Online never settles until terminate, cancel or abort.' },
  HangOffline: { type: 'boolean', default: false, description: 'Offline never settles until terminate, cancel or abort.' },
  Locked: { type: 'boolean', default: false, description: 'Reports locked mode (setLockedMode(true)) once online; clears it when offline.' },
  LockedReason: { type: 'number', default: 0, description: 'The reason passed with setLockedMode.' },
  ProgressEveryMs: { type: 'number', default: 0, description: 'Reports progress at this interval while online/offline is pending (0: never).' },
  RecordFile: { type: 'string', description: 'Appends one JSON line per entry-point call to this file.' },
  StateFile: { type: 'string', description: 'Keeps the running state in this file (exists = running), so a new host finds it.' },
  HealthFile: { type: 'string', description: 'While this file exists, looksAlive and isAlive report failure.' },
  FailLooksAlive: { type: 'boolean', default: false, description: 'looksAlive reports failure while running.' },
  FailIsAlive: { type: 'boolean', default: false, description: 'isAlive reports failure while running.' },
  CrashHost: {
    type: 'json',
    description: 'Exits the resource host process inside this entry point (an entry name; true means online). Ignored outside a host.',
  },
} as const satisfies PropertySchema;

export type DummyPropertyName = keyof typeof DUMMY_PROPERTIES;

export interface DummySettings {
  readonly onlineDelayMs: number;
  readonly offlineDelayMs: number;
  readonly failOnline: boolean;
  readonly failOffline: boolean;
  readonly hangOnline: boolean;
  readonly hangOffline: boolean;
  readonly locked: boolean;
  readonly lockedReason: number;
  readonly progressEveryMs: number;
  readonly recordFile: string | null;
  readonly stateFile: string | null;
  readonly healthFile: string | null;
  readonly failLooksAlive: boolean;
  readonly failIsAlive: boolean;
  /** The entry point that exits the host, or null. */
  readonly crashHost: string | null;
}

function asNumber(value: JsonValue | undefined): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : NaN;
}

function asBoolean(value: JsonValue | undefined): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(word)) return false;
  }
  return null;
}

function asPath(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function asCrashEntry(value: JsonValue | undefined): string | null {
  if (value === true) return 'online';
  if (typeof value === 'string' && value !== '') return value;
  return null;
}

export function readSettings(props: ResourceProperties): DummySettings {
  const num = (name: DummyPropertyName): number => {
    const n = asNumber(props[name]);
    return n === null || Number.isNaN(n) ? 0 : n;
  };
  const flag = (name: DummyPropertyName): boolean => asBoolean(props[name]) ?? false;
  return {
    onlineDelayMs: num('OnlineDelayMs'),
    offlineDelayMs: num('OfflineDelayMs'),
    failOnline: flag('FailOnline'),
    failOffline: flag('FailOffline'),
    hangOnline: flag('HangOnline'),
    hangOffline: flag('HangOffline'),
    locked: flag('Locked'),
    lockedReason: num('LockedReason'),
    progressEveryMs: num('ProgressEveryMs'),
    recordFile: asPath(props['RecordFile']),
    stateFile: asPath(props['StateFile']),
    healthFile: asPath(props['HealthFile']),
    failLooksAlive: flag('FailLooksAlive'),
    failIsAlive: flag('FailIsAlive'),
    crashHost: asCrashEntry(props['CrashHost']),
  };
}

/** Unknown names are allowed (forward compatibility); known names must have a readable value. */
export function validateDummyProperties(props: ResourceProperties): ValidationAnswer {
  for (const [name, spec] of Object.entries(DUMMY_PROPERTIES)) {
    const value = props[name];
    if (value === undefined || value === null) continue;
    if (spec.type === 'number' && Number.isNaN(asNumber(value))) return { detail: `${name} must be a number >= 0, not ${JSON.stringify(value)}` };
    if (spec.type === 'boolean' && asBoolean(value) === null) return { detail: `${name} must be a boolean, not ${JSON.stringify(value)}` };
    if (spec.type === 'string' && typeof value !== 'string') return { detail: `${name} must be a string (a file path)` };
  }
  return null;
}
