/**
 * Leader election on the store port: the leader key is created only when absent (compare
 * createRevision = 0) and attached to the candidate's membership lease, so it disappears with the
 * leader's lease; every node watches it and campaigns again when it is deleted. Works the same on
 * etcd and on the local adapters.
 */
import type { ClusterStore, Watcher } from '../store/port.js';
import { CLUSTER_KEYS } from './keys.js';

export class LeaderElection {
  private current: string | null = null;
  private watcher: Watcher | null = null;
  private leaseId: string | null = null;
  private closed = false;

  constructor(
    private readonly store: ClusterStore,
    private readonly node: string,
    private readonly changed: (leader: string | null) => void,
  ) {}

  get leader(): string | null {
    return this.current;
  }

  get isLeader(): boolean {
    return this.current === this.node;
  }

  /** Campaigns with this lease now and whenever the leader key goes away. */
  async start(leaseId: string): Promise<void> {
    this.leaseId = leaseId;
    const existing = await this.store.get(CLUSTER_KEYS.leader);
    this.set(existing?.value ?? null);
    if (!this.watcher) {
      this.watcher = await this.store.watch(CLUSTER_KEYS.leader, (event) => {
        if (event.type === 'put') this.set(event.kv.value);
        else {
          this.set(null);
          void this.campaign();
        }
      }, { fromRevision: (existing?.modRevision ?? (await this.store.revision())) + 1 });
    }
    await this.campaign();
  }

  /** A new lease after fencing: the old key died with the old lease, campaign again. */
  async rejoin(leaseId: string): Promise<void> {
    this.leaseId = leaseId;
    await this.campaign();
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.watcher?.cancel();
    this.watcher = null;
  }

  private async campaign(): Promise<void> {
    if (this.closed || this.leaseId === null) return;
    try {
      const result = await this.store.txn({
        compare: [{ key: CLUSTER_KEYS.leader, target: 'createRevision', op: '=', value: 0 }],
        success: [{ op: 'put', key: CLUSTER_KEYS.leader, value: this.node, lease: this.leaseId }],
        failure: [{ op: 'get', key: CLUSTER_KEYS.leader }],
      });
      if (result.succeeded) this.set(this.node);
      else this.set(result.gets[0]?.value ?? null);
    } catch {
      // The store did not answer (or the lease is gone, and a rejoin brings a new one): try again
      // soon, or a cluster could be left with no leader and so no failover.
      const retry = setTimeout(() => {
        if (this.current === null) void this.campaign();
      }, 500);
      retry.unref();
    }
  }

  private set(leader: string | null): void {
    if (leader === this.current) return;
    this.current = leader;
    this.changed(leader);
  }
}
