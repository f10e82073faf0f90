/**
 * The daemon's bridge between the engine and the cluster database. Admissions are written before
 * the caller hears 997 (operation record, operation counter and persistent states in one
 * transaction), so a kill -9 at any moment loses nothing acknowledged and leaves no gap in the
 * operation log. Step progress is written behind, batched over STEP_WRITE_DELAY_MS (an operation's
 * end is written in the turn it happens); an operation that was running when the daemon died is
 * marked interrupted at the next start.
 */
import { PersistentState } from '../core/states.js';
import type { PersistentStateChange } from '../core/plan.js';
import type { Engine } from '../engine/engine.js';
import type { OperationRecord } from '../engine/operation.js';
import { ClusterError, Win32 } from '../core/errors.js';
import type { GroupConfig } from '../core/model.js';
import type { ClusterStore, Compare, TxnOp } from '../store/port.js';
import { KEYS, operationNumber } from './store-keys.js';

/** How long step progress may wait to be written together with more of it. */
const STEP_WRITE_DELAY_MS = 100;

export interface LoadedState {
  /** The stored configuration (see encodeStoredConfig), or null on a new data directory. */
  readonly storedConfig: string | null;
  readonly configRevision: number;
  readonly resources: ReadonlyMap<string, PersistentState>;
  readonly groups: ReadonlyMap<string, PersistentState>;
  readonly nextOperationNumber: number;
  /** The most recent operations, oldest first, with cut-off ones already marked interrupted. */
  readonly history: readonly OperationRecord[];
  readonly interrupted: readonly string[];
  /** The store revision the operation records were read at (a watch for more starts after it). */
  readonly operationsRevision: number;
}

export class DaemonPersistence {
  private readonly dirty = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private engine: Engine | null = null;
  private unsubscribe: (() => void) | null = null;

  private readonly counterKey: string;
  private readonly ownIds: RegExp;

  /**
   * `node`: set in a many-node cluster, where operation ids carry the node's name and each node
   * counts (and after a crash marks interrupted) only its own. `guard`: the fencing compares of an
   * admission (ADR 0006); when they fail the admission is refused with 5016.
   */
  constructor(
    private readonly store: ClusterStore,
    private readonly cluster: { readonly node: string; readonly guard: (operation: OperationRecord) => Compare[] } | null = null,
  ) {
    this.counterKey = cluster ? KEYS.nodeOperationCounter(cluster.node) : KEYS.operationCounter;
    this.ownIds = cluster ? new RegExp(`^op-${escapeRegExp(cluster.node)}-\\d+$`) : /^op-\d+$/;
  }

  async load(historyLimit = 1000): Promise<LoadedState> {
    const [config, counter, resources, groups, ops] = await Promise.all([
      this.store.get(KEYS.config),
      this.store.get(this.counterKey),
      this.store.range(KEYS.resourcePersistentPrefix),
      this.store.range(KEYS.groupPersistentPrefix),
      this.store.range(KEYS.operationPrefix),
    ]);
    const records = ops.kvs.map((kv) => JSON.parse(kv.value) as OperationRecord).sort((a, b) => a.submitted - b.submitted || operationNumber(a.id) - operationNumber(b.id));
    // Only this node's own: another node's running operation is still running there.
    const cutOff = records.filter((op) => op.outcome === 'running' && this.ownIds.test(op.id));
    if (cutOff.length > 0) {
      const now = Date.now();
      for (const op of cutOff) {
        op.outcome = 'interrupted';
        op.ended = now;
        for (const step of op.steps) {
          if (step.status === 'running' || step.status === 'waiting') {
            step.status = 'skipped';
            step.detail = 'the daemon stopped before this step ended';
          }
        }
      }
      await this.store.txn({ success: cutOff.map((op) => ({ op: 'put', key: KEYS.operation(op.id), value: JSON.stringify(op) })) });
    }
    return {
      storedConfig: config?.value ?? null,
      configRevision: config?.modRevision ?? 0,
      resources: persistentMap(resources.kvs, KEYS.resourcePersistentPrefix),
      groups: persistentMap(groups.kvs, KEYS.groupPersistentPrefix),
      nextOperationNumber: (counter ? Number(counter.value) : 0) + 1,
      history: records.slice(-historyLimit),
      interrupted: cutOff.map((op) => op.id),
      operationsRevision: ops.revision,
    };
  }

  /** One group's persistent states as durable here (a node taking the group over reads them). */
  async readPersistent(group: GroupConfig): Promise<{ group: PersistentState | null; resources: Map<string, PersistentState> }> {
    const keys = [KEYS.groupPersistent(group.name), ...group.resources.map((name) => KEYS.resourcePersistent(name))];
    const read = await this.store.txn({ success: keys.map((key) => ({ op: 'get' as const, key })) });
    const resources = new Map<string, PersistentState>();
    group.resources.forEach((name, i) => {
      const kv = read.gets[i + 1];
      if (kv) resources.set(name, storedPersistent(kv.value));
    });
    const groupKv = read.gets[0];
    return { group: groupKv ? storedPersistent(groupKv.value) : null, resources };
  }

  /** The engine's persistAdmission hook: one durable transaction before the answer. */
  async persistAdmission(operation: OperationRecord, persistent: readonly PersistentStateChange[]): Promise<void> {
    const ops: TxnOp[] = [
      { op: 'put', key: KEYS.operation(operation.id), value: JSON.stringify(operation) },
      { op: 'put', key: this.counterKey, value: String(operationNumber(operation.id)) },
    ];
    // A transaction may put a key once (etcd's rule); the last change to a name wins.
    const states = new Map<string, number>();
    for (const change of persistent) states.set(change.target === 'group' ? KEYS.groupPersistent(change.name) : KEYS.resourcePersistent(change.name), change.state);
    for (const [key, state] of states) ops.push({ op: 'put', key, value: String(state) });
    const compare = this.cluster?.guard(operation) ?? [];
    const result = await this.store.txn({ compare, success: ops });
    if (!result.succeeded) {
      throw new ClusterError(Win32.ERROR_HOST_NODE_NOT_GROUP_OWNER, `${operation.target} changed owner: this node no longer owns its group, so it cannot record ${operation.id}`);
    }
  }

  /** Follows the engine's step and operation events, writing each touched record once per batch. */
  attach(engine: Engine): void {
    this.engine = engine;
    this.unsubscribe = engine.subscribe((event) => {
      if (event.type === 'step-started' || event.type === 'step-ended') this.markDirty(event.operation, false);
      else if (event.type === 'operation-ended') this.markDirty(event.operation, true);
    });
  }

  /** Writes everything still pending; the daemon calls it before closing the store. */
  async flush(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    await this.flushing;
    await this.writeDirty();
  }

  /**
   * Step events come in bursts (a 10-step chain rewrites its whole record 20 times, 1,000 chains
   * starting together write ~60 MB of JSON): they wait up to STEP_WRITE_DELAY_MS so one write
   * carries many steps. An operation's end goes out in this turn, as before.
   */
  private markDirty(id: string, ended: boolean): void {
    // Another node's record (mirrored from the store) is that node's to write.
    if (!this.ownIds.test(id)) return;
    this.dirty.add(id);
    if (ended) {
      if (this.immediate) return;
      this.immediate = setImmediate(this.writeBatch);
    } else if (!this.immediate && !this.timer) {
      this.timer = setTimeout(this.writeBatch, STEP_WRITE_DELAY_MS);
    }
  }

  private readonly writeBatch = (): void => {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.flushing = this.flushing.then(() => this.writeDirty()).catch(() => undefined);
  };

  private async writeDirty(): Promise<void> {
    if (!this.engine || this.dirty.size === 0) return;
    const ops: TxnOp[] = [];
    for (const id of this.dirty) {
      const record = this.engine.operation(id);
      if (record) ops.push({ op: 'put', key: KEYS.operation(id), value: JSON.stringify(record) });
    }
    this.dirty.clear();
    if (ops.length > 0) await this.store.txn({ success: ops });
  }
}

function persistentMap(kvs: ReadonlyArray<{ key: string; value: string }>, prefix: string): Map<string, PersistentState> {
  const map = new Map<string, PersistentState>();
  for (const kv of kvs) map.set(kv.key.slice(prefix.length), storedPersistent(kv.value));
  return map;
}

/** A persistent state as stored: "1" online, anything else offline. */
function storedPersistent(value: string): PersistentState {
  return value === '1' ? PersistentState.Online : PersistentState.Offline;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
