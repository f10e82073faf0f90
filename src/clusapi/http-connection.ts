/**
 * The remote ClusterConnection: the facade over HTTP API v1 through the typed client (src/client),
 * over TCP with a bearer token or over the daemon's owner-only Unix socket. The server decides what
 * it can (access, names, flags, input list, state, locked) and records it; this adapter translates
 * and answers only what the API cannot carry:
 * - a handle opened with less access than its principal holds (a Read handle over a Full token):
 *   the API has no way to act below the token's level, so that refusal (5) is given here, before
 *   sending, and is not in the operation log;
 * - OnlineClusterGroup(Ex) with a destination node: the online route takes no destination, so the
 *   move check local-connection.ts makes (5042 / 5005) is made here over the reads (moves go to
 *   POST /v1/groups/:name/move, which takes one);
 * - a flags value that is not a DWORD, or a failback outside 0..2: the API's schema refuses it
 *   unrecorded, so its answer (5 or 87, in admission order) is given here.
 *
 * Addresses (cluster-registry.ts): "http://host:port", "https://...", "unix:/path/wolfpack.sock";
 * OpenCluster(NULL) with no in-process cluster resolves like the CLI (src/client resolveConnection):
 * WOLFPACK_SERVER, then ./.wolfpack/wolfpack.sock, then http://127.0.0.1:7420. The token is the one
 * given to setClusterToken, else WOLFPACK_TOKEN, and goes to TCP only. A daemon that cannot be
 * reached is 1722 RPC_S_SERVER_UNAVAILABLE, at open and on every later call.
 */
import { ApiError, UNREACHABLE_CODE, WolfpackClient, fromServer, resolveConnection, type CommandResult, type Connection, type FailbackWord } from '../client/index.js';
import type { Access } from '../core/commands.js';
import { Win32, describeCode, isClusterError } from '../core/errors.js';
import { validateFlags } from '../core/flags.js';
import { nameKey } from '../core/model.js';
import type { GroupState, NodeState, ResourceState } from '../core/states.js';
import { lowerAccess } from './access.js';
import { registerClusterConnector, registerDefaultClusterConnector } from './cluster-registry.js';
import type { Answer, ClusterConnection, CommandAnswer, ConnectionCommand, GroupStatus, NodeCommand, NodeStatus, ObjectKind, ResourceStatus } from './connection.js';
import { RPC_S_SERVER_UNAVAILABLE } from './constants.js';

/** Sent as X-Wolfpack-Client, so the operation log says the facade asked. */
const CLIENT_NAME = 'clusapi';

const NOT_FOUND: Readonly<Record<ObjectKind, number>> = {
  node: Win32.ERROR_CLUSTER_NODE_NOT_FOUND,
  group: Win32.ERROR_GROUP_NOT_FOUND,
  resource: Win32.ERROR_RESOURCE_NOT_FOUND,
};

type Failure = { readonly ok: false; readonly code: number; readonly detail: string };

function failure(code: number, detail: string): Failure {
  return { ok: false, code, detail: `${describeCode(code)}: ${detail}` };
}

/**
 * A thrown client error as an answer. An ApiError is the server's answer and keeps its code; any
 * other ClusterError is the transport's: a daemon that is not there, hung up or did not answer in
 * time is 1722, as an RPC client sees a server that went away. Anything else is a bug.
 */
function failureFrom(error: unknown): Failure {
  if (!isClusterError(error)) throw error;
  if (error instanceof ApiError) return { ok: false, code: error.code, detail: error.message };
  const unreachable = error.code === UNREACHABLE_CODE || error.code === Win32.WAIT_TIMEOUT;
  return unreachable ? failure(RPC_S_SERVER_UNAVAILABLE, error.detail) : { ok: false, code: error.code, detail: error.message };
}

function refusal(code: number, detail: string): CommandAnswer {
  return { code, detail: failure(code, detail).detail, operation: null };
}

const RANK: Readonly<Record<Access, number>> = { none: 0, read: 1, full: 2 };

const FAILBACK_WORDS: Readonly<Record<number, FailbackWord>> = { 0: 'none', 1: 'immediate', 2: 'policy' };

class HttpConnection implements ClusterConnection {
  constructor(
    private readonly client: WolfpackClient,
    readonly clusterName: string,
    readonly principal: string,
    /** As whoami answered at open; the server checks the token again on every request. */
    private readonly access: Access,
  ) {}

  grantedAccess(): Promise<Access> {
    return Promise.resolve(this.access);
  }

  async findObject(kind: ObjectKind, name: string): Promise<Answer<string>> {
    if (kind === 'node') {
      const node = await this.nodeStatus(name);
      return node.ok ? { ok: true, value: node.value.name } : node;
    }
    return this.read(kind, name, async () => (kind === 'group' ? await this.client.getGroup(name) : await this.client.getResource(name)).name);
  }

  groupStatus(name: string): Promise<Answer<GroupStatus>> {
    return this.read('group', name, async () => {
      const view = await this.client.getGroupState(name);
      // GroupStateView.name is the state's name; the handle already holds the group's canonical one.
      return { name, state: view.state as GroupState, owner: view.owner };
    });
  }

  resourceStatus(name: string): Promise<Answer<ResourceStatus>> {
    return this.read('resource', name, async () => {
      const view = await this.client.getResourceState(name);
      return { name, state: view.state as ResourceState, owner: view.owner, group: view.group };
    });
  }

  nodeStatus(name: string): Promise<Answer<NodeStatus>> {
    return this.read('node', name, async () => {
      const view = await this.client.getNode(name);
      return { name: view.name, state: view.state as NodeState };
    });
  }

  async submit(command: ConnectionCommand): Promise<CommandAnswer> {
    const refused = this.refuseLocally(command.kind, command.access, command.flags);
    if (refused) return refused;
    const moveAnswer = await this.refuseMove(command, command.access);
    if (moveAnswer) return moveAnswer;
    return this.answer(() => this.send(command));
  }

  async nodeCommand(command: NodeCommand): Promise<CommandAnswer> {
    const refused = this.refuseLocally(command.kind, command.access, command.flags);
    if (refused) return refused;
    if (command.kind === 'pause-node') return this.answer(() => this.client.pauseNode(command.node, { flags: command.flags, drain: command.drain }));
    const failback = FAILBACK_WORDS[command.failback];
    if (failback === undefined) return refusal(Win32.ERROR_INVALID_PARAMETER, `failback ${String(command.failback)} is not a CLUSTER_NODE_RESUME_FAILBACK_TYPE (0, 1 or 2)`);
    return this.answer(() => this.client.resumeNode(command.node, { failback, flags: command.flags }));
  }

  /** What the API cannot carry (see the header): a handle below the token's access, flags that are not a DWORD. */
  private refuseLocally(kind: string, handleAccess: Access, flags: number): CommandAnswer | null {
    const access = lowerAccess(handleAccess, this.access);
    if (RANK[access] < RANK[this.access]) {
      // The API acts with the token's access and has no way to act below it (see the header).
      return refusal(Win32.ERROR_ACCESS_DENIED, `the handle was opened with ${handleAccess} access; ${kind} needs full access`);
    }
    if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) {
      // Access comes before flags in admission (ARCHITECTURE.md "Operations").
      if (access !== 'full') return refusal(Win32.ERROR_ACCESS_DENIED, `principal '${this.principal}' has ${access} access; ${kind} needs full access`);
      return refusal(Win32.ERROR_INVALID_PARAMETER, `flags ${String(flags)} is not a DWORD`);
    }
    return null;
  }

  private async answer(send: () => Promise<Pick<CommandResult, 'code' | 'message' | 'operation'>>): Promise<CommandAnswer> {
    try {
      const result = await send();
      return { code: result.code, detail: result.message, operation: result.operation };
    } catch (error) {
      const failed = failureFrom(error);
      return { code: failed.code, detail: failed.detail, operation: null };
    }
  }

  private send(command: ConnectionCommand): Promise<CommandResult> {
    const { target, flags } = command;
    // Base64 CLUSPROP bytes, not the JSON form, so the list reaches the cluster byte for byte.
    const input = command.input !== undefined && command.input.byteLength > 0 ? { propertiesBase64: Buffer.from(command.input.buffer, command.input.byteOffset, command.input.byteLength).toString('base64') } : {};
    const reason = command.reason !== undefined ? { reason: command.reason } : {};
    switch (command.kind) {
      case 'offline-group':
        return this.client.offlineGroup(target, { flags, ...reason, ...input });
      case 'online-group':
        return this.client.onlineGroup(target, { flags, ...input });
      case 'offline-resource':
        return this.client.offlineResource(target, { flags, ...reason, ...input });
      case 'online-resource':
        return this.client.onlineResource(target, { flags, ...input });
      case 'move-group':
        return this.client.moveGroup(target, { to: command.destinationNode ?? null, flags, ...input });
      case 'cancel-group':
        return this.client.cancelGroup(target, { flags });
    }
  }

  /**
   * As local-connection.ts: a destination other than the owner is a move, which a node's API does
   * not do (5005); the destination must name a node (5042). Access, flags and an unknown group are
   * left to the server, which answers them in admission order and records them.
   */
  private async refuseMove(command: ConnectionCommand, handleAccess: Access): Promise<CommandAnswer | null> {
    const access = lowerAccess(handleAccess, this.access);
    if (command.kind !== 'online-group' || command.destinationNode === undefined || access !== 'full') return null;
    if (validateFlags('groupOnline', command.flags) !== Win32.ERROR_SUCCESS) return null;
    const group = await this.groupStatus(command.target);
    if (!group.ok) return group.code === NOT_FOUND.group ? null : { code: group.code, detail: group.detail, operation: null };
    const node = await this.nodeStatus(command.destinationNode);
    if (!node.ok) return { code: node.code, detail: node.detail, operation: null };
    if (group.value.owner !== null && nameKey(group.value.owner) === nameKey(node.value.name)) return null;
    return refusal(Win32.ERROR_HOST_NODE_NOT_AVAILABLE, `group '${command.target}' is owned by ${group.value.owner ?? 'no node'}; moving it to ${node.value.name} is not supported over the API`);
  }

  /** A read, with HTTP 404 as the kind's "not found" code and transport failures as 1722. */
  private async read<T>(kind: ObjectKind, name: string, fetch: () => Promise<T>): Promise<Answer<T>> {
    if (name === '') return failure(NOT_FOUND[kind], `no ${kind} named ''`);
    try {
      return { ok: true, value: await fetch() };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return failure(NOT_FOUND[kind], `no ${kind} named '${name}'`);
      return failureFrom(error);
    }
  }
}

/**
 * A connection over `client`, checked by asking the daemon who the client is and the cluster's
 * name: 1722 when nothing answers, 5 when the token is missing, unknown or revoked. The client is
 * the caller's to close; give it `clientName: 'clusapi'` to have operations recorded as the facade's.
 */
export async function httpConnection(client: WolfpackClient): Promise<Answer<ClusterConnection>> {
  try {
    const [who, cluster] = await Promise.all([client.whoami(), client.getCluster()]);
    return { ok: true, value: new HttpConnection(client, cluster.name, who.principal, who.access) };
  } catch (error) {
    return failureFrom(error);
  }
}

let configuredToken: string | null = null;

/**
 * The bearer token OpenCluster sends to http(s) addresses from now on; null goes back to
 * WOLFPACK_TOKEN. Process-wide, like the environment variable, so programs translated from C keep
 * their OpenCluster calls unchanged. Handles already open keep the token they were opened with.
 */
export function setClusterToken(token: string | null): void {
  configuredToken = token === null || token.trim() === '' ? null : token.trim();
}

async function connect(resolve: (token: string | undefined, cwd: string) => Connection): Promise<Answer<ClusterConnection>> {
  let connection: Connection;
  try {
    connection = resolve(configuredToken ?? undefined, process.cwd());
  } catch (error) {
    // An address that is not one (fromServer's 87) reaches no cluster: OpenCluster's 1722.
    if (!isClusterError(error)) throw error;
    return failure(RPC_S_SERVER_UNAVAILABLE, error.detail);
  }
  const client = new WolfpackClient(connection, { clientName: CLIENT_NAME });
  const answer = await httpConnection(client);
  // Handles are closed without telling the connection, so its client is never closed; idle
  // keep-alive sockets are unref'd by node:http and do not hold the process open.
  if (!answer.ok) client.close();
  return answer;
}

/** Opens the daemon at `address` ("http://127.0.0.1:7420", "unix:/path/wolfpack.sock"). */
export function connectRemoteCluster(address: string): Promise<Answer<ClusterConnection>> {
  return connect((token, cwd) => fromServer(address, token ?? nonEmpty(process.env['WOLFPACK_TOKEN']) ?? null, cwd));
}

/** The daemon OpenCluster(NULL) means when no in-process cluster is registered, found as the CLI finds it. */
export function connectDefaultCluster(): Promise<Answer<ClusterConnection>> {
  return connect((token, cwd) => resolveConnection({ token }, process.env, cwd));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Registers the http:, https: and unix: connectors and the NULL fallback; returns the undo. */
export function registerRemoteConnectors(): () => void {
  const undo = [
    registerClusterConnector('http:', connectRemoteCluster),
    registerClusterConnector('https:', connectRemoteCluster),
    registerClusterConnector('unix:', connectRemoteCluster),
    registerDefaultClusterConnector(connectDefaultCluster),
  ];
  return () => {
    for (const u of [...undo].reverse()) u();
  };
}
