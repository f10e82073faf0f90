/**
 * Group ownership (ADR 0006): `/wolfpack/owners/<group>` names the owner and its epoch, changed
 * only by compare-and-swap on the key's modRevision. The modRevision this node last saw for a
 * group it owns is its fencing token: every durable write about the group compares it.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import type { ClusterStore, Compare, Watcher } from '../store/port.js';
import { CLUSTER_KEYS, type Handover, type OwnerRecord } from './keys.js';

export interface OwnerEntry {
  readonly record: OwnerRecord;
  readonly modRevision: number;
}

export class OwnershipTable {
  private readonly entries = new Map<string, OwnerEntry>();
  private watcher: Watcher | null = null;

  constructor(
    private readonly store: ClusterStore,
    private readonly changed: (group: string, entry: OwnerEntry | null, previous: OwnerEntry | null) => void,
  ) {}

  async load(): Promise<void> {
    const all = await this.store.range(CLUSTER_KEYS.ownerPrefix);
    for (const kv of all.kvs) this.entries.set(kv.key.slice(CLUSTER_KEYS.ownerPrefix.length), { record: JSON.parse(kv.value) as OwnerRecord, modRevision: kv.modRevision });
    this.watcher = await this.store.watch(CLUSTER_KEYS.ownerPrefix, (event) => {
      const key = event.type === 'put' ? event.kv.key : event.key;
      const group = key.slice(CLUSTER_KEYS.ownerPrefix.length);
      const previous = this.entries.get(group) ?? null;
      if (event.type === 'put') {
        // transfer() already took in this node's own change.
        if (previous && previous.modRevision >= event.kv.modRevision) return;
        const entry = { record: JSON.parse(event.kv.value) as OwnerRecord, modRevision: event.kv.modRevision };
        this.entries.set(group, entry);
        this.changed(group, entry, previous);
      } else {
        this.entries.delete(group);
        this.changed(group, null, previous);
      }
    }, { fromRevision: all.revision + 1 });
  }

  get(group: string): OwnerEntry | undefined {
    return this.entries.get(group);
  }

  groups(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The fencing compare for a durable write about a group `self` owns: the owner record must be the
   * one this node last saw, and that one must name `self` (otherwise a compare no key can meet).
   */
  guard(group: string, self: string): Compare {
    const entry = this.entries.get(group);
    const value = entry?.record.node === self ? entry.modRevision : -1;
    return { key: CLUSTER_KEYS.owner(group), target: 'modRevision', op: '=', value };
  }

  /** Reads the owner record from the store again (after a lost compare-and-swap): the table catches up. */
  async refresh(group: string): Promise<OwnerEntry | null> {
    const kv = await this.store.get(CLUSTER_KEYS.owner(group));
    const previous = this.entries.get(group) ?? null;
    if (!kv) return previous;
    if (previous && previous.modRevision >= kv.modRevision) return previous;
    const entry = { record: JSON.parse(kv.value) as OwnerRecord, modRevision: kv.modRevision };
    this.entries.set(group, entry);
    this.changed(group, entry, previous);
    return entry;
  }

  /**
   * Gives the group to `node` if its owner record is still the one this node saw (CAS). Throws 5016
   * when someone else changed it first. Resolves with the new entry.
   */
  async transfer(group: string, node: string | null, handover: Handover | null, seen: OwnerEntry | null = this.entries.get(group) ?? null): Promise<OwnerEntry> {
    const record: OwnerRecord = { node, epoch: (seen?.record.epoch ?? 0) + 1, handover };
    const result = await this.store.txn({
      compare: [{ key: CLUSTER_KEYS.owner(group), target: 'modRevision', op: '=', value: seen?.modRevision ?? 0 }],
      success: [{ op: 'put', key: CLUSTER_KEYS.owner(group), value: JSON.stringify(record) }],
    });
    if (!result.succeeded) {
      throw new ClusterError(Win32.ERROR_HOST_NODE_NOT_GROUP_OWNER, `the owner of group '${group}' changed meanwhile (epoch ${seen?.record.epoch ?? 0} is stale)`);
    }
    const entry = { record, modRevision: result.revision };
    // The watch will deliver the same; setting it now lets this node act on its own change at once.
    // A newer record the watch already brought stays.
    const previous = this.entries.get(group) ?? null;
    if (previous && previous.modRevision >= entry.modRevision) return entry;
    this.entries.set(group, entry);
    this.changed(group, entry, previous);
    return entry;
  }

  async stop(): Promise<void> {
    await this.watcher?.cancel();
    this.watcher = null;
  }
}
