/**
 * What the elected leader does (ADR 0006): give every group without a live owner to a node.
 * Groups never placed get their first owner; groups of a Down node fail over to the next node by
 * preferred and possible owners, within FailoverThreshold per FailoverPeriod (past it the group
 * ends Failed on the node it was given to). Each failover is an operation in the log with its reason.
 */
import { chooseNode } from '../core/placement.js';
import { NodeState } from '../core/states.js';
import type { Engine } from '../engine/engine.js';
import type { ClusterStore } from '../store/port.js';
import { decideFailover, recordFailover } from './failover-history.js';
import type { Handover } from './keys.js';
import type { Membership } from './membership.js';
import type { OwnershipTable } from './ownership.js';

export class LeaderDuties {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: ClusterStore,
    private readonly engine: Engine,
    private readonly membership: Membership,
    private readonly owners: OwnershipTable,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs a sweep now, or once more after the one in progress (sweeps never overlap). */
  sweep(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweepOnce()
      .catch((error: unknown) => this.log(`placement: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.sweep();
        }
      });
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async sweepOnce(): Promise<void> {
    const model = this.engine.model;
    const runtime = this.engine.snapshot().runtime;
    for (const group of model.config.groups) {
      const entry = this.owners.get(group.name);
      const owner = entry?.record.node ?? null;
      if (owner !== null && this.membership.stateOf(owner) !== NodeState.Down) continue;
      if (!entry || owner === null) {
        const node = chooseNode(model, runtime, group.name);
        if (node === null) continue;
        await this.owners.transfer(group.name, node, { kind: 'initial', from: null, operation: null, flags: 0, input: null, cause: 'first placement' }, entry ?? null).catch(() => undefined);
        continue;
      }
      await this.failOver(group.name, owner, entry.record.epoch);
    }
  }

  private async failOver(group: string, down: string, epoch: number): Promise<void> {
    const model = this.engine.model;
    const target = chooseNode(model, this.engine.snapshot().runtime, group, { exclude: [down] });
    if (target === null) return;
    const config = model.groupsByKey.get(group.toLowerCase());
    if (!config) return;
    const decision = await decideFailover(this.store, config, model.config.nodes.length);
    const why = `node ${down} is down (its membership lease expired)`;
    const detail = decision.allowed
      ? `${group}: ${down} -> ${target}: ${why}; ${decision.remaining} more failover(s) allowed in ${config.common.FailoverPeriod} h`
      : `${group}: ${down} -> ${target}, left Failed: ${why} and FailoverThreshold ${config.common.FailoverThreshold} was reached within ${config.common.FailoverPeriod} h`;
    const handover: Handover = { kind: 'failover', from: down, operation: null, flags: 0, input: null, cause: `failover from ${down}: ${why}`, ...(decision.allowed ? {} : { failed: true }) };
    const seen = this.owners.get(group);
    if (!seen || seen.record.epoch !== epoch) return;
    // The record follows the compare-and-swap, so a failover that lost the race leaves no trace.
    await this.owners.transfer(group, target, handover, seen);
    await recordFailover(this.store, config, decision);
    const operation = await this.engine.recordAudit({ kind: 'failover-group', target: group, actor: 'wolfpack', client: 'leader', detail, cause: why });
    this.log(`failover ${operation}: ${detail}`);
  }
}
