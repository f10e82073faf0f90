/**
 * What a node does for the groups it owns (ADR 0006): take a group in when the owner record names
 * it (probe, then the persistent state; a failed move online goes back to its source when the mover
 * asked for RETURN_TO_SOURCE_NODE_ON_ERROR), give groups away when its node is paused with drain,
 * fail groups back to their preferred owner per AutoFailback, and fail a group over when a
 * resource exhausted its restarts with RestartAction 2.
 */
import { GroupMoveFlags, ResDllOfflineFlags } from '../core/flags.js';
import { failbackTarget } from '../core/placement.js';
import type { GroupConfig } from '../core/model.js';
import type { PersistentState } from '../core/states.js';
import type { Engine } from '../engine/engine.js';
import type { ClusterStore } from '../store/port.js';
import { decideFailover, recordFailover } from './failover-history.js';
import type { Handover } from './keys.js';

/** The persistent states of a group's resources and of the group, as durable in the store. */
export interface StoredPersistent {
  readonly group: PersistentState | null;
  readonly resources: ReadonlyMap<string, PersistentState>;
}

export interface OwnerDutiesDeps {
  /** True while the owner record is still the one (by modRevision) that named this node, and this node is not fenced. */
  stillOwned(group: string, modRevision: number): boolean;
  /** Reads the group's persistent states from the store (the owner that wrote them may be gone). */
  readPersistent(group: GroupConfig): Promise<StoredPersistent>;
}

export class OwnerDuties {
  /** One adoption or hand-away at a time per group, in arrival order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ClusterStore,
    private readonly engine: Engine,
    private readonly log: (line: string) => void,
    private readonly deps: OwnerDutiesDeps,
  ) {}

  /**
   * The owner record (at `modRevision`) now names this node. The adoption waits its turn behind
   * earlier work on the group, so it checks again that the record is still that one: a newer record
   * (this node fenced meanwhile and the group went elsewhere) must not be acted on.
   */
  adopt(group: string, handover: Handover | null, modRevision: number): void {
    this.enqueue(group, async () => {
      if (!this.deps.stillOwned(group, modRevision)) return;
      const config = this.engine.model.groupsByKey.get(group.toLowerCase());
      if (!config) return;
      // The last owner may have died between writing an admission and publishing its status: the
      // store, not the mirror, says what is to be online.
      const persistent = await this.deps.readPersistent(config);
      if (!this.deps.stillOwned(group, modRevision)) return;
      const cause = handover ? handover.cause : 'this node owns the group';
      const inputBytes = handover?.input ? new Uint8Array(Buffer.from(handover.input, 'base64')) : undefined;
      // Only a move hands over a group that is still running on its source: a live migration.
      const sourceNode = handover?.kind === 'move' && handover.from !== null ? { sourceNode: handover.from } : {};
      const reached = await this.engine.adoptGroup(group, { cause, persistent, ...sourceNode, ...(inputBytes ? { inputBytes } : {}), ...(handover?.failed ? { failed: `FailoverThreshold reached (${handover.cause})` } : {}) });
      const returnOnError = handover?.kind === 'move' && handover.from !== null && (handover.flags & GroupMoveFlags.CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR) !== 0;
      if (!reached && returnOnError && handover.from !== null) {
        this.log(`${group} did not reach its persistent state after ${handover.operation ?? 'the move'}: returning it to ${handover.from}`);
        await this.engine.moveAway(group, handover.from, {
          cause: `return to source ${handover.from}: the group did not come online after ${handover.operation ?? 'the move'}`,
          // Home it must go: locked mode cannot hold a return back.
          flags: GroupMoveFlags.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS,
          resDllFlags: ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_RETURNING_TO_SOURCE_NODE_BECAUSE_OF_ERROR,
          ...(inputBytes ? { inputBytes } : {}),
        });
      }
    });
  }

  /** This node is paused with drain: move every group it owns to the next node that may host it. */
  drain(): void {
    for (const group of this.engine.records.groups.values()) {
      const name = group.config.name;
      if (!this.engine.ownsGroup(name) || group.moving) continue;
      this.enqueue(name, async () => {
        if (!this.engine.ownsGroup(name)) return;
        const result = await this.engine.moveAway(name, null, { cause: `drain: node ${this.engine.localNode} is paused` });
        if (result.code !== 0 && result.code !== 997) this.log(`drain: ${name} stays on ${this.engine.localNode}: ${result.detail ?? result.name}`);
      });
    }
  }

  /** AutoFailback: groups whose most preferred Up owner is another node go there (inside the window). */
  failback(): void {
    const hour = new Date().getHours();
    for (const group of this.engine.records.groups.values()) {
      const name = group.config.name;
      if (!this.engine.ownsGroup(name) || group.moving) continue;
      const target = failbackTarget(this.engine.model, this.engine.snapshot().runtime, name, hour);
      if (target === null) continue;
      this.enqueue(name, async () => {
        if (!this.engine.ownsGroup(name)) return;
        await this.engine.moveAway(name, target, { cause: `failback to preferred owner ${target} (AutoFailbackType 1)` });
      });
    }
  }

  /** RestartAction 2 exhausted its restarts: fail the group over within FailoverThreshold. */
  failoverRequested(group: string, why: string): void {
    this.enqueue(group, async () => {
      const config = this.engine.model.groupsByKey.get(group.toLowerCase());
      if (!config || !this.engine.ownsGroup(group)) return;
      const decision = await decideFailover(this.store, config, this.engine.model.config.nodes.length);
      if (!decision.allowed) {
        this.log(`${group}: no failover (${why}): FailoverThreshold ${config.common.FailoverThreshold} reached within ${config.common.FailoverPeriod} h; the group stays Failed`);
        return;
      }
      await recordFailover(this.store, config, decision);
      const result = await this.engine.moveAway(config.name, null, { cause: `failover: ${why}` });
      if (result.code !== 0 && result.code !== 997) this.log(`${group}: failover not possible: ${result.detail ?? result.name}`);
    });
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private enqueue(group: string, work: () => Promise<void>): void {
    const previous = this.queues.get(group) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => this.log(`${group}: ${error instanceof Error ? error.message : String(error)}`));
    this.queues.set(group, next);
    void next.finally(() => {
      if (this.queues.get(group) === next) this.queues.delete(group);
    });
  }
}
