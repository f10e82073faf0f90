/**
 * The typed client of HTTP API v1: one method per route of contract.ts, over TCP with a bearer
 * token or over the daemon's Unix socket. Reads and configuration calls throw an ApiError (a
 * ClusterError) for a non-2xx answer; commands (offline, online, move, cancel, node pause and
 * resume) return their coded answer whatever its code, because a rejection is an answer the caller
 * branches on (as a ClusAPI caller does with its DWORD), not an exception.
 */
import { ClusterError, Win32, errorEntry, errorName } from '../core/errors.js';
import { ApiError, errorFromResponse, isErrorBody, parseJson, type ApiIssue } from './api-error.js';
import type { Connection } from './connection.js';
import type {
  ApplyAnswer,
  ApplyBody,
  CancelBody,
  ClusterView,
  CommandAnswer,
  CommandBody,
  ConfigView,
  EventMessage,
  GroupStateView,
  GroupView,
  MoveBody,
  NodeCommandAnswer,
  NodePauseBody,
  NodeResumeBody,
  NodeView,
  OperationView,
  ResourceStateView,
  ResourceView,
  TokenCreateBody,
  TokenCreated,
  TokenView,
  WhoAmI,
} from './contract.js';
import { readEventStream, type EventStreamOptions, type OpenedStream } from './events.js';
import { HttpTransport, type TransportOptions, type TransportRequest } from './transport.js';

/** A command's answer; `issues` is kept when the server explains a 400 body by its paths. */
export type CommandResult = CommandAnswer & { readonly issues?: readonly ApiIssue[] };

export interface OperationFilters {
  readonly limit?: number;
  readonly principal?: string;
  readonly target?: string;
  readonly kind?: OperationView['kind'];
  readonly outcome?: OperationView['outcome'];
}

export type ClientOptions = TransportOptions;

export class WolfpackClient {
  private readonly transport: HttpTransport;

  constructor(readonly connection: Connection, options: ClientOptions = {}) {
    this.transport = new HttpTransport(connection, options);
  }

  /** "http://127.0.0.1:7420" or "unix:/path/wolfpack.sock", for messages. */
  get label(): string {
    return this.transport.label;
  }

  /** Releases the keep-alive sockets; open event streams end too. */
  close(): void {
    this.transport.close();
  }

  getCluster(): Promise<ClusterView> {
    return this.get('/v1/cluster');
  }

  listNodes(): Promise<NodeView[]> {
    return this.get('/v1/nodes');
  }

  /** One node; an unknown name throws an ApiError with 5042 (HTTP 404). */
  getNode(name: string): Promise<NodeView> {
    return this.get(`/v1/nodes/${seg(name)}`);
  }

  /** PauseClusterNodeEx: `drain` defaults to true on the server. */
  pauseNode(name: string, body: NodePauseBody = {}): Promise<NodeCommandAnswer> {
    return this.command(`/v1/nodes/${seg(name)}/pause`, body);
  }

  /** ResumeClusterNodeEx: `failback` defaults to none. */
  resumeNode(name: string, body: NodeResumeBody = {}): Promise<NodeCommandAnswer> {
    return this.command(`/v1/nodes/${seg(name)}/resume`, body);
  }

  listGroups(): Promise<GroupView[]> {
    return this.get('/v1/groups');
  }

  getGroup(name: string): Promise<GroupView> {
    return this.get(`/v1/groups/${seg(name)}`);
  }

  getGroupState(name: string): Promise<GroupStateView> {
    return this.get(`/v1/groups/${seg(name)}/state`);
  }

  offlineGroup(name: string, body: CommandBody = {}): Promise<CommandResult> {
    return this.command(`/v1/groups/${seg(name)}/offline`, body);
  }

  onlineGroup(name: string, body: CommandBody = {}): Promise<CommandResult> {
    return this.command(`/v1/groups/${seg(name)}/online`, body);
  }

  /** MoveClusterGroupEx: `to` absent or null lets the cluster pick the node. */
  moveGroup(name: string, body: MoveBody = {}): Promise<CommandResult> {
    return this.command(`/v1/groups/${seg(name)}/move`, body);
  }

  /** CancelClusterGroupOperation: ends a queued move (0) or stops one before its handover (997). */
  cancelGroup(name: string, body: CancelBody = {}): Promise<CommandResult> {
    return this.command(`/v1/groups/${seg(name)}/cancel`, body);
  }

  listResources(): Promise<ResourceView[]> {
    return this.get('/v1/resources');
  }

  getResource(name: string): Promise<ResourceView> {
    return this.get(`/v1/resources/${seg(name)}`);
  }

  getResourceState(name: string): Promise<ResourceStateView> {
    return this.get(`/v1/resources/${seg(name)}/state`);
  }

  offlineResource(name: string, body: CommandBody = {}): Promise<CommandResult> {
    return this.command(`/v1/resources/${seg(name)}/offline`, body);
  }

  onlineResource(name: string, body: CommandBody = {}): Promise<CommandResult> {
    return this.command(`/v1/resources/${seg(name)}/online`, body);
  }

  /** Newest first. */
  listOperations(filters: OperationFilters = {}): Promise<OperationView[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) query.set(key, String(value));
    const text = query.toString();
    return this.get(`/v1/operations${text ? `?${text}` : ''}`);
  }

  getOperation(id: string): Promise<OperationView> {
    return this.get(`/v1/operations/${seg(id)}`);
  }

  getConfig(): Promise<ConfigView> {
    return this.get('/v1/config');
  }

  /**
   * A refused configuration comes back as an ApplyAnswer when the server answers with one (the diff
   * and code are still worth showing); a validation failure with issues is thrown as an ApiError.
   */
  async applyConfig(body: ApplyBody): Promise<ApplyAnswer> {
    const res = await this.transport.request({ method: 'POST', path: '/v1/config', body, headers: this.auth() });
    const parsed = parseJson(res.text);
    if (res.status >= 200 && res.status < 300 && parsed !== undefined) return parsed as ApplyAnswer;
    if (isErrorBody(parsed) && Array.isArray((parsed as Partial<ApplyAnswer>).diff) && !(parsed.issues && parsed.issues.length > 0)) return parsed as unknown as ApplyAnswer;
    throw errorFromResponse(res.status, res.text, 'POST /v1/config');
  }

  listTokens(): Promise<TokenView[]> {
    return this.get('/v1/tokens');
  }

  createToken(body: TokenCreateBody): Promise<TokenCreated> {
    return this.call({ method: 'POST', path: '/v1/tokens', body });
  }

  revokeToken(id: string): Promise<TokenView> {
    return this.call({ method: 'DELETE', path: `/v1/tokens/${seg(id)}` });
  }

  whoami(): Promise<WhoAmI> {
    return this.get('/v1/whoami');
  }

  /** Prometheus exposition text. */
  async metrics(): Promise<string> {
    const res = await this.transport.request({ method: 'GET', path: '/metrics', headers: { ...this.auth(), accept: 'text/plain' } });
    if (res.status !== 200) throw errorFromResponse(res.status, res.text, 'GET /metrics');
    return res.text;
  }

  openApi(): Promise<unknown> {
    return this.get('/v1/openapi.json');
  }

  /** Every event after `lastEventId` (or from now), reconnecting and resuming until `signal` aborts. */
  events(options: EventStreamOptions = {}): AsyncGenerator<EventMessage, void, undefined> {
    const open = async (lastEventId: string | null, signal: AbortSignal): Promise<OpenedStream> => {
      const headers: Record<string, string> = { ...this.auth(), accept: 'text/event-stream' };
      if (lastEventId !== null) headers['last-event-id'] = lastEventId;
      const res = await this.transport.stream({ method: 'GET', path: '/v1/events', headers, signal });
      return {
        status: res.status,
        contentType: res.contentType,
        body: res.body,
        close: () => res.body.destroy(),
        text: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of res.body) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      };
    };
    return readEventStream(open, (status, text) => errorFromResponse(status, text, 'GET /v1/events'), options);
  }

  private get<T>(path: string): Promise<T> {
    return this.call({ method: 'GET', path });
  }

  private async call<T>(req: TransportRequest): Promise<T> {
    const res = await this.transport.request({ ...req, headers: { ...this.auth(), ...req.headers } });
    if (res.status < 200 || res.status >= 300) throw errorFromResponse(res.status, res.text, `${req.method} ${req.path}`);
    const parsed = parseJson(res.text);
    if (parsed === undefined) throw new ApiError(Win32.ERROR_INVALID_DATA, `${req.method} ${req.path} answered with something that is not JSON`, res.status);
    return parsed as T;
  }

  private async command(path: string, body: CommandBody | MoveBody | CancelBody | NodePauseBody | NodeResumeBody): Promise<CommandResult> {
    const res = await this.transport.request({ method: 'POST', path, body, headers: this.auth() });
    const parsed = parseJson(res.text);
    if (!isErrorBody(parsed)) throw errorFromResponse(res.status, res.text, `POST ${path}`);
    const answer = parsed as Partial<CommandAnswer> & { code: number; name: string; issues?: unknown };
    return {
      code: answer.code,
      name: answer.name || errorName(answer.code),
      message: typeof answer.message === 'string' ? answer.message : errorEntry(answer.code).message,
      operation: typeof answer.operation === 'string' ? answer.operation : null,
      ...(answer.plan ? { plan: answer.plan } : {}),
      ...(Array.isArray(answer.issues) && answer.issues.length > 0 ? { issues: answer.issues as ApiIssue[] } : {}),
    };
  }

  private auth(): Record<string, string> {
    const c = this.connection;
    return c.kind === 'tcp' && c.token !== null ? { authorization: `Bearer ${c.token}` } : {};
  }
}

/** Names may hold spaces and slashes ("SQL Server (MSSQLSERVER)"): one path segment each. */
function seg(name: string): string {
  if (name === '') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'a name must not be empty');
  return encodeURIComponent(name);
}
