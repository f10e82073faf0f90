/**
 * The process type's private properties: the schema (documentation and validation) and a reader
 * that turns what YAML or the property-list codec produced into settings, or says exactly which
 * property is wrong. `validate` and every entry point use the same reader, so a resource that
 * passed validation cannot fail later on a property.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { JsonValue } from '../../core/model.js';
import type { PropertySchema, ResourceProperties } from '../sdk/index.js';
import { splitCommandLine } from './command-line.js';
import { defaultPidFile, instructionsFileFor } from './pid-file.js';
import { parseSignal, type SignalName } from './stop-signal.js';

export const PROCESS_PROPERTIES = {
  CommandLine: { type: 'string', description: 'Program and arguments in one string, split without a shell (quoting rules in the docs). Or use Program + Arguments.' },
  Program: { type: 'string', description: 'The executable (a path, or a name looked up in PATH). Used when CommandLine is not given.' },
  Arguments: { type: 'json', description: 'Arguments for Program: a list of strings, or one string split like CommandLine.' },
  CurrentDirectory: { type: 'string', description: 'Working directory of the process (default: the resource host\'s, i.e. the daemon\'s).' },
  Environment: { type: 'json', description: 'Extra environment variables, a mapping NAME: value, on top of the daemon\'s environment.' },
  StopSignal: { type: 'string', default: 'SIGTERM', description: 'The signal that asks the process group to stop.' },
  StopSignalFor: { type: 'json', description: 'Signals chosen by instruction or reason name, e.g. { Save: SIGUSR1, MOVING: SIGUSR2 }.' },
  StopTimeoutMs: { type: 'number', default: 10_000, description: 'How long offline waits after the stop signal before SIGKILL to the whole process group.' },
  Output: { type: 'string', description: 'File that receives stdout and stderr, appended. Default: discarded.' },
  PidFile: { type: 'string', description: 'Pid file (pid, start time, instructions file). Default: $WOLFPACK_STATE_DIR (or <tmpdir>/wolfpack-<uid>)/process/<resource>.pid.' },
  OnlineSettleMs: { type: 'number', default: 100, description: 'Online succeeds once the process is still running this long after start (and after ReadyFile/ReadyPort).' },
  ReadyFile: { type: 'string', description: 'Online waits until this file exists (removed before start).' },
  ReadyPort: { type: 'json', description: 'Online waits until a TCP connect succeeds: a port on 127.0.0.1, or "host:port". IsAlive checks it too.' },
  ReadyTimeoutMs: { type: 'number', default: 60_000, description: 'Longest wait for ReadyFile/ReadyPort; then online fails and the process group is killed.' },
} as const satisfies PropertySchema;

export interface ReadyPort {
  readonly host: string;
  readonly port: number;
}

export interface ProcessSettings {
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly stopSignal: SignalName;
  /** Name (instruction or reason, compared case-insensitively) -> signal, in the order given. */
  readonly stopSignalFor: ReadonlyArray<{ readonly name: string; readonly signal: SignalName }>;
  readonly stopTimeoutMs: number;
  readonly output: string | null;
  readonly pidFile: string;
  readonly instructionsFile: string;
  readonly onlineSettleMs: number;
  readonly readyFile: string | null;
  readonly readyPort: ReadyPort | null;
  readonly readyTimeoutMs: number;
}

export type SettingsResult = { readonly ok: true; readonly settings: ProcessSettings } | { readonly ok: false; readonly detail: string };

class PropertyProblem extends Error {}

function problem(message: string): never {
  throw new PropertyProblem(message);
}

function text(props: ResourceProperties, name: string): string | null {
  const value = props[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') problem(`${name} must be a string, not ${JSON.stringify(value)}`);
  return value;
}

function path(props: ResourceProperties, name: string): string | null {
  const value = text(props, name);
  return value === null ? null : isAbsolute(value) ? value : resolvePath(value);
}

function count(props: ResourceProperties, name: string, fallback: number): number {
  const value = props[name];
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) problem(`${name} must be a number >= 0, not ${JSON.stringify(value)}`);
  return n;
}

function scalar(value: JsonValue, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return problem(`${where} must be a string, number or boolean, not ${JSON.stringify(value)}`);
}

function mapping(props: ResourceProperties, name: string): Record<string, JsonValue> {
  const value = props[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) problem(`${name} must be a mapping, not ${JSON.stringify(value)}`);
  return value as Record<string, JsonValue>;
}

function split(line: string, name: string): string[] {
  const result = splitCommandLine(line);
  if (!result.ok) problem(`${name}: ${result.detail}`);
  return result.argv;
}

function readArgv(props: ResourceProperties): readonly [string, ...string[]] {
  const commandLine = text(props, 'CommandLine');
  const program = text(props, 'Program');
  if (commandLine !== null && program !== null) problem('give either CommandLine or Program (+ Arguments), not both');
  let argv: string[];
  if (commandLine !== null) {
    argv = split(commandLine, 'CommandLine');
  } else if (program !== null) {
    const args = props['Arguments'];
    if (args === undefined || args === null) argv = [program];
    else if (typeof args === 'string') argv = [program, ...split(args, 'Arguments')];
    else if (Array.isArray(args)) argv = [program, ...args.map((a, i) => scalar(a, `Arguments[${i}]`))];
    else problem(`Arguments must be a list of strings or one string, not ${JSON.stringify(args)}`);
  } else {
    problem('CommandLine (or Program) is required');
  }
  const [first, ...rest] = argv;
  if (first === undefined || first === '') problem('the command line names no program');
  return [first, ...rest];
}

function readSignal(value: JsonValue | undefined, where: string, fallback: SignalName): SignalName {
  if (value === undefined || value === null || value === '') return fallback;
  const signal = typeof value === 'string' || typeof value === 'number' ? parseSignal(value) : null;
  return signal ?? problem(`${where}: ${JSON.stringify(value)} is not a signal (e.g. SIGTERM, USR1, 15)`);
}

function readReadyPort(value: JsonValue | undefined): ReadyPort | null {
  if (value === undefined || value === null || value === '') return null;
  const raw = typeof value === 'number' ? `127.0.0.1:${value}` : typeof value === 'string' ? (value.includes(':') ? value : `127.0.0.1:${value}`) : '';
  const colon = raw.lastIndexOf(':');
  const host = raw.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(raw.slice(colon + 1));
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65_535) problem(`ReadyPort must be a port (1-65535) or "host:port", not ${JSON.stringify(value)}`);
  return { host, port };
}

function build(props: ResourceProperties, resourceName: string): ProcessSettings {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(mapping(props, 'Environment'))) {
    if (!/^[^=\0]+$/.test(name)) problem(`Environment: ${JSON.stringify(name)} is not a variable name`);
    environment[name] = scalar(value, `Environment.${name}`);
  }
  const stopSignalFor = Object.entries(mapping(props, 'StopSignalFor')).map(([name, value]) => ({
    name,
    signal: readSignal(value, `StopSignalFor.${name}`, 'SIGTERM'),
  }));
  const pidFile = path(props, 'PidFile') ?? defaultPidFile(resourceName);
  return {
    argv: readArgv(props),
    cwd: path(props, 'CurrentDirectory'),
    environment,
    stopSignal: readSignal(props['StopSignal'], 'StopSignal', 'SIGTERM'),
    stopSignalFor,
    stopTimeoutMs: count(props, 'StopTimeoutMs', PROCESS_PROPERTIES.StopTimeoutMs.default),
    output: path(props, 'Output'),
    pidFile,
    instructionsFile: instructionsFileFor(pidFile),
    onlineSettleMs: count(props, 'OnlineSettleMs', PROCESS_PROPERTIES.OnlineSettleMs.default),
    readyFile: path(props, 'ReadyFile'),
    readyPort: readReadyPort(props['ReadyPort']),
    readyTimeoutMs: count(props, 'ReadyTimeoutMs', PROCESS_PROPERTIES.ReadyTimeoutMs.default),
  };
}

export function readProcessSettings(props: ResourceProperties, resourceName: string): SettingsResult {
  try {
    return { ok: true, settings: build(props, resourceName) };
  } catch (error) {
    if (error instanceof PropertyProblem) return { ok: false, detail: error.message };
    throw error;
  }
}
