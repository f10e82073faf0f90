/**
 * HTTP over TCP or a Unix socket with node:http (fetch cannot reach a Unix socket without undici's
 * dispatcher, which is not a dependency). One keep-alive agent per client, destroyed by close(),
 * so a test or a CLI run never leaves a socket holding the event loop open.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { ClusterError, Win32 } from '../core/errors.js';
import { connectionLabel, type Connection } from './connection.js';

export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path and query under the server's base, e.g. "/v1/groups/G". */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface TextResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface StreamResponse {
  readonly status: number;
  readonly contentType: string;
  /** The body as it arrives; destroy it to hang up. */
  readonly body: http.IncomingMessage;
}

export interface TransportOptions {
  /** Request deadline for ordinary calls (not event streams). */
  readonly timeoutMs?: number;
  /** Sent as User-Agent and X-Wolfpack-Client so the operation log can say which surface asked. */
  readonly clientName?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class HttpTransport {
  readonly label: string;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly clientName: string;

  constructor(readonly connection: Connection, options: TransportOptions = {}) {
    this.label = connectionLabel(connection);
    const secure = connection.kind === 'tcp' && connection.url.protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clientName = options.clientName ?? 'client';
  }

  async request(req: TransportRequest): Promise<TextResponse> {
    const res = await this.send(req, this.timeoutMs);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of res) chunks.push(chunk as Buffer);
    } catch (error) {
      throw this.translate(error);
    }
    return { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** A long-lived response (SSE): no deadline; ends when the server hangs up or `signal` aborts. */
  async stream(req: TransportRequest): Promise<StreamResponse> {
    const res = await this.send(req, 0);
    return { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: res };
  }

  close(): void {
    this.agent.destroy();
  }

  private send(req: TransportRequest, timeoutMs: number): Promise<http.IncomingMessage> {
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': `wolfpack-${this.clientName}/0.1.0`,
      'x-wolfpack-client': this.clientName,
      ...req.headers,
    };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const target = this.target(req.path);
    const options: http.RequestOptions = { ...target, method: req.method, headers, agent: this.agent, ...(req.signal ? { signal: req.signal } : {}) };
    const secure = this.connection.kind === 'tcp' && this.connection.url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https.request : http.request)(options, resolve);
      request.on('error', (error) => reject(this.translate(error)));
      if (timeoutMs > 0) {
        request.setTimeout(timeoutMs, () => request.destroy(new ClusterError(Win32.WAIT_TIMEOUT, `${this.label} did not answer ${req.method} ${req.path} within ${timeoutMs / 1000} s`)));
      }
      request.end(payload);
    });
  }

  private target(path: string): http.RequestOptions {
    const c = this.connection;
    if (c.kind === 'socket') return { socketPath: c.socketPath, path };
    const base = c.url.pathname.replace(/\/$/, '');
    return { protocol: c.url.protocol, hostname: c.url.hostname.replace(/^\[|\]$/g, ''), port: c.url.port || (c.url.protocol === 'https:' ? 443 : 80), path: `${base}${path}` };
  }

  /** Socket errors become cluster codes with a sentence a person can act on. */
  private translate(error: unknown): Error {
    if (error instanceof ClusterError) return error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')) return error as Error;
    if (code === 'EACCES' || code === 'EPERM') {
      return new ClusterError(Win32.ERROR_ACCESS_DENIED, `cannot open ${this.label}: permission denied (the socket is its owner's only; use --server URL and --token)`);
    }
    if (typeof code === 'string' && UNREACHABLE.has(code)) {
      return new ClusterError(UNREACHABLE_CODE, `cannot reach wolfpack at ${this.label} (${code}): is \`wolfpack serve\` running?`);
    }
    return new ClusterError(UNREACHABLE_CODE, `lost the connection to ${this.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** ERROR_CLUSTER_NODE_UNREACHABLE: "The node cannot be reached." (exit code 8, unavailable). */
export const UNREACHABLE_CODE = Win32.ERROR_CLUSTER_NODE_UNREACHABLE;

const UNREACHABLE: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOENT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ENOTSOCK', 'EPIPE']);
