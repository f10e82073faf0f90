/**
 * The page's one connection to the cluster: read /v1/cluster and the newest operations, then open
 * /v1/events with Last-Event-ID = the view's lastEventId (docs/api.md: the consistent way to start)
 * and apply every event. EventSource reconnects by itself and resumes with the Last-Event-ID header;
 * a `reset` (or an event about an object the view lacks) re-reads the cluster. There is no polling:
 * the only reads after start are that re-read and each new operation's record, once.
 *
 * EventSource cannot set headers, so the token goes in ?access_token= (the one route that takes it).
 */
import type { ClusterView, OperationView, StreamEvent } from './contract.js';
import { STREAM_EVENT_TYPES } from './contract.js';
import { ApiFailure, type ApiClient } from './http.js';
import { applyClusterEvent, type LiveCluster } from '../model/cluster-events.js';
import { applyOperationEvent, mergeRecord } from '../model/operation-events.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** The newest resource-progress report of a resource, with when it arrived here. */
export interface Progress {
  readonly operation: string | null;
  readonly note: string | null;
  readonly pendingTimeoutMs: number;
  /** Local clock (performance-independent Date.now) at arrival, for the countdown. */
  readonly receivedAt: number;
}

export interface LiveSnapshot {
  readonly cluster: LiveCluster | null;
  readonly operations: ReadonlyMap<string, OperationView>;
  readonly progress: ReadonlyMap<string, Progress>;
  readonly connection: ConnectionState;
  readonly error: ApiFailure | null;
  /**
   * Daemon clock minus ours: turns step start times into local time. The largest difference seen
   * (an event's time is never later than the daemon's now), so replayed old events cannot skew it.
   */
  readonly skewMs: number | null;
  /** Bumped on every operation event, so the history page can re-read its filtered list. */
  readonly operationEpoch: number;
}

const RECENT_OPERATIONS = 20;

export class LiveStore {
  private snapshot: LiveSnapshot = { cluster: null, operations: new Map(), progress: new Map(), connection: 'connecting', error: null, skewMs: null, operationEpoch: 0 };
  private readonly listeners = new Set<() => void>();
  private source: EventSource | null = null;
  private stopped = false;
  private reloading = false;

  constructor(readonly client: ApiClient) {}

  get current(): LiveSnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.load();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = null;
    this.listeners.clear();
  }

  /** Reads one operation (a detail page opened directly, or one that started while we watch). */
  async loadOperation(id: string): Promise<OperationView> {
    const read = await this.client.get<OperationView>(`/v1/operations/${encodeURIComponent(id)}`);
    const operations = new Map(this.snapshot.operations);
    operations.set(read.id, mergeRecord(operations.get(read.id), read));
    this.update({ operations });
    return operations.get(read.id) ?? read;
  }

  private update(change: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  private async load(): Promise<void> {
    this.source?.close();
    this.source = null;
    try {
      const [view, recent] = await Promise.all([
        this.client.get<ClusterView>('/v1/cluster'),
        this.client.get<OperationView[]>(`/v1/operations?limit=${RECENT_OPERATIONS}`),
      ]);
      if (this.stopped) return;
      const operations = new Map(this.snapshot.operations);
      for (const record of recent) operations.set(record.id, mergeRecord(operations.get(record.id), record));
      const lockReasons = this.snapshot.cluster?.lockReasons ?? new Map<string, number>();
      this.update({ cluster: { view, lockReasons }, operations, error: null });
      this.open(view.lastEventId);
    } catch (error) {
      this.update({ connection: 'failed', error: error instanceof ApiFailure ? error : new ApiFailure(0, { code: 1359, name: 'ERROR_INTERNAL_ERROR', message: String(error) }) });
    }
  }

  private open(lastEventId: number): void {
    const url = `/v1/events?access_token=${encodeURIComponent(this.client.token)}&lastEventId=${lastEventId}`;
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => this.update({ connection: 'live' });
    source.onerror = () => {
      if (this.stopped || this.source !== source) return;
      // CLOSED: the server refused the stream (401: token revoked); read again to learn why.
      if (source.readyState === EventSource.CLOSED) void this.reload();
      else this.update({ connection: 'reconnecting' });
    };
    const onEvent = (message: MessageEvent<string>): void => {
      if (this.source !== source) return;
      this.apply(JSON.parse(message.data) as StreamEvent);
    };
    for (const type of STREAM_EVENT_TYPES) source.addEventListener(type, onEvent);
  }

  private async reload(): Promise<void> {
    if (this.reloading || this.stopped) return;
    this.reloading = true;
    this.update({ connection: 'reconnecting' });
    try {
      await this.load();
    } finally {
      this.reloading = false;
    }
  }

  private apply(event: StreamEvent): void {
    const seen = event.time - Date.now();
    const skewMs = this.snapshot.skewMs === null ? seen : Math.max(this.snapshot.skewMs, seen);
    const cluster = this.snapshot.cluster;
    const nextCluster = cluster ? applyClusterEvent(cluster, event) : null;
    if (cluster && nextCluster === null) {
      void this.reload();
      return;
    }
    const { operations, needsRecord } = applyOperationEvent(this.snapshot.operations, event);
    let progress = this.snapshot.progress;
    const key = 'resource' in event && typeof event.resource === 'string' ? event.resource.toLowerCase() : null;
    if (event.type === 'resource-progress' && key !== null) {
      progress = new Map(progress).set(key, { operation: event.operation, note: event.note, pendingTimeoutMs: event.pendingTimeoutMs, receivedAt: Date.now() });
    } else if (event.type === 'resource-state' && key !== null && progress.has(key)) {
      // A new state ends the pending period the report was about.
      const next = new Map(progress);
      next.delete(key);
      progress = next;
    }
    const operationEvent = event.type === 'operation-started' || event.type === 'operation-ended';
    this.update({
      cluster: nextCluster,
      operations,
      progress,
      skewMs,
      connection: 'live',
      operationEpoch: this.snapshot.operationEpoch + (operationEvent ? 1 : 0),
    });
    if (needsRecord !== null) void this.loadOperation(needsRecord).catch(() => undefined);
  }
}
