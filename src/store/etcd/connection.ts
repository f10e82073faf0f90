/**
 * The members and which one we talk to. One etcd3 client per member, used for its gRPC plumbing
 * only (the proto, channels, metadata): calls are made on the raw gRPC client, because etcd3's own
 * call path resends a failed call to a random member, including a write that may already have been
 * applied, and closes every stream to a member when one call to it fails. Here calls stick to one
 * member (the first endpoint, so a node lists its local member first) and move to the next when it
 * fails; a write is resent only when it provably never reached a member that could apply it (see
 * errors.ts).
 */
import {
  Etcd3, type ICompactionRequest, type ICompactionResponse, type IDeleteRangeRequest, type IDeleteRangeResponse,
  type ILeaseGrantRequest, type ILeaseGrantResponse, type ILeaseRevokeRequest, type ILeaseRevokeResponse,
  type ILeaseTimeToLiveRequest, type ILeaseTimeToLiveResponse, type IOptions, type IPutRequest, type IPutResponse,
  type IRangeRequest, type IRangeResponse, type ITxnRequest, type ITxnResponse,
} from 'etcd3';
import { classify, closedError, mapAnswer, outcomeUnknown, unreachable } from './errors.js';

export interface ConnectionOptions {
  /** Deadline of one request to one member (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  /** How long a call keeps trying members before it fails with 1722 (default 10000 ms). */
  readonly failoverTimeoutMs?: number;
  /**
   * gRPC keepalive ping interval while streams are open (default 10000 ms), so a watch on a frozen
   * member or a silent network is noticed. etcd refuses pings more often than every 5 s.
   */
  readonly keepaliveMs?: number;
}

/** What a stream call gives back: grpc-js's ClientDuplexStream, the part we use. */
export interface DuplexStream<Req, Res> {
  write(message: Req): boolean;
  end(): void;
  cancel(): void;
  on(event: 'data', listener: (message: Res) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'end' | 'close', listener: () => void): this;
}

type FaultHandling = NonNullable<IOptions['faultHandling']>;
type Policy = NonNullable<FaultHandling['global']>;
type Service = 'KV' | 'Lease' | 'Watch';
type Callback = (error: Error | null, response: unknown) => void;
type RawMethod = (...args: unknown[]) => unknown;

/** A cockatiel policy that only calls through: fault handling is ours (see the header). */
const passThrough = {
  execute: <T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T) => Promise.resolve(fn({ signal: new AbortController().signal })),
} as unknown as Policy;

/** etcd3's client bound to one member, opened up for its connection pool (a protected member). */
class MemberChannels extends Etcd3 {
  connection(service: Service): Promise<{ client: unknown; metadata: { set(key: string, value: string): void } }> {
    return this.pool.withConnection(service, ({ client, metadata }) => ({ client, metadata }));
  }
}

export class MemberClient {
  private readonly channels: MemberChannels;

  constructor(
    readonly endpoint: string,
    private readonly requestTimeoutMs: number,
    keepaliveMs: number,
  ) {
    this.channels = new MemberChannels({
      hosts: endpoint,
      faultHandling: { host: () => passThrough, global: passThrough },
      grpcOptions: {
        'grpc.keepalive_time_ms': keepaliveMs,
        'grpc.keepalive_timeout_ms': Math.min(keepaliveMs, 5_000),
        // A restarted member is tried again within a second, not after grpc's backoff of up to 2 min.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1_000,
        // Take the whole range of a large prefix (the default caps a message at 4 MiB).
        'grpc.max_receive_message_length': 256 * 1024 * 1024,
      },
    });
  }

  close(): void {
    this.channels.close();
  }

  /** The member's raw gRPC client for `service` and fresh call metadata. */
  private async raw(service: Service): Promise<{ method: (name: string) => RawMethod; metadata: { set(key: string, value: string): void } }> {
    const { client, metadata } = await this.channels.connection(service);
    const methods = client as unknown as Record<string, RawMethod | undefined>;
    return {
      metadata,
      method: (name) => {
        const fn = methods[name];
        if (!fn) throw new Error(`etcd3's ${service} client has no ${name} method`);
        return fn.bind(client);
      },
    };
  }

  private async unary<Req, Res>(service: Service, name: string, request: Req): Promise<Res> {
    const { method, metadata } = await this.raw(service);
    return new Promise<Res>((resolve, reject) => {
      const callback: Callback = (error, response) => (error ? reject(error) : resolve(response as Res));
      method(name)(request, metadata, { deadline: Date.now() + this.requestTimeoutMs }, callback);
    });
  }

  range = (r: IRangeRequest): Promise<IRangeResponse> => this.unary('KV', 'range', r);
  put = (r: IPutRequest): Promise<IPutResponse> => this.unary('KV', 'put', r);
  deleteRange = (r: IDeleteRangeRequest): Promise<IDeleteRangeResponse> => this.unary('KV', 'deleteRange', r);
  txn = (r: ITxnRequest): Promise<ITxnResponse> => this.unary('KV', 'txn', r);
  compact = (r: ICompactionRequest): Promise<ICompactionResponse> => this.unary('KV', 'compact', r);
  leaseGrant = (r: ILeaseGrantRequest): Promise<ILeaseGrantResponse> => this.unary('Lease', 'leaseGrant', r);
  leaseRevoke = (r: ILeaseRevokeRequest): Promise<ILeaseRevokeResponse> => this.unary('Lease', 'leaseRevoke', r);
  leaseTimeToLive = (r: ILeaseTimeToLiveRequest): Promise<ILeaseTimeToLiveResponse> => this.unary('Lease', 'leaseTimeToLive', r);

  /**
   * Opens a bidirectional stream. `hasleader` is etcd's require-leader flag: a member cut off from
   * the quorum ends the stream with "no leader" instead of leaving a watch silently stalled.
   */
  async stream<Req, Res>(service: 'Watch' | 'Lease', name: 'watch' | 'leaseKeepAlive', deadline?: number): Promise<DuplexStream<Req, Res>> {
    const { method, metadata } = await this.raw(service);
    metadata.set('hasleader', 'true');
    return method(name)(metadata, deadline === undefined ? {} : { deadline }) as DuplexStream<Req, Res>;
  }
}

/** 'always': reads and writes that are harmless twice. 'unsent': writes that must not be doubled. */
export type Resend = 'always' | 'unsent';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class MemberPool {
  readonly endpoints: readonly string[];
  readonly requestTimeoutMs: number;
  readonly failoverTimeoutMs: number;
  private readonly members: MemberClient[];
  private current = 0;
  private closed = false;

  constructor(endpoints: readonly string[], options: ConnectionOptions = {}) {
    this.endpoints = endpoints;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
    this.failoverTimeoutMs = options.failoverTimeoutMs ?? 10_000;
    const keepalive = options.keepaliveMs ?? 10_000;
    this.members = endpoints.map((e) => new MemberClient(e, this.requestTimeoutMs, keepalive));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The member calls go to now. */
  get endpoint(): string {
    return this.endpoints[this.current] as string;
  }

  ensureOpen(): void {
    if (this.closed) throw closedError();
  }

  /** The member to use now, and its index for failed(). */
  pick(): { index: number; client: MemberClient } {
    this.ensureOpen();
    return { index: this.current, client: this.members[this.current] as MemberClient };
  }

  /** Member `index` failed: later calls go to the next one (unless another caller moved on already). */
  failed(index: number): void {
    if (this.current === index) this.current = (index + 1) % this.members.length;
  }

  /**
   * Runs `fn` on the current member, moving to the next on a transport failure, until it succeeds,
   * etcd answers (mapped to its ClusterError), a write's outcome becomes unknown, or
   * failoverTimeoutMs passes (1722).
   */
  async call<T>(what: string, resend: Resend, fn: (client: MemberClient) => Promise<T>): Promise<T> {
    const started = Date.now();
    let failures = 0;
    for (;;) {
      const { index, client } = this.pick();
      try {
        return await fn(client);
      } catch (error) {
        if (this.closed) throw closedError();
        const kind = classify(error);
        if (kind === 'answer') throw mapAnswer(error, what);
        this.failed(index);
        if (kind === 'unknown' && resend === 'unsent') throw outcomeUnknown(what, client.endpoint, error);
        failures += 1;
        const waited = Date.now() - started;
        if (waited >= this.failoverTimeoutMs) throw unreachable(what, this.endpoints, waited, error);
        // Every member failed once in a row: the cluster is electing or restarting; pause between rounds.
        if (failures % this.members.length === 0) await sleep(Math.min(25 * 2 ** (failures / this.members.length), 500));
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const member of this.members) member.close();
  }
}
