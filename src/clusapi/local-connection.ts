/**
 * The in-process ClusterConnection: the facade over an Engine in this process, acting for one
 * caller of the cluster security descriptor. What the engine decides (access, names, flags, input
 * buffer, state, locked) it decides here too; this adapter only translates and adds the Read check
 * that reads need (wsfc.md §9), which the engine's read methods do not make.
 *
 * Moves and cancels are the engine's commands. Pausing and resuming a node is the cluster layer's,
 * which an engine alone does not have: those answer as the HTTP API of a daemon without a cluster
 * does -- 5 without Full access, 5042 for an unknown node, 87 for bad flags, else 5005.
 */
import type { Access, Caller } from '../core/commands.js';
import { Win32, describeCode } from '../core/errors.js';
import { validateFlags } from '../core/flags.js';
import { nameKey } from '../core/model.js';
import { NodeState } from '../core/states.js';
import type { Engine, EngineCommand } from '../engine/engine.js';
import { lowerAccess } from './access.js';
import type { Answer, ClusterConnection, CommandAnswer, ConnectionCommand, GroupStatus, NodeCommand, NodeStatus, ObjectKind, ResourceStatus } from './connection.js';

const NOT_FOUND: Readonly<Record<ObjectKind, number>> = {
  node: Win32.ERROR_CLUSTER_NODE_NOT_FOUND,
  group: Win32.ERROR_GROUP_NOT_FOUND,
  resource: Win32.ERROR_RESOURCE_NOT_FOUND,
};

function failure(code: number, detail: string): { ok: false; code: number; detail: string } {
  return { ok: false, code, detail: `${describeCode(code)}: ${detail}` };
}

class LocalConnection implements ClusterConnection {
  constructor(
    private readonly engine: Engine,
    private readonly caller: Caller,
  ) {}

  get clusterName(): string {
    return this.engine.model.config.cluster;
  }

  get principal(): string {
    return this.caller.principal;
  }

  grantedAccess(): Promise<Access> {
    return Promise.resolve(this.caller.access);
  }

  findObject(kind: ObjectKind, name: string): Promise<Answer<string>> {
    return Promise.resolve(this.readable(() => this.canonical(kind, name)));
  }

  groupStatus(name: string): Promise<Answer<GroupStatus>> {
    return Promise.resolve(
      this.readable(() => {
        const group = this.engine.group(name);
        if (!group) return failure(NOT_FOUND.group, `no group named '${name}'`);
        return { ok: true, value: { name: group.config.name, state: this.engine.groupState(group.config.name), owner: group.owner } };
      }),
    );
  }

  resourceStatus(name: string): Promise<Answer<ResourceStatus>> {
    return Promise.resolve(
      this.readable(() => {
        const resource = this.engine.resource(name);
        if (!resource) return failure(NOT_FOUND.resource, `no resource named '${name}'`);
        const owner = this.engine.group(resource.config.group)?.owner ?? null;
        return { ok: true, value: { name: resource.config.name, state: resource.state, owner, group: resource.config.group } };
      }),
    );
  }

  nodeStatus(name: string): Promise<Answer<NodeStatus>> {
    return Promise.resolve(
      this.readable(() => {
        const node = this.engine.model.config.nodes.find((n) => nameKey(n.name) === nameKey(name));
        if (!node) return failure(NOT_FOUND.node, `no node named '${name}'`);
        const state = this.engine.snapshot().runtime.nodes.get(node.name)?.state ?? NodeState.Unknown;
        return { ok: true, value: { name: node.name, state } };
      }),
    );
  }

  async submit(command: ConnectionCommand): Promise<CommandAnswer> {
    const caller: Caller = { principal: this.caller.principal, access: lowerAccess(command.access, this.caller.access) };
    const moveAnswer = this.refuseMove(command, caller);
    if (moveAnswer) return moveAnswer;
    const result = await this.engine.submit(toEngineCommand(command, caller), { client: 'clusapi' });
    return { code: result.code, detail: result.detail, operation: result.operation };
  }

  async nodeCommand(command: NodeCommand): Promise<CommandAnswer> {
    const access = lowerAccess(command.access, this.caller.access);
    if (access !== 'full') return refusal(Win32.ERROR_ACCESS_DENIED, `caller '${this.caller.principal}' has ${access} access; ${command.kind} needs full access`);
    const node = this.canonical('node', command.node);
    if (!node.ok) return { code: node.code, detail: node.detail, operation: null };
    const flagsOk = command.kind === 'pause-node' ? validateFlags('nodePause', command.flags) === Win32.ERROR_SUCCESS : isDword(command.flags);
    if (!flagsOk) return refusal(Win32.ERROR_INVALID_PARAMETER, `flags ${String(command.flags)} are not valid for ${command.kind}`);
    if (command.kind === 'resume-node' && ![0, 1, 2].includes(command.failback)) {
      return refusal(Win32.ERROR_INVALID_PARAMETER, `failback ${String(command.failback)} is not a CLUSTER_NODE_RESUME_FAILBACK_TYPE (0, 1 or 2)`);
    }
    return refusal(Win32.ERROR_HOST_NODE_NOT_AVAILABLE, `node commands need a cluster; this engine runs ${node.value} alone, so there is no other node to drain to or fail back from`);
  }

  /**
   * OnlineClusterGroup with a destination other than the owner is a move, and this engine runs one
   * node's groups; moves belong to the cluster layer. The destination must still name a node
   * (5042, as ApiMoveGroupToNode answers), and any other node cannot host the group here (5005).
   */
  private refuseMove(command: ConnectionCommand, caller: Caller): CommandAnswer | null {
    // Access and flags come first in admission (ARCHITECTURE.md); let the engine give those answers.
    if (command.kind !== 'online-group' || command.destinationNode === undefined || caller.access !== 'full') return null;
    if (validateFlags('groupOnline', command.flags) !== Win32.ERROR_SUCCESS) return null;
    const group = this.engine.group(command.target);
    if (!group) return null;
    const node = this.canonical('node', command.destinationNode);
    if (!node.ok) return { code: node.code, detail: node.detail, operation: null };
    if (group.owner !== null && nameKey(group.owner) === nameKey(node.value)) return null;
    const code = Win32.ERROR_HOST_NODE_NOT_AVAILABLE;
    return { code, detail: failure(code, `group '${group.config.name}' is owned by ${group.owner ?? 'no node'}; moving it to ${node.value} is not supported by an in-process engine`).detail, operation: null };
  }

  private canonical(kind: ObjectKind, name: string): Answer<string> {
    let found: string | undefined;
    if (kind === 'group') found = this.engine.group(name)?.config.name;
    else if (kind === 'resource') found = this.engine.resource(name)?.config.name;
    else found = this.engine.model.config.nodes.find((n) => nameKey(n.name) === nameKey(name))?.name;
    return found === undefined ? failure(NOT_FOUND[kind], `no ${kind} named '${name}'`) : { ok: true, value: found };
  }

  /** Reads need Read access in the security descriptor (wsfc.md §9). */
  private readable<T>(read: () => Answer<T>): Answer<T> {
    if (this.caller.access === 'none') return failure(Win32.ERROR_ACCESS_DENIED, `caller '${this.caller.principal}' has no access to the cluster`);
    return read();
  }
}

function toEngineCommand(command: ConnectionCommand, caller: Caller): EngineCommand {
  const input = command.input !== undefined && command.input.byteLength > 0 ? { inputBytes: command.input } : {};
  switch (command.kind) {
    case 'offline-group':
      return { kind: 'offline-group', group: command.target, flags: command.flags, caller, ...input, ...(command.reason !== undefined ? { reason: command.reason } : {}) };
    case 'offline-resource':
      return { kind: 'offline-resource', resource: command.target, flags: command.flags, caller, ...input, ...(command.reason !== undefined ? { reason: command.reason } : {}) };
    case 'online-group':
      return { kind: 'online-group', group: command.target, flags: command.flags, caller, ...input };
    case 'online-resource':
      return { kind: 'online-resource', resource: command.target, flags: command.flags, caller, ...input };
    case 'move-group':
      return { kind: 'move-group', group: command.target, flags: command.flags, destinationNode: command.destinationNode ?? null, caller, ...input };
    case 'cancel-group':
      return { kind: 'cancel-group', group: command.target, flags: command.flags, caller };
  }
}

function isDword(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

function refusal(code: number, detail: string): CommandAnswer {
  return { code, detail: failure(code, detail).detail, operation: null };
}

/** A connection to `engine` acting for `caller` (its principal and security-descriptor access). */
export function localConnection(engine: Engine, caller: Caller): ClusterConnection {
  return new LocalConnection(engine, caller);
}
