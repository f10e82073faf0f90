/**
 * Group status between nodes (ADR 0006): the owner writes `/wolfpack/status/<group>` after its
 * group changes (coalesced to one write per group per event-loop turn, guarded by its ownership
 * token so a node that lost the group cannot overwrite the new owner's status); every other node
 * mirrors it into its engine's records.
 */
import type { Engine } from '../engine/engine.js';
import type { EngineEvent } from '../engine/events.js';
import type { GroupStatus } from '../engine/group-status.js';
import type { ClusterStore, Watcher } from '../store/port.js';
import { CLUSTER_KEYS } from './keys.js';
import type { OwnershipTable } from './ownership.js';

export class StatusSync {
  private readonly dirty = new Set<string>();
  private scheduled: NodeJS.Immediate | null = null;
  private writing: Promise<void> = Promise.resolve();
  private watcher: Watcher | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly latest = new Map<string, GroupStatus>();

  constructor(
    private readonly store: ClusterStore,
    private readonly engine: Engine,
    private readonly owners: OwnershipTable,
  ) {}

  async start(): Promise<void> {
    const all = await this.store.range(CLUSTER_KEYS.statusPrefix);
    for (const kv of all.kvs) this.take(kv.key.slice(CLUSTER_KEYS.statusPrefix.length), kv.value);
    this.watcher = await this.store.watch(CLUSTER_KEYS.statusPrefix, (event) => {
      if (event.type === 'put') this.take(event.kv.key.slice(CLUSTER_KEYS.statusPrefix.length), event.kv.value);
    }, { fromRevision: all.revision + 1 });
    this.unsubscribe = this.engine.subscribe((event) => this.touched(event));
    for (const group of this.engine.records.groups.keys()) if (this.engine.ownsGroup(group)) this.markDirty(group);
  }

  /** Mirrors the last status another owner published, e.g. after this node let a group go. */
  remirror(group: string): void {
    const status = this.latest.get(group);
    // Only the current owner's word: after a fence this node's own last status is stale.
    if (status && status.owner !== null && status.owner === this.owners.get(group)?.record.node && status.owner !== this.engine.localNode) this.engine.mirrorGroup(group, status);
  }

  markDirty(group: string): void {
    this.dirty.add(group);
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      this.writing = this.writing.then(() => this.flush()).catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    await this.writing;
    await this.watcher?.cancel();
  }

  private take(group: string, value: string): void {
    const status = JSON.parse(value) as GroupStatus;
    this.latest.set(group, status);
    if (status.owner !== null && status.owner === this.owners.get(group)?.record.node) this.engine.mirrorGroup(group, status);
  }

  private touched(event: EngineEvent): void {
    let group: string | undefined;
    switch (event.type) {
      case 'resource-state':
        group = event.group;
        break;
      case 'group-moving':
      case 'group-owner':
        group = event.group;
        break;
      case 'resource-locked':
        group = this.engine.records.resources.get(event.resource)?.config.group;
        break;
      case 'persistent-state':
        group = event.target === 'group' ? event.name : this.engine.records.resources.get(event.name)?.config.group;
        break;
      default:
        return;
    }
    if (group !== undefined && this.engine.ownsGroup(group)) this.markDirty(group);
  }

  private async flush(): Promise<void> {
    const groups = [...this.dirty];
    this.dirty.clear();
    await Promise.all(groups.map(async (group) => {
      if (!this.engine.ownsGroup(group)) return;
      const status = this.engine.groupStatus(group);
      if (!status) return;
      // A failed compare means this node no longer owns the group: nothing to write.
      await this.store.txn({ compare: [this.owners.guard(group, this.engine.localNode)], success: [{ op: 'put', key: CLUSTER_KEYS.status(group), value: JSON.stringify(status) }] }).catch(() => undefined);
    }));
  }
}
