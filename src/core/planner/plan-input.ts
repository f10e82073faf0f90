/**
 * The plan input format shared by golden scenarios and `wolfpack plan`: a cluster configuration
 * plus an optional `state:` (what is true now) and `command:` (what is asked). Pure: text in,
 * Snapshot and Command out; the scenario runner and the CLI add only file I/O.
 *
 * Beyond the cluster configuration:
 *   state:
 *     default: Online                      # optional, every resource's state (and persistent Online if Online)
 *     resources:
 *       Disk: Failed                       # a state name, or a mapping:
 *       App: {state: OnlinePending, persistent: Online, locked: true}
 *     groups:
 *       G: {owner: node1, moving: true, persistent: Online}
 *     nodes:
 *       node2: Down                        # Up | Down | Paused | Joining | Unknown, or {state: Paused}
 *   command:
 *     kind: offline-group | offline-resource | online-group | online-resource | move-group | cancel-group
 *     target: G                            # group or resource name
 *     flags: 0x1 | [IGNORE_RESOURCE_STATUS] # a number (any value, even invalid) or names of the family
 *     reason: USER_REQUESTED | 4           # offline only; omitted means the default
 *     destination: node2                   # offline-group and move-group; a move without one (or
 *                                          # with null) lets placement choose
 *     caller: {principal: admin, access: full}   # default admin/full
 *     input: {size: 8, valid: false}       # an input buffer of that many zero bytes
 */
import { parse } from 'yaml';
import type { Access, Command } from '../commands.js';
import { buildModel, validateClusterConfig } from '../config/index.js';
import { ClusterError, Win32 } from '../errors.js';
import type { FlagFamilyName, OfflineReason } from '../flags.js';
import { OfflineReason as Reasons, parseFlags } from '../flags.js';
import type { ClusterModel, Snapshot } from '../model.js';
import type { GroupOverride, NodeOverride, ResourceOverride } from '../runtime.js';
import { initialRuntime } from '../runtime.js';
import { NodeState, PersistentState, ResourceState } from '../states.js';

export interface PlanInput {
  readonly model: ClusterModel;
  /** The `state:` section, or undefined when the file has none. */
  readonly state: unknown;
  /** The `command:` section, or undefined when the file has none. */
  readonly command: unknown;
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Input mistakes are 87 ERROR_INVALID_PARAMETER, naming the file (or scenario) they are in. */
function fail(name: string, message: string): never {
  throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${name}: ${message}`);
}

function parseResourceState(name: string, value: unknown): ResourceState {
  const match = Object.entries(ResourceState).find(([key]) => key.toLowerCase() === String(value).toLowerCase());
  if (!match) fail(name, `unknown resource state '${String(value)}'`);
  return match[1];
}

function parsePersistent(name: string, value: unknown): PersistentState {
  const match = Object.entries(PersistentState).find(([key]) => key.toLowerCase() === String(value).toLowerCase());
  if (!match) fail(name, `unknown persistent state '${String(value)}'`);
  return match[1];
}

function parseNodeOverride(name: string, value: unknown): NodeOverride {
  const raw = isMapping(value) ? value['state'] : value;
  const match = Object.entries(NodeState).find(([key]) => key.toLowerCase() === String(raw).toLowerCase());
  if (!match) fail(name, `unknown node state '${String(raw)}'`);
  return { state: match[1] };
}

function parseResourceOverride(name: string, value: unknown): ResourceOverride {
  if (!isMapping(value)) return { state: parseResourceState(name, value) };
  const out: { state?: ResourceState; persistentState?: PersistentState; locked?: boolean } = {};
  if (value['state'] !== undefined) out.state = parseResourceState(name, value['state']);
  if (value['persistent'] !== undefined) out.persistentState = parsePersistent(name, value['persistent']);
  if (value['locked'] !== undefined) out.locked = value['locked'] === true;
  return out;
}

function parseGroupOverride(name: string, value: unknown): GroupOverride {
  if (!isMapping(value)) fail(name, 'a group override must be a mapping');
  const out: { owner?: string | null; moving?: boolean; persistentState?: PersistentState } = {};
  if (value['owner'] !== undefined) out.owner = value['owner'] === null ? null : String(value['owner']);
  if (value['moving'] !== undefined) out.moving = value['moving'] === true;
  if (value['persistent'] !== undefined) out.persistentState = parsePersistent(name, value['persistent']);
  return out;
}

export function buildSnapshot(name: string, model: ClusterModel, state: unknown): Snapshot {
  const raw = isMapping(state) ? state : {};
  let allResources: ResourceOverride | undefined;
  if (raw['default'] !== undefined) {
    const base = parseResourceOverride(name, raw['default']);
    allResources = base.state === ResourceState.Online && base.persistentState === undefined ? { ...base, persistentState: PersistentState.Online } : base;
  }
  const resources: Record<string, ResourceOverride> = {};
  for (const [resource, value] of Object.entries(isMapping(raw['resources']) ? raw['resources'] : {})) resources[resource] = parseResourceOverride(name, value);
  const groups: Record<string, GroupOverride> = {};
  for (const [group, value] of Object.entries(isMapping(raw['groups']) ? raw['groups'] : {})) groups[group] = parseGroupOverride(name, value);
  const nodes: Record<string, NodeOverride> = {};
  for (const [node, value] of Object.entries(isMapping(raw['nodes']) ? raw['nodes'] : {})) nodes[node] = parseNodeOverride(name, value);
  const runtime = initialRuntime(model, { ...(allResources ? { allResources } : {}), overrides: { resources, groups, nodes } });
  return { model, runtime };
}

export const COMMAND_FLAG_FAMILY: Record<Command['kind'], FlagFamilyName> = {
  'offline-group': 'groupOffline',
  'offline-resource': 'resourceOffline',
  'online-group': 'groupOnline',
  'online-resource': 'resourceOnline',
  'move-group': 'groupMove',
  'cancel-group': 'groupCancel',
};

const KINDS: ReadonlySet<string> = new Set(Object.keys(COMMAND_FLAG_FAMILY));

function isKind(value: unknown): value is Command['kind'] {
  return typeof value === 'string' && KINDS.has(value);
}

export function parseCommand(name: string, raw: unknown): Command {
  if (!isMapping(raw)) fail(name, 'command: must be a mapping');
  const kind = raw['kind'];
  if (!isKind(kind)) fail(name, `unknown command kind '${String(kind)}'`);
  const target = String(raw['target'] ?? fail(name, 'command.target is required'));

  let flags = 0;
  const rawFlags = raw['flags'];
  if (typeof rawFlags === 'number') flags = rawFlags;
  else if (Array.isArray(rawFlags)) {
    // Names must be of the command's family: a scenario that wants bad bits writes a number.
    const parsed = parseFlags(COMMAND_FLAG_FAMILY[kind], rawFlags.map(String));
    if (parsed.code !== 0) fail(name, `flags ${JSON.stringify(rawFlags)} are not names of the ${COMMAND_FLAG_FAMILY[kind]} family`);
    flags = parsed.flags;
  } else if (rawFlags !== undefined) fail(name, 'command.flags must be a number or a list of names');

  const callerRaw = isMapping(raw['caller']) ? raw['caller'] : {};
  const access = String(callerRaw['access'] ?? 'full');
  if (access !== 'none' && access !== 'read' && access !== 'full') fail(name, `unknown access '${access}'`);
  const caller = { principal: String(callerRaw['principal'] ?? 'admin'), access: access as Access };

  const inputRaw = raw['input'];
  const input = isMapping(inputRaw) ? { bytes: new Uint8Array(Number(inputRaw['size'] ?? 0)), valid: inputRaw['valid'] !== false } : undefined;
  const base = { caller, ...(input ? { input } : {}) };

  let reason: OfflineReason | undefined;
  if (raw['reason'] !== undefined) {
    const r = raw['reason'];
    // A number is taken as is (possibly outside the enum, to test 87); a name must be a real one.
    if (typeof r === 'number') reason = r as OfflineReason;
    else {
      const match = Object.entries(Reasons).find(([key]) => key === String(r).toUpperCase());
      if (!match) fail(name, `unknown reason '${String(r)}'`);
      reason = match[1];
    }
  }
  // A move's reason is always MOVING; accepting another here would print a scenario that lies.
  if (reason !== undefined && (kind === 'move-group' || kind === 'cancel-group')) fail(name, `command.reason does not apply to ${kind}`);
  const withReason = reason === undefined ? {} : { reason };
  switch (kind) {
    case 'offline-group': {
      const destination = raw['destination'];
      return { kind, group: target, flags, ...base, ...withReason, ...(destination === undefined ? {} : { destinationNode: String(destination) }) };
    }
    case 'offline-resource':
      return { kind, resource: target, flags, ...base, ...withReason };
    case 'online-group':
      return { kind, group: target, flags, ...base };
    case 'online-resource':
      return { kind, resource: target, flags, ...base };
    case 'move-group': {
      const destination = raw['destination'];
      return { kind, group: target, flags, ...base, destinationNode: destination === undefined || destination === null ? null : String(destination) };
    }
    case 'cancel-group':
      return { kind, group: target, flags, ...base };
  }
}

/** Splits a plan input file: the cluster part goes through the real configuration validation. */
export function parsePlanInput(name: string, text: string): PlanInput {
  const doc: unknown = parse(text);
  if (!isMapping(doc)) fail(name, 'the file must be a mapping');
  const { state, command, ...cluster } = doc;
  return { model: buildModel(validateClusterConfig(cluster)), state, command };
}

