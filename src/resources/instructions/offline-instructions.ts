/**
 * The offline instructions as a child process sees them: one document built from OfflineV2's
 * arguments (reason, CLUS_RESDLL_OFFLINE_* flags, destination node, the caller's property list
 * decoded and raw), written as a JSON file and flattened into environment variables.
 *
 * Shared by every built-in type that runs user programs (`process`, `script`, and `ocf` may reuse
 * it), so a program written for Wolfpack reads the same names whichever type runs it. The names
 * are part of the public contract: docs/resource-types/process.md and script.md list them.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ResDllOfflineFlags, offlineReasonName } from '../../core/flags.js';
import type { DecodedProps, OfflineArgs, OnlineArgs } from '../sdk/index.js';

/** Environment variable names. One table, so the docs and both types cannot drift apart. */
export const INSTRUCTIONS_ENV = {
  resource: 'WOLFPACK_RESOURCE',
  reason: 'WOLFPACK_OFFLINE_REASON',
  reasonName: 'WOLFPACK_OFFLINE_REASON_NAME',
  flags: 'WOLFPACK_OFFLINE_FLAGS',
  flagNames: 'WOLFPACK_OFFLINE_FLAG_NAMES',
  onlineFlags: 'WOLFPACK_ONLINE_FLAGS',
  destinationNode: 'WOLFPACK_DESTINATION_NODE',
  instructions: 'WOLFPACK_INSTRUCTIONS',
  instructionsFile: 'WOLFPACK_INSTRUCTIONS_FILE',
  raw: 'WOLFPACK_INSTRUCTIONS_RAW',
  /** Prefix of one variable per instruction: WOLFPACK_INSTRUCTION_Save=1. */
  instructionPrefix: 'WOLFPACK_INSTRUCTION_',
  /** Set to 1 when a value was too large for the environment and only the file has it. */
  truncated: 'WOLFPACK_INSTRUCTIONS_TRUNCATED',
} as const;

/**
 * Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN) with E2BIG, failing the
 * whole exec. Larger values stay in the file only; well below the limit to leave room for the rest.
 */
export const MAX_ENV_VALUE_BYTES = 64 * 1024;

/** The JSON file's content, and the source of every environment variable. */
export interface OfflineInstructions {
  readonly resource: string;
  /** CLUSAPI_RESOURCE_OFFLINE_REASON_* value (an enum, not flags). */
  readonly reason: number;
  /** The reason's name without its prefix: MOVING, USER_REQUESTED, SHUTTING_DOWN, ... */
  readonly reasonName: string;
  /** CLUS_RESDLL_OFFLINE_* bits. */
  readonly flags: number;
  /** The names of the set bits without their prefix: IGNORE_RESOURCE_STATUS, ... */
  readonly flagNames: readonly string[];
  readonly destinationNode: string | null;
  /** The caller's property list in its JSON form; {} when the caller sent none. */
  readonly instructions: DecodedProps;
  /** The same list as the caller's exact bytes, base64; null when the caller sent none. */
  readonly raw: string | null;
}

const REASON_PREFIX = 'CLUSAPI_RESOURCE_OFFLINE_REASON_';
const FLAG_PREFIX = 'CLUS_RESDLL_OFFLINE_';

export function reasonShortName(reason: number): string {
  return offlineReasonName(reason).replace(REASON_PREFIX, '');
}

export function offlineFlagNames(flags: number): string[] {
  return Object.entries(ResDllOfflineFlags)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name.replace(FLAG_PREFIX, ''));
}

export function rawToBase64(raw: Uint8Array | null): string | null {
  return raw === null ? null : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
}

export function offlineInstructions(resource: string, args: OfflineArgs): OfflineInstructions {
  return {
    resource,
    reason: args.reason,
    reasonName: reasonShortName(args.reason),
    flags: args.flags,
    flagNames: offlineFlagNames(args.flags),
    destinationNode: args.destinationNode,
    instructions: args.instructions ?? {},
    raw: rawToBase64(args.raw),
  };
}

/**
 * The instructions' names in the caller's order. The JSON form is an object, or an array of
 * `{name, ...}` entries when the object form would lose a repeated name (src/proplist/json-form.ts).
 */
export function instructionEntries(instructions: DecodedProps): Array<{ name: string; spec: unknown }> {
  if (Array.isArray(instructions)) {
    return (instructions as unknown[]).flatMap((entry) => {
      const name = (entry as { name?: unknown } | null)?.name;
      return typeof name === 'string' ? [{ name, spec: entry }] : [];
    });
  }
  return Object.entries(instructions).map(([name, spec]) => ({ name, spec }));
}

/** `Save` -> `Save`; `Virtual Machine` -> `Virtual_Machine`: what a shell can name. */
export function envNamePart(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** One instruction's value as a shell wants it: numbers and text as is, anything else as JSON. */
function instructionValue(spec: unknown): string {
  const value = (spec as { value?: unknown } | null)?.value;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value ?? spec);
}

function fits(value: string): boolean {
  return Buffer.byteLength(value) <= MAX_ENV_VALUE_BYTES;
}

/**
 * The environment a program gets for an offline. `file` is where the same document was (or will
 * be) written; null leaves WOLFPACK_INSTRUCTIONS_FILE out.
 */
export function offlineInstructionsEnv(doc: OfflineInstructions, file: string | null): Record<string, string> {
  const E = INSTRUCTIONS_ENV;
  const env: Record<string, string> = {
    [E.resource]: doc.resource,
    [E.reason]: String(doc.reason),
    [E.reasonName]: doc.reasonName,
    [E.flags]: String(doc.flags),
    [E.flagNames]: doc.flagNames.join(' '),
    [E.destinationNode]: doc.destinationNode ?? '',
  };
  if (file !== null) env[E.instructionsFile] = file;
  addInstructions(env, doc.instructions, doc.raw);
  return env;
}

/** OnlineV2's arguments for a program: the flags and the caller's list, under the same names. */
export function onlineInstructionsEnv(resource: string, args: OnlineArgs): Record<string, string> {
  const env: Record<string, string> = { [INSTRUCTIONS_ENV.resource]: resource, [INSTRUCTIONS_ENV.onlineFlags]: String(args.flags) };
  addInstructions(env, args.instructions ?? {}, rawToBase64(args.raw));
  return env;
}

function addInstructions(env: Record<string, string>, instructions: DecodedProps, raw: string | null): void {
  const E = INSTRUCTIONS_ENV;
  let truncated = false;
  const put = (name: string, value: string): void => {
    if (fits(value)) env[name] = value;
    else truncated = true;
  };
  put(E.instructions, JSON.stringify(instructions));
  put(E.raw, raw ?? '');
  for (const { name, spec } of instructionEntries(instructions)) {
    const key = `${E.instructionPrefix}${envNamePart(name)}`;
    // A repeated or clashing name keeps its first value: the full list is in WOLFPACK_INSTRUCTIONS.
    if (!(key in env)) put(key, instructionValue(spec));
  }
  if (truncated) env[E.truncated] = '1';
}

/**
 * Writes the document so that a reader never sees half of it: a temporary file in the same
 * directory, then rename(2), which replaces the target atomically.
 */
export function writeInstructionsFile(path: string, doc: OfflineInstructions): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export function removeInstructionsFile(path: string): void {
  rmSync(path, { force: true });
}
