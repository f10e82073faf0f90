/**
 * Admission checks that do not need the dependency walk, in the order of ARCHITECTURE.md
 * "Operations": access (5) -> object (5013 / 5007) -> flags (87, then 13 for a malformed input
 * buffer) -> the group-level part of state (5908 while moving). The walk-dependent state checks
 * (5023) and the locked check (5960) run inside offline.ts / online.ts, after these and in that
 * order. Each check returns a Rejection or null; the first non-null one wins.
 */
import type { Command } from '../commands.js';
import { Win32 } from '../errors.js';
import type { FlagFamilyName } from '../flags.js';
import { allowedMask, FLAG_FAMILIES, isOfflineReason, validateFlags } from '../flags.js';
import type { ClusterModel, GroupConfig, ResourceConfig, Runtime } from '../model.js';
import { findGroup, findResource } from '../model.js';
import type { PlanResult, Rejection } from '../plan.js';
import { groupRuntime } from '../runtime.js';
import { hex } from './names.js';

export function rejected(code: number, detail: string): PlanResult {
  return { ok: false, rejection: { code, detail } };
}

/** The flag family each command's flags word belongs to (wsfc.md §3.1-3.2). */
export function flagFamilyOf(command: Command): FlagFamilyName {
  switch (command.kind) {
    case 'offline-group':
      return 'groupOffline';
    case 'offline-resource':
      return 'resourceOffline';
    case 'online-group':
      return 'groupOnline';
    case 'online-resource':
      return 'resourceOnline';
    case 'move-group':
      return 'groupMove';
    case 'cancel-group':
      return 'groupCancel';
  }
}

export type GroupCommand = Extract<Command, { readonly group: string }>;

export function isGroupCommand(command: Command): command is GroupCommand {
  return 'group' in command;
}

export function targetName(command: Command): string {
  return isGroupCommand(command) ? command.group : command.resource;
}

/** Step 1. Every mutating call needs Full ("All") access (seeds; MS-CMRP 3.1.4.2.18/19 "All"). */
export function checkAccess(command: Command): Rejection | null {
  if (command.caller.access === 'full') return null;
  return {
    code: Win32.ERROR_ACCESS_DENIED,
    detail: `caller '${command.caller.principal}' has ${command.caller.access} access; ${command.kind} needs full access in the cluster security descriptor`,
  };
}

export interface Target {
  readonly group: GroupConfig;
  /** Set for resource commands. */
  readonly resource: ResourceConfig | null;
}

/** Step 2. Names are case-insensitive (wsfc.md §1.2); the target carries the canonical names. */
export function resolveTarget(model: ClusterModel, command: Command): Target | Rejection {
  if (isGroupCommand(command)) {
    const group = findGroup(model, command.group);
    if (!group) return { code: Win32.ERROR_GROUP_NOT_FOUND, detail: `no group named '${command.group}'` };
    return { group, resource: null };
  }
  const resource = findResource(model, command.resource);
  if (!resource) return { code: Win32.ERROR_RESOURCE_NOT_FOUND, detail: `no resource named '${command.resource}'` };
  const group = findGroup(model, resource.group);
  // A resource whose group is missing is a broken model, not a caller error; 5007 is the honest answer.
  if (!group) return { code: Win32.ERROR_RESOURCE_NOT_FOUND, detail: `resource '${resource.name}' names unknown group '${resource.group}'` };
  return { group, resource };
}

/**
 * Step 3. Flags outside the family are 87. A reason is an enum apart from the flags (wsfc.md §13
 * item 3); a value outside it is also a bad parameter (87), checked here with the flags because
 * it is a parameter of the same call. A malformed input buffer is 13, after the flags.
 */
export function checkParameters(command: Command): Rejection | null {
  const family = flagFamilyOf(command);
  if (validateFlags(family, command.flags) !== 0) {
    if (family === 'groupMove' && isKnownMoveWord(command.flags)) {
      // Every bit is known, so validateFlags refused the pair (MS-CMRP ApiMoveGroupEx).
      return {
        code: Win32.ERROR_INVALID_PARAMETER,
        detail: `flags ${hex(command.flags)} combine IGNORE_RESOURCE_STATUS (0x1) and QUEUE_ENABLED (0x4): a move either overrides locked mode or waits for it, not both`,
      };
    }
    if (family === 'groupCancel') {
      return { code: Win32.ERROR_INVALID_PARAMETER, detail: `flags ${hex(command.flags)}: CancelClusterGroupOperation flags are reserved and must be 0` };
    }
    const mask = allowedMask(FLAG_FAMILIES[family]);
    return {
      code: Win32.ERROR_INVALID_PARAMETER,
      detail: `flags ${hex(command.flags)} have bits outside the ${familyLabel(family)} set (allowed mask ${hex(mask)})`,
    };
  }
  if ((command.kind === 'offline-group' || command.kind === 'offline-resource') && command.reason !== undefined && !isOfflineReason(command.reason)) {
    return {
      code: Win32.ERROR_INVALID_PARAMETER,
      detail: `reason ${hex(command.reason)} is not a CLUSAPI_RESOURCE_OFFLINE_REASON_* value`,
    };
  }
  if (command.input && !command.input.valid) {
    return { code: Win32.ERROR_INVALID_DATA, detail: `the input buffer (${command.input.bytes.length} bytes) is not a well-formed property list` };
  }
  return null;
}

function isKnownMoveWord(flags: number): boolean {
  return Number.isInteger(flags) && flags >= 0 && flags <= 0xffffffff && (flags & ~allowedMask(FLAG_FAMILIES.groupMove)) >>> 0 === 0;
}

function familyLabel(family: FlagFamilyName): string {
  switch (family) {
    case 'groupOffline':
      return 'CLUSAPI_GROUP_OFFLINE_*';
    case 'resourceOffline':
      return 'CLUSAPI_RESOURCE_OFFLINE_*';
    case 'groupOnline':
      return 'CLUSAPI_GROUP_ONLINE_*';
    case 'resourceOnline':
      return 'CLUSAPI_RESOURCE_ONLINE_*';
    case 'groupMove':
      return 'CLUSAPI_GROUP_MOVE_*';
    default:
      return family;
  }
}

/**
 * Step 4, group part. Every offline and online command changes the state of resources that a move
 * is offlining or onlining, so all of them conflict with a move in progress (5908); a second move
 * does too (move.ts checks it after the destination). Cancel is the one command that needs a move.
 * Checked before the per-resource 5023 checks: a move leaves resources pending, and "the group is
 * moving" is the more useful answer.
 */
export function checkNotMoving(runtime: Runtime, group: GroupConfig, command: Command): Rejection | null {
  if (!groupRuntime(runtime, group.name).moving) return null;
  return {
    code: Win32.ERROR_CLUSTER_GROUP_MOVING,
    detail: `group '${group.name}' is moving; ${command.kind} conflicts with the move in progress`,
  };
}
