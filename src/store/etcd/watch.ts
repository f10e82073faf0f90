/**
 * One prefix watch on etcd that survives member loss. Each watch has its own gRPC stream to the
 * member the store talks to; when the stream fails (member killed, frozen past the keepalive, or
 * cut off from the quorum: the stream carries etcd's require-leader flag) the watch opens a new
 * one on the next member, from the revision after the last one it delivered. etcd never splits
 * one revision's events across responses (fragmenting is off), so "after the last delivered
 * revision" is exact: no event is lost and none comes twice.
 */
import type { IWatchRequest, IWatchResponse } from 'etcd3';
import { ClusterError, Win32 } from '../../core/errors.js';
import type { WatchEvent, Watcher } from '../port.js';
import { toNumber, type Keyspace } from './codec.js';
import type { DuplexStream, MemberPool } from './connection.js';
import { classify, mapAnswer, unreachable } from './errors.js';

export interface EtcdWatchSpec {
  readonly prefix: string;
  /** Deliver from this revision; undefined: from the revision after the one current when etcd registers the watch. */
  readonly fromRevision: number | undefined;
  readonly listener: (event: WatchEvent) => void;
  readonly onError: ((error: Error) => void) | undefined;
}

type Stream = DuplexStream<IWatchRequest, IWatchResponse>;

/** Longest pause between reconnection rounds while no member serves the watch. */
const MAX_BACKOFF_MS = 1_000;

export class EtcdWatch implements Watcher {
  private stream: Stream | null = null;
  private stopped = false;
  /** The next revision to deliver; 0 until etcd says which revision "now" is. */
  private nextRevision: number;
  private failures = 0;
  /** Whether the member of the current stream has confirmed the watch. */
  private registered = false;
  private timer: NodeJS.Timeout | null = null;
  private starting: { resolve: () => void; reject: (error: Error) => void; deadline: number } | null = null;
  private readonly range: { key: Buffer; range_end: Buffer };

  constructor(
    private readonly pool: MemberPool,
    private readonly keys: Keyspace,
    private readonly spec: EtcdWatchSpec,
    private readonly detach: (watch: EtcdWatch) => void,
  ) {
    this.range = keys.range(spec.prefix);
    // etcd's start_revision 0 means "now"; the port's 0 means "from the beginning", which is 1.
    this.nextRevision = spec.fromRevision === undefined ? 0 : Math.max(1, spec.fromRevision);
  }

  /** Resolves once a member has registered the watch, so every later write reaches it. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.starting = { resolve, reject, deadline: Date.now() + this.pool.failoverTimeoutMs };
      this.connect();
    });
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    const { index, client } = this.pool.pick();
    client.stream<IWatchRequest, IWatchResponse>('Watch', 'watch').then(
      (stream) => this.attach(stream, index),
      (error: unknown) => this.broken(null, index, error),
    );
  }

  private attach(stream: Stream, index: number): void {
    stream.on('error', (error) => this.broken(stream, index, error));
    if (this.stopped) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    stream.on('end', () => this.broken(stream, index, new Error('etcd ended the watch stream')));
    stream.on('data', (response) => this.receive(stream, index, response));
    // A member that accepts the stream but never registers the watch (frozen) is as good as gone.
    const unanswered = setTimeout(() => {
      if (this.stream === stream && !this.registered) {
        this.broken(stream, index, new Error(`etcd member ${this.pool.endpoints[index] ?? '?'} did not register the watch within ${this.pool.requestTimeoutMs} ms`));
      }
    }, this.pool.requestTimeoutMs);
    unanswered.unref();
    this.registered = false;
    stream.write({ create_request: { ...this.range, start_revision: this.nextRevision, progress_notify: false, prev_kv: false } });
  }

  private receive(stream: Stream, index: number, response: IWatchResponse): void {
    if (this.stopped || stream !== this.stream) return;
    const compacted = toNumber(response.compact_revision);
    if (compacted > 0) {
      this.fail(new ClusterError(
        Win32.ERROR_INVALID_STATE,
        `Cannot watch from revision ${this.nextRevision}: history before revision ${compacted} was compacted. Read the current state and watch from its revision + 1.`,
      ));
      return;
    }
    if (response.canceled) {
      this.broken(stream, index, new Error(response.cancel_reason || 'etcd cancelled the watch'));
      return;
    }
    if (response.created) {
      this.registered = true;
      this.failures = 0;
      if (this.nextRevision === 0) this.nextRevision = toNumber(response.header.revision) + 1;
      const starting = this.starting;
      this.starting = null;
      starting?.resolve();
    }
    const floor = this.nextRevision;
    let last = 0;
    for (const raw of response.events ?? []) {
      if (this.stopped) return;
      const revision = toNumber(raw.kv.mod_revision);
      if (revision < floor) continue; // replayed by a stream that overlapped a reconnection
      const event: WatchEvent = String(raw.type).toUpperCase() === 'DELETE'
        ? { type: 'delete', key: this.keys.strip(raw.kv.key), revision }
        : { type: 'put', kv: this.keys.kv(raw.kv), revision };
      last = revision;
      try {
        this.spec.listener(event);
      } catch (error) {
        // A listener that throws has missed an event it was responsible for: end the watch
        // loudly rather than carry on with a hole in what it has seen.
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
    if (last >= floor) this.nextRevision = last + 1;
  }

  /** The stream failed: resume on the next member, unless etcd gave a definite refusal. */
  private broken(stream: Stream | null, index: number, error: unknown): void {
    if (this.stopped || (stream !== null && stream !== this.stream)) return;
    this.stream = null;
    stream?.cancel();
    if (this.pool.isClosed) {
      this.stop();
      return;
    }
    if (classify(error) === 'answer') {
      this.fail(mapAnswer(error, 'watch'));
      return;
    }
    this.pool.failed(index);
    if (this.starting && Date.now() >= this.starting.deadline) {
      this.fail(unreachable('watch', this.pool.endpoints, this.pool.failoverTimeoutMs, error));
      return;
    }
    this.failures += 1;
    // Try each member once at once, then back off: the cluster is electing or restarting.
    const rounds = Math.floor(this.failures / this.pool.endpoints.length);
    const delay = rounds === 0 ? 0 : Math.min(25 * 2 ** rounds, MAX_BACKOFF_MS);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Ends the watch with `error`: onError, or watch()'s rejection while starting, or uncaught. */
  private fail(error: Error): void {
    if (this.stopped) return;
    const starting = this.starting;
    this.starting = null;
    this.stop();
    if (starting && !this.spec.onError) {
      starting.reject(error);
      return;
    }
    starting?.resolve();
    const onError = this.spec.onError;
    if (onError) {
      // After watch() has resolved, as the local adapters report a failed start.
      queueMicrotask(() => onError(error));
    } else {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  /** Stops delivery at once; nothing is reported. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const stream = this.stream;
    this.stream = null;
    stream?.cancel();
    this.detach(this);
    const starting = this.starting;
    this.starting = null;
    starting?.reject(new ClusterError(Win32.ERROR_INVALID_HANDLE, 'The etcd cluster store was closed before the watch started.'));
  }

  cancel(): Promise<void> {
    this.stop();
    return Promise.resolve();
  }
}
