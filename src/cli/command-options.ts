/**
 * Options shared by the commands that offline or online something (`plan` now; `group` and
 * `resource` against a server later): flag switches to flag words, reason words, and the input
 * property list from `--prop` and `--props-file`.
 */
import type { CommandKind } from '../core/commands.js';
import { ClusterError, Win32 } from '../core/errors.js';
import { OFFLINE_REASON_WORDS, type OfflineReason, validateFlags } from '../core/flags.js';
import { COMMAND_FLAG_FAMILY } from '../core/planner/plan-input.js';
import { encodePropertyList, parsePropAssignment, type Property } from '../proplist/index.js';
import type { CliIo } from './io.js';

export interface FlagSwitches {
  readonly ignoreLocked?: boolean;
  readonly force?: boolean;
  readonly keepPersistentState?: boolean;
  /** A raw flags word; the switches are OR-ed into it. */
  readonly flags?: string;
}

/** The flags word for `kind` from the switches; a switch the call does not have is 87. */
export function flagsFor(kind: CommandKind, switches: FlagSwitches): number {
  let flags = switches.flags === undefined ? 0 : parseDword('--flags', switches.flags);
  if (switches.ignoreLocked) flags |= 0x1;
  if (switches.force) {
    if (kind !== 'offline-resource') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--force applies to a resource offline only');
    flags |= 0x2;
  }
  if (switches.keepPersistentState) {
    if (kind === 'offline-resource') flags |= 0x4;
    else if (kind === 'online-resource') flags |= 0x2;
    else throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--keep-persistent-state applies to resource offline and online only');
  }
  const code = validateFlags(COMMAND_FLAG_FAMILY[kind], flags >>> 0);
  if (code !== 0 && switches.flags === undefined) throw new ClusterError(code, `flags 0x${flags.toString(16)} are not valid for ${kind}`);
  return flags >>> 0;
}

export function parseDword(option: string, text: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${option} takes a DWORD (decimal or 0x hex), not ${JSON.stringify(text)}`);
  return value;
}

export function reasonFor(word: string | undefined): OfflineReason | undefined {
  if (word === undefined) return undefined;
  const reason = OFFLINE_REASON_WORDS[word.toLowerCase()];
  if (reason === undefined) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--reason must be one of ${Object.keys(OFFLINE_REASON_WORDS).join(', ')}; not ${JSON.stringify(word)}`);
  }
  return reason;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The input buffer: `--props-file` bytes as they are (a malformed file is the server's to reject
 * with 13, as a ClusAPI caller's buffer would be), or the `--prop` assignments encoded.
 */
export function inputBytesFor(io: CliIo, props: readonly string[] | undefined, propsFile: string | undefined): Uint8Array | undefined {
  if (propsFile !== undefined && props && props.length > 0) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'give --prop or --props-file, not both');
  if (propsFile !== undefined) return io.readFile(propsFile);
  if (!props || props.length === 0) return undefined;
  const list: Property[] = props.map((p) => parsePropAssignment(p));
  return encodePropertyList(list);
}
