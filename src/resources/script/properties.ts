/**
 * The script type's private properties: schema and reader (shared by validate and every entry
 * point, so a resource that passed validation cannot fail later on a property).
 */
import type { JsonValue } from '../../core/model.js';
import type { PropertySchema, ResourceProperties } from '../sdk/index.js';
import { splitCommandLine } from '../process/command-line.js';

export const SCRIPT_PROPERTIES = {
  Script: { type: 'string', description: 'The executable called as `SCRIPT ACTION [Arguments...]`, ACTION one of online, offline, terminate, looks-alive, is-alive.' },
  Arguments: { type: 'json', description: 'Extra arguments after the action: a list of strings, or one string split like the process type\'s CommandLine.' },
  CurrentDirectory: { type: 'string', description: 'Working directory of every call (default: the daemon\'s).' },
  Environment: { type: 'json', description: 'Extra environment variables, a mapping NAME: value.' },
  TimeoutMs: { type: 'number', default: 0, description: 'Longest run of one online/offline call (0: no own limit; PendingTimeout still applies). Then the script\'s process group is killed and the call fails.' },
  HealthTimeoutMs: { type: 'number', default: 30_000, description: 'Longest run of one looks-alive/is-alive call; then it is killed and the check fails.' },
  TerminateTimeoutMs: { type: 'number', default: 30_000, description: 'Longest run of the terminate call (terminate must be quick).' },
} as const satisfies PropertySchema;

export interface ScriptSettings {
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly healthTimeoutMs: number;
  readonly terminateTimeoutMs: number;
}

export type ScriptSettingsResult = { readonly ok: true; readonly settings: ScriptSettings } | { readonly ok: false; readonly detail: string };

function scalar(value: JsonValue): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function count(props: ResourceProperties, name: keyof typeof SCRIPT_PROPERTIES, fallback: number): number | string {
  const value = props[name];
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : `${name} must be a number >= 0, not ${JSON.stringify(value)}`;
}

function readArgs(value: JsonValue | undefined): string[] | string {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    const split = splitCommandLine(value);
    return split.ok ? split.argv : `Arguments: ${split.detail}`;
  }
  if (!Array.isArray(value)) return `Arguments must be a list of strings or one string, not ${JSON.stringify(value)}`;
  const args: string[] = [];
  for (const [i, item] of value.entries()) {
    const text = scalar(item);
    if (text === null) return `Arguments[${i}] must be a string, not ${JSON.stringify(item)}`;
    args.push(text);
  }
  return args;
}

function readEnvironment(value: JsonValue | undefined): Record<string, string> | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return `Environment must be a mapping, not ${JSON.stringify(value)}`;
  const env: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    const text = item === undefined ? null : scalar(item);
    if (!/^[^=\0]+$/.test(name)) return `Environment: ${JSON.stringify(name)} is not a variable name`;
    if (text === null) return `Environment.${name} must be a string, number or boolean, not ${JSON.stringify(item)}`;
    env[name] = text;
  }
  return env;
}

export function readScriptSettings(props: ResourceProperties): ScriptSettingsResult {
  const script = props['Script'];
  if (typeof script !== 'string' || script === '') return { ok: false, detail: 'Script (the path of an executable) is required' };
  const cwd = props['CurrentDirectory'];
  if (cwd !== undefined && cwd !== null && typeof cwd !== 'string') return { ok: false, detail: 'CurrentDirectory must be a string' };
  const args = readArgs(props['Arguments']);
  if (typeof args === 'string') return { ok: false, detail: args };
  const environment = readEnvironment(props['Environment']);
  if (typeof environment === 'string') return { ok: false, detail: environment };
  const timeoutMs = count(props, 'TimeoutMs', SCRIPT_PROPERTIES.TimeoutMs.default);
  const healthTimeoutMs = count(props, 'HealthTimeoutMs', SCRIPT_PROPERTIES.HealthTimeoutMs.default);
  const terminateTimeoutMs = count(props, 'TerminateTimeoutMs', SCRIPT_PROPERTIES.TerminateTimeoutMs.default);
  for (const value of [timeoutMs, healthTimeoutMs, terminateTimeoutMs]) if (typeof value === 'string') return { ok: false, detail: value };
  return {
    ok: true,
    settings: {
      script,
      args,
      cwd: typeof cwd === 'string' && cwd !== '' ? cwd : null,
      environment,
      timeoutMs: timeoutMs as number,
      healthTimeoutMs: healthTimeoutMs as number,
      terminateTimeoutMs: terminateTimeoutMs as number,
    },
  };
}

/**
 * WOLFPACK_PROP_<Name> for every private property: text as is, numbers and booleans in decimal /
 * true|false, null as empty, lists and mappings as JSON. Characters a shell cannot name become _.
 */
export function propertyEnvironment(props: ResourceProperties): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(props)) {
    const text = value === null ? '' : (scalar(value) ?? JSON.stringify(value));
    env[`WOLFPACK_PROP_${name.replace(/[^A-Za-z0-9_]/g, '_')}`] = text;
  }
  return env;
}
