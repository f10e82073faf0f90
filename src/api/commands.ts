/**
 * From a CommandBody to an engine command, and the dry run. The API turns names into numbers
 * (flag names, reason words) and the JSON-form property list into CLUSPROP bytes; everything the
 * engine can judge itself -- flag and reason numbers, a malformed base64-carried list, names,
 * access, state, locked mode -- goes to the engine unjudged, so it is answered in admission order
 * and recorded. What cannot become a command at all is an ApiError here and never reaches it.
 */
import type { CancelBody, CommandAnswer, CommandBody, MoveBody } from './contract.js';
import type { Caller, Command, CommandKind } from '../core/commands.js';
import { errorEntry, isClusterError, Win32 } from '../core/errors.js';
import { FLAG_FAMILIES, OFFLINE_REASON_WORDS, OfflineReason, parseFlags, type FlagFamilyName } from '../core/flags.js';
import { formatPlanResult, formatRejection, plan as planCommand } from '../core/planner/index.js';
import type { EngineCommand, SubmitResult } from '../engine/engine.js';
import type { Engine } from '../engine/engine.js';
import { decodeInput } from '../engine/input-buffer.js';
import { encodePropertyList, propertyListFromJson } from '../proplist/index.js';
import { ApiError } from './api-error.js';
import { planView } from './views.js';

const FAMILY: Readonly<Record<CommandKind, FlagFamilyName>> = {
  'offline-group': 'groupOffline',
  'offline-resource': 'resourceOffline',
  'online-group': 'groupOnline',
  'online-resource': 'resourceOnline',
  'move-group': 'groupMove',
  'cancel-group': 'groupCancel',
};

/** Whatever body a command route takes; each route's schema admits only its own fields. */
export type AnyCommandBody = CommandBody | MoveBody | CancelBody;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Flag names of a family as a DWORD (`what` names the call in the issue). Each name is checked on
 * its own: a combination the call forbids (move's IGNORE with QUEUE) is the engine's 87 to give and
 * to record, like a bad number.
 */
export function flagsOf(family: FlagFamilyName, flags: number | readonly string[] | undefined, what: string): number {
  if (flags === undefined) return 0;
  if (typeof flags === 'number') return flags;
  let bits = 0;
  for (const [index, name] of flags.entries()) {
    const parsed = parseFlags(family, [name]);
    if (parsed.code !== 0) {
      const known = Object.keys(FLAG_FAMILIES[family]).join(', ') || '(none: this call takes no flags)';
      throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, `/flags/${index}`, `'${name}' is not a flag of ${what}; known: ${known}`);
    }
    bits |= parsed.flags;
  }
  return bits >>> 0;
}

function reasonOf(kind: CommandKind, reason: CommandBody['reason']): OfflineReason | undefined {
  if (reason === undefined) return undefined;
  if (kind !== 'offline-group' && kind !== 'offline-resource') {
    throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, '/reason', 'a reason is given to offline commands only');
  }
  // A number goes to the engine as it is: an out-of-enum value is its 87 to give and to record.
  if (typeof reason === 'number') return reason as OfflineReason;
  const word = reason.trim();
  const byWord = OFFLINE_REASON_WORDS[word.toLowerCase()];
  if (byWord !== undefined) return byWord;
  const upper = word.toUpperCase().replace(/^CLUSAPI_RESOURCE_OFFLINE_REASON_/, '');
  const byName = (OfflineReason as Readonly<Record<string, OfflineReason>>)[upper];
  if (byName !== undefined) return byName;
  throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, '/reason', `'${reason}' is not an offline reason; use one of ${Object.keys(OFFLINE_REASON_WORDS).join(', ')} or a CLUSAPI_RESOURCE_OFFLINE_REASON_* number`);
}

function inputOf(body: CommandBody | MoveBody): Uint8Array | undefined {
  if (body.properties !== undefined && body.propertiesBase64 !== undefined) {
    throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, '/propertiesBase64', 'give the property list as properties or as propertiesBase64, not both');
  }
  if (body.properties !== undefined) {
    try {
      return encodePropertyList(propertyListFromJson(body.properties));
    } catch (error) {
      if (!isClusterError(error)) throw error;
      throw ApiError.badRequest(error.code, '/properties', error.detail);
    }
  }
  if (body.propertiesBase64 !== undefined) {
    if (!BASE64.test(body.propertiesBase64)) {
      throw ApiError.badRequest(Win32.ERROR_INVALID_DATA, '/propertiesBase64', 'is not base64 (standard alphabet, padded, no whitespace)');
    }
    return new Uint8Array(Buffer.from(body.propertiesBase64, 'base64'));
  }
  return undefined;
}

/** The engine command for a route; throws ApiError for a body that cannot be one. */
export function toEngineCommand(kind: CommandKind, target: string, body: AnyCommandBody, caller: Caller): EngineCommand {
  const flags = flagsOf(FAMILY[kind], body.flags, kind);
  const reason = reasonOf(kind, 'reason' in body ? body.reason : undefined);
  const inputBytes = 'properties' in body || 'propertiesBase64' in body ? inputOf(body) : undefined;
  const input = inputBytes ? { inputBytes } : {};
  switch (kind) {
    case 'offline-group':
      return { kind, group: target, flags, caller, ...(reason === undefined ? {} : { reason }), ...input };
    case 'offline-resource':
      return { kind, resource: target, flags, caller, ...(reason === undefined ? {} : { reason }), ...input };
    case 'online-group':
      return { kind, group: target, flags, caller, ...input };
    case 'online-resource':
      return { kind, resource: target, flags, caller, ...input };
    case 'move-group':
      return { kind, group: target, flags, destinationNode: ('to' in body ? body.to : undefined) ?? null, caller, ...input };
    case 'cancel-group':
      return { kind, group: target, flags, caller };
  }
}

export function commandStatus(code: number): number {
  return errorEntry(code).http;
}

export function commandAnswer(result: SubmitResult): CommandAnswer {
  return { code: result.code, name: result.name, message: result.detail ?? errorEntry(result.code).message, operation: result.operation };
}

/**
 * `plan: true`: the engine's admission without its effects -- the pure planner over the current
 * snapshot, plus the engine's one extra check (a resource claimed by a running operation is 5023).
 * Nothing is recorded and nothing changes; the answer carries the plan in the scenario text format.
 */
export function dryRun(engine: Engine, command: EngineCommand): CommandAnswer {
  const { inputBytes, ...rest } = command;
  const decoded = inputBytes && inputBytes.length > 0 ? decodeInput(inputBytes) : null;
  const full = { ...rest, ...(decoded ? { input: decoded.buffer } : {}) } as Command;
  const result = planCommand(engine.snapshot(), full);
  if (result.ok) {
    const claimed = result.plan.steps.find((s) => engine.records.resources.get(s.resource)?.operation);
    if (claimed) {
      const rejection = { code: Win32.ERROR_INVALID_STATE, detail: `resource '${claimed.resource}' is part of running operation ${engine.records.resources.get(claimed.resource)?.operation ?? ''}` };
      return rejectedPlan(rejection, formatRejection(rejection, full));
    }
    const text = formatPlanResult(full, result);
    return { code: result.plan.code, name: errorEntry(result.plan.code).name, message: errorEntry(result.plan.code).message, operation: null, plan: planView(result.plan, text) };
  }
  return rejectedPlan(result.rejection, formatPlanResult(full, result));
}

function rejectedPlan(rejection: { code: number; detail: string }, text: string): CommandAnswer {
  const entry = errorEntry(rejection.code);
  return { code: rejection.code, name: entry.name, message: `${rejection.code} ${entry.name}: ${rejection.detail}`, operation: null, plan: { code: rejection.code, steps: [], text } };
}
