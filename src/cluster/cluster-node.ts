/**
 * One node's membership in a many-node cluster (ADR 0006): its lease and record, the leader
 * election, the ownership table, group status between nodes, and what it does as leader and as
 * owner. It is the engine's handOver hook, the persistence's fencing guard and the API's
 * ClusterControl.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Caller } from '../core/commands.js';
import { errorName, describeCode, Win32 } from '../core/errors.js';
import { validateFlags } from '../core/flags.js';
import { NodeState } from '../core/states.js';
import type { ClusterModel, GroupConfig } from '../core/model.js';
import type { Engine, HandOverRequest } from '../engine/engine.js';
import type { ResourceDriver } from '../engine/driver.js';
import type { OperationRecord } from '../engine/operation.js';
import type { ClusterStore, Compare } from '../store/port.js';
import { LeaderElection } from './election.js';
import { CLUSTER_KEYS, type OwnerRecord, type PausedRecord } from './keys.js';
import { LeaderDuties } from './leader-duties.js';
import { Membership } from './membership.js';
import { OwnerDuties, type StoredPersistent } from './owner-duties.js';
import { OwnershipTable, type OwnerEntry } from './ownership.js';
import { StatusSync } from './status-sync.js';

export interface ClusterNodeOptions {
  readonly node: string;
  /** Membership lease TTL: a dead node is Down after at most this long (default 2000 ms). */
  readonly leaseTtlMs?: number;
  /** Fence this long before the earliest possible lease expiry (default TTL / 4). */
  readonly fenceMarginMs?: number;
  readonly log: (line: string) => void;
  /** Reads a group's persistent states from the store (the daemon knows their keys). */
  readonly readPersistent: (group: GroupConfig) => Promise<StoredPersistent>;
}

export const DEFAULT_LEASE_TTL_MS = 2000;

/** Where a group's commands must be admitted: the owner's API, reached with the cluster's secret. */
export interface ForwardTarget {
  /** e.g. http://127.0.0.1:7421 */
  readonly url: string;
  readonly node: string;
  /** Shared by the nodes of the cluster; proves a forwarded request came from a member. */
  readonly secret: string;
}

/** A node command's answer: the same coded head as a group command's. */
export interface NodeCommandResult {
  readonly code: number;
  readonly name: string;
  readonly detail: string | null;
  readonly operation: string | null;
}
const SWEEP_EVERY_MS = 1000;

export class ClusterNode {
  readonly membership: Membership;
  readonly owners: OwnershipTable;
  private readonly election: LeaderElection;
  private engine: Engine | null = null;
  private driver: ResourceDriver | null = null;
  private status: StatusSync | null = null;
  private leaderDuties: LeaderDuties | null = null;
  private ownerDuties: OwnerDuties | null = null;
  /** Until when (performance.now()) the last confirmed renewal lets resources run; null once fenced. */
  private fenceAt: number | null = null;
  private url: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private secretValue = '';
  private readonly handingOver = new Set<string>();
  private model: ClusterModel | null = null;
  private stopped = false;

  private constructor(
    private readonly store: ClusterStore,
    private readonly options: ClusterNodeOptions,
  ) {
    const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.membership = new Membership(store, { node: options.node, ttlMs, ...(options.fenceMarginMs !== undefined ? { marginMs: options.fenceMarginMs } : {}) }, {
      renewed: (inMs) => {
        this.fenceAt = performance.now() + inMs;
        this.driver?.setFenceDeadline?.(inMs);
      },
      fence: (detail) => this.fenced(detail),
      changed: () => this.membershipChanged(),
    });
    this.owners = new OwnershipTable(store, (group, entry, previous) => this.ownerChanged(group, entry, previous));
    this.election = new LeaderElection(store, options.node, (leader) => {
      options.log(`leader: ${leader ?? '(none)'}`);
      if (leader === options.node) this.leaderDuties?.sweep();
    });
  }

  /**
   * Joins the cluster as Joining: reads who is there and who owns what, and claims (by CAS) the
   * groups the store says are this node's, so a leader that saw this node Down cannot give them
   * away at the same time. Before the engine exists.
   */
  static async join(store: ClusterStore, options: ClusterNodeOptions): Promise<ClusterNode> {
    const node = new ClusterNode(store, options);
    await node.membership.watch();
    await node.owners.load();
    node.secretValue = await ensureSecret(store);
    await node.membership.join(NodeState.Joining, null);
    await node.claimOwned('this node started');
    return node;
  }

  /** Node states and owners for the engine's constructor. */
  view(model: ClusterModel): { nodeStates: Map<string, NodeState>; owners: Map<string, string | null> } {
    this.model = model;
    const nodeStates = new Map(model.config.nodes.map((n) => [n.name, n.name === this.options.node ? NodeState.Joining : this.membership.stateOf(n.name)]));
    const owners = new Map(model.config.groups.map((g) => [g.name, this.owners.get(g.name)?.record.node ?? null]));
    return { nodeStates, owners };
  }

  /** The fencing compare for an operation's admission (none for configuration and token records). */
  guard(operation: OperationRecord): Compare[] {
    const model = this.engine?.model ?? this.model;
    if (!model || operation.kind === 'failover-group' || operation.kind === 'pause-node' || operation.kind === 'resume-node') return [];
    const key = operation.target.toLowerCase();
    const group = model.groupsByKey.get(key)?.name ?? (model.resourcesByKey.get(key)?.group);
    return group === undefined ? [] : [this.owners.guard(group, this.options.node)];
  }

  /** The engine's handOver hook: the move's offline part is done, give the group to `to`. */
  async handOver(request: HandOverRequest): Promise<void> {
    const seen = this.owners.get(request.group);
    if (seen?.record.node !== this.options.node) throw new Error(`this node no longer owns ${request.group}`);
    if (this.membership.stateOf(request.to) !== NodeState.Up && this.membership.stateOf(request.to) !== NodeState.Paused) {
      throw new Error(`node ${request.to} is ${this.membership.stateOf(request.to) === NodeState.Down ? 'down' : 'not up'}`);
    }
    this.handingOver.add(request.group);
    try {
      await this.owners.transfer(request.group, request.to, {
        kind: request.kind,
        from: request.from,
        operation: request.operation,
        flags: request.flags,
        input: request.inputBase64,
        cause: `${request.kind === 'return' ? 'return after' : 'move'} ${request.operation} from ${request.from}`,
      }, seen);
    } finally {
      this.handingOver.delete(request.group);
    }
  }

  /**
   * Before engine.start(): from here on the resource hosts carry the fence deadline (a host started
   * by the start-up probes is armed before it runs anything), a fence reaches the engine, and a
   * group given away meanwhile is stopped here.
   */
  attach(engine: Engine, driver: ResourceDriver): void {
    this.engine = engine;
    this.driver = driver;
    if (this.fenceAt !== null) driver.setFenceDeadline?.(Math.max(0, this.fenceAt - performance.now()));
  }

  /** After engine.start(): status sync, Up with the API URL, election, duties. */
  async start(engine: Engine, driver: ResourceDriver, url: string | null): Promise<void> {
    if (this.engine !== engine) this.attach(engine, driver);
    this.url = url;
    this.ownerDuties = new OwnerDuties(this.store, engine, this.options.log, {
      stillOwned: (group, modRevision) => {
        const entry = this.owners.get(group);
        return !this.membership.isFenced && entry?.modRevision === modRevision && entry.record.node === this.options.node;
      },
      readPersistent: (group) => this.options.readPersistent(group),
    });
    this.leaderDuties = new LeaderDuties(this.store, engine, this.membership, this.owners, this.options.log);
    this.status = new StatusSync(this.store, engine, this.owners);
    await this.status.start();
    await this.membership.update({ state: NodeState.Up, url });
    this.membershipChanged();
    // Ownership changes that arrived while the engine started.
    for (const group of engine.model.config.groups) {
      const owner = this.owners.get(group.name)?.record.node ?? null;
      const entry = this.owners.get(group.name);
      if (entry && owner === this.options.node && !engine.ownsGroup(group.name)) this.ownerDuties.adopt(group.name, entry.record.handover, entry.modRevision);
      else if (owner !== this.options.node) engine.setGroupOwner(group.name, owner);
    }
    const leaseId = this.membership.leaseId;
    if (leaseId) await this.election.start(leaseId);
    this.timer = setInterval(() => {
      if (this.election.isLeader) this.leaderDuties?.sweep();
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  failoverRequested(group: string, why: string): void {
    this.ownerDuties?.failoverRequested(group, why);
  }

  // ---- ClusterControl (the API's view) ----

  get secret(): string {
    return this.secretValue;
  }

  forwardTarget(group: string): ForwardTarget | null {
    const canonical = this.engine?.records.group(group)?.config.name ?? group;
    const owner = this.owners.get(canonical)?.record.node ?? null;
    if (owner === null || owner === this.options.node) return null;
    const url = this.membership.nodeRecord(owner)?.url ?? null;
    return url === null ? null : { url, node: owner, secret: this.secretValue };
  }

  leader(): string | null {
    return this.election.leader;
  }

  nodeUrl(node: string): string | null {
    return this.membership.nodeRecord(node)?.url ?? null;
  }

  async pauseNode(node: string, options: { readonly flags: number; readonly drain: boolean }, caller: Caller, client: string): Promise<NodeCommandResult> {
    const known = this.knownNode(node);
    const refusal = caller.access !== 'full' ? answer(Win32.ERROR_ACCESS_DENIED, `caller '${caller.principal}' needs full access to pause a node`)
      : known === null ? answer(Win32.ERROR_CLUSTER_NODE_NOT_FOUND, `no node named '${node}'`)
      : validateFlags('nodePause', options.flags) !== 0 ? answer(Win32.ERROR_INVALID_PARAMETER, `flags 0x${options.flags.toString(16)} are not CLUSTER_NODE_PAUSE_* flags`)
      : this.membership.stateOf(known) === NodeState.Down ? answer(Win32.ERROR_CLUSTER_NODE_DOWN, `node ${known} is down`)
      : null;
    if (refusal) return refusal;
    const name = known as string;
    if (this.membership.pausedRecord(name)) return { ...answer(Win32.ERROR_SUCCESS, null), operation: null };
    const record: PausedRecord = { since: Date.now(), drain: options.drain, flags: options.flags, by: caller.principal };
    await this.store.put(CLUSTER_KEYS.paused(name), JSON.stringify(record));
    const operation = await this.engine?.recordAudit({ kind: 'pause-node', target: name, actor: caller.principal, client, detail: options.drain ? 'paused; its groups move to other nodes' : 'paused; its groups stay' });
    return { ...answer(Win32.ERROR_SUCCESS, null), operation: operation ?? null };
  }

  async resumeNode(node: string, options: { readonly failback: number; readonly flags: number }, caller: Caller, client: string): Promise<NodeCommandResult> {
    const known = this.knownNode(node);
    const refusal = caller.access !== 'full' ? answer(Win32.ERROR_ACCESS_DENIED, `caller '${caller.principal}' needs full access to resume a node`)
      : known === null ? answer(Win32.ERROR_CLUSTER_NODE_NOT_FOUND, `no node named '${node}'`)
      : options.flags !== 0 || ![0, 1, 2].includes(options.failback) ? answer(Win32.ERROR_INVALID_PARAMETER, 'resume flags are reserved (0) and failback is 0, 1 or 2')
      : this.membership.pausedRecord(known) === undefined ? answer(Win32.ERROR_INVALID_STATE, `node ${known} is not paused`)
      : null;
    if (refusal) return refusal;
    const name = known as string;
    await this.store.delete(CLUSTER_KEYS.paused(name));
    const operation = await this.engine?.recordAudit({ kind: 'resume-node', target: name, actor: caller.principal, client, detail: `resumed (failback ${options.failback})` });
    return { ...answer(Win32.ERROR_SUCCESS, null), operation: operation ?? null };
  }

  /**
   * A stopping node: shown Paused (CLUSTER_NODE_STATE has no "leaving"; Paused is the state in which
   * no group is placed on a node), so the leader places nothing here and moves here are refused.
   */
  async leaving(): Promise<void> {
    await this.membership.update({ leaving: true });
  }

  /** `revoke`: end the lease now (every owned resource is Offline); otherwise let it run out. */
  async stop(options: { readonly revoke?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.leaderDuties?.idle();
    await this.ownerDuties?.idle();
    await this.status?.stop();
    await this.election.stop();
    await this.owners.stop();
    await this.membership.leave(options.revoke ?? true);
  }

  // ---- reactions ----

  private knownNode(name: string): string | null {
    return this.engine?.model.config.nodes.find((n) => n.name.toLowerCase() === name.toLowerCase())?.name ?? null;
  }

  private async claimOwned(cause: string): Promise<void> {
    for (const group of this.owners.groups()) {
      const seen = this.owners.get(group);
      if (seen?.record.node !== this.options.node) continue;
      // Lost to someone faster (the leader failing it over): the table must show who won.
      await this.owners.transfer(group, this.options.node, { kind: 'rejoin', from: this.options.node, operation: null, flags: 0, input: null, cause }, seen).catch(() => this.owners.refresh(group));
    }
  }

  private membershipChanged(): void {
    const engine = this.engine;
    if (!engine) return;
    for (const node of engine.model.config.nodes) engine.setNodeState(node.name, this.membership.stateOf(node.name));
    if (this.election.isLeader) this.leaderDuties?.sweep();
    const paused = this.membership.pausedRecord(this.options.node);
    if (paused?.drain) this.ownerDuties?.drain();
    else this.ownerDuties?.failback();
  }

  private ownerChanged(group: string, entry: OwnerEntry | null, previous: OwnerEntry | null): void {
    const engine = this.engine;
    if (!engine || this.stopped) return;
    const record: OwnerRecord | null = entry?.record ?? null;
    const owner = record?.node ?? null;
    if (owner === this.options.node) {
      if (!engine.ownsGroup(group) && entry) this.ownerDuties?.adopt(group, entry.record.handover, entry.modRevision);
      return;
    }
    if (engine.ownsGroup(group) && !this.handingOver.has(group)) {
      // Given away without this node handing it over: this node was taken for dead. Stop it here.
      engine.fence(`group ${group} was given to ${owner ?? 'no node'} (epoch ${record?.epoch ?? 0} after ${previous?.record.epoch ?? 0})`, new Set([group]));
    }
    engine.setGroupOwner(group, owner);
    this.status?.remirror(group);
    if (this.election.isLeader) this.leaderDuties?.sweep();
  }

  private fenced(detail: string): void {
    this.fenceAt = null;
    this.options.log(`FENCING: ${detail}`);
    this.engine?.fence(detail);
    for (const group of this.engine?.model.config.groups ?? []) this.status?.remirror(group.name);
    void this.rejoin();
  }

  /** After fencing: a new lease as soon as the store answers, then the groups still this node's. */
  private async rejoin(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.membership.join(NodeState.Up, this.url);
        const leaseId = this.membership.leaseId;
        if (leaseId) await this.election.rejoin(leaseId);
        await this.claimOwned('this node rejoined after fencing');
        this.options.log('rejoined the cluster');
        this.membershipChanged();
        return;
      } catch (error) {
        this.options.log(`rejoin: ${error instanceof Error ? error.message : String(error)}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

function answer(code: number, detail: string | null): NodeCommandResult {
  return { code, name: errorName(code), detail: detail === null ? null : `${describeCode(code)}: ${detail}`, operation: null };
}

async function ensureSecret(store: ClusterStore): Promise<string> {
  const fresh = randomBytes(24).toString('hex');
  const result = await store.txn({
    compare: [{ key: CLUSTER_KEYS.secret, target: 'createRevision', op: '=', value: 0 }],
    success: [{ op: 'put', key: CLUSTER_KEYS.secret, value: fresh }],
    failure: [{ op: 'get', key: CLUSTER_KEYS.secret }],
  });
  return result.succeeded ? fresh : (result.gets[0]?.value ?? fresh);
}
