/**
 * Membership through a lease (ADR 0006): this node's record lives under its lease, renewed every
 * quarter TTL; other nodes' records come and go with theirs. A node with no record is Down.
 *
 * Self-fencing: after each renewal that etcd confirmed, the lease cannot expire before
 * (time the renewal was SENT) + TTL, so the node may run its resources until then minus a margin.
 * `fenceIn` reports how long that is; when the time passes without a newer confirmation the node
 * must stop everything (`onFence`). Both are computed on the monotonic clock.
 */
import { performance } from 'node:perf_hooks';
import { isClusterError, Win32 } from '../core/errors.js';
import { NodeState } from '../core/states.js';
import type { ClusterStore, Lease, Watcher } from '../store/port.js';
import { CLUSTER_KEYS, type NodeRecord, type PausedRecord } from './keys.js';

export interface MembershipHooks {
  /** A renewal was confirmed: the node may keep running resources for `inMs` more. */
  renewed(inMs: number): void;
  /** The fence time passed (or the lease is gone): stop every resource now. */
  fence(detail: string): void;
  /** Some node's record or pause changed. */
  changed(): void;
}

export interface MembershipOptions {
  readonly node: string;
  readonly ttlMs: number;
  /** Time kept in hand between fencing and the earliest lease expiry (default TTL / 4). */
  readonly marginMs?: number;
}

export class Membership {
  private lease: Lease | null = null;
  private record: NodeRecord;
  private readonly records = new Map<string, NodeRecord>();
  private readonly paused = new Map<string, PausedRecord>();
  private watchers: Watcher[] = [];
  private renewTimer: NodeJS.Timeout | null = null;
  private fenceTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private fenced = false;
  private lastConfirmedSentAt = -Infinity;

  constructor(
    private readonly store: ClusterStore,
    private readonly options: MembershipOptions,
    private readonly hooks: MembershipHooks,
  ) {
    this.record = { name: options.node, url: null, state: NodeState.Joining, since: Date.now() };
  }

  get leaseId(): string | null {
    return this.lease?.id ?? null;
  }

  get isFenced(): boolean {
    return this.fenced;
  }

  private get margin(): number {
    return this.options.marginMs ?? Math.floor(this.options.ttlMs / 4);
  }

  /** Reads every node and pause record and follows them from that revision on. */
  async watch(): Promise<void> {
    const [nodes, paused] = await Promise.all([this.store.range(CLUSTER_KEYS.nodePrefix), this.store.range(CLUSTER_KEYS.pausedPrefix)]);
    for (const kv of nodes.kvs) this.records.set(kv.key.slice(CLUSTER_KEYS.nodePrefix.length), JSON.parse(kv.value) as NodeRecord);
    for (const kv of paused.kvs) this.paused.set(kv.key.slice(CLUSTER_KEYS.pausedPrefix.length), JSON.parse(kv.value) as PausedRecord);
    const follow = (prefix: string, map: Map<string, unknown>, fromRevision: number): Promise<Watcher> =>
      this.store.watch(prefix, (event) => {
        const key = event.type === 'put' ? event.kv.key : event.key;
        const name = key.slice(prefix.length);
        if (event.type === 'put') map.set(name, JSON.parse(event.kv.value));
        else map.delete(name);
        this.hooks.changed();
      }, { fromRevision });
    this.watchers = [
      await follow(CLUSTER_KEYS.nodePrefix, this.records as Map<string, unknown>, nodes.revision + 1),
      await follow(CLUSTER_KEYS.pausedPrefix, this.paused as Map<string, unknown>, paused.revision + 1),
    ];
  }

  /** Takes a new lease and writes this node's record under it (at start, and to rejoin after fencing). */
  async join(state: NodeRecord['state'], url: string | null): Promise<void> {
    const sentAt = performance.now();
    const lease = await this.store.grantLease(this.options.ttlMs);
    this.lease = lease;
    this.record = { name: this.options.node, url, state, since: Date.now() };
    await this.store.put(CLUSTER_KEYS.node(this.options.node), JSON.stringify(this.record), { lease: lease.id });
    this.fenced = false;
    this.lastConfirmedSentAt = -Infinity;
    this.confirmed(sentAt);
    this.scheduleRenewal();
  }

  /** Rewrites this node's record (Joining -> Up, the URL once listening). */
  async update(patch: Partial<Pick<NodeRecord, 'state' | 'url' | 'leaving'>>): Promise<void> {
    this.record = { ...this.record, ...patch };
    if (this.lease) await this.store.put(CLUSTER_KEYS.node(this.options.node), JSON.stringify(this.record), { lease: this.lease.id });
  }

  nodeRecord(name: string): NodeRecord | undefined {
    return this.records.get(name);
  }

  pausedRecord(name: string): PausedRecord | undefined {
    return this.paused.get(name);
  }

  /** CLUSTER_NODE_STATE of a node as this node sees it. */
  stateOf(name: string): NodeState {
    const record = this.records.get(name);
    if (!record) return NodeState.Down;
    if (record.state === NodeState.Joining) return NodeState.Joining;
    return this.paused.has(name) || record.leaving === true ? NodeState.Paused : NodeState.Up;
  }

  /**
   * Stops renewing; with `revoke` deletes this node's record at once (graceful stop: others see Down
   * now), otherwise the lease runs out by itself.
   */
  async leave(revoke = true): Promise<void> {
    this.closed = true;
    this.clearTimers();
    for (const watcher of this.watchers) await watcher.cancel().catch(() => undefined);
    this.watchers = [];
    if (revoke) await this.lease?.revoke().catch(() => undefined);
    this.lease = null;
  }

  /**
   * Every quarter TTL; after a failed renewal, again soon (an etcd leader election or a member lost
   * makes a few renewals fail, and each one confirmed in time avoids a needless fence).
   */
  private scheduleRenewal(failed = false): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.closed) return;
    const every = Math.max(50, Math.floor(this.options.ttlMs / 4));
    this.renewTimer = setTimeout(() => this.renew(), failed ? Math.min(100, every) : every);
    this.renewTimer.unref();
  }

  /**
   * Sends one renewal and schedules the next at once, without waiting for this one: a renewal stuck
   * on a member that stopped answering (until the request timeout) must not hold back the renewals
   * that other members would confirm in time.
   */
  private renew(): void {
    const lease = this.lease;
    if (!lease || this.closed || this.fenced) return;
    const sentAt = performance.now();
    this.scheduleRenewal();
    lease.keepAlive().then(
      () => {
        if (this.lease === lease && !this.fenced) this.confirmed(sentAt);
      },
      (error: unknown) => {
        // 1168: etcd says the lease is gone; any other error (no member reachable) only means this
        // renewal did not happen, and the fence timer decides when that becomes dangerous.
        if (this.lease !== lease) return;
        if (isClusterError(error) && error.code === Win32.ERROR_NOT_FOUND) this.fenceNow(`the membership lease expired: ${error.message}`);
        else this.scheduleRenewal(true);
      },
    );
  }

  private confirmed(sentAt: number): void {
    // Renewals may complete out of order; only a later send extends the deadline.
    if (sentAt <= this.lastConfirmedSentAt) return;
    this.lastConfirmedSentAt = sentAt;
    const until = sentAt + this.options.ttlMs - this.margin;
    const inMs = Math.max(0, until - performance.now());
    if (this.fenceTimer) clearTimeout(this.fenceTimer);
    this.fenceTimer = setTimeout(() => this.fenceNow(`no lease renewal confirmed for ${this.options.ttlMs - this.margin} ms`), inMs);
    this.fenceTimer.unref();
    this.hooks.renewed(inMs);
  }

  private fenceNow(detail: string): void {
    if (this.fenced || this.closed) return;
    this.fenced = true;
    this.clearTimers();
    this.lease = null;
    this.hooks.fence(detail);
  }

  private clearTimers(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.fenceTimer) clearTimeout(this.fenceTimer);
    this.renewTimer = null;
    this.fenceTimer = null;
  }
}
