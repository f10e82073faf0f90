/**
 * Moves in flight, one per group at most (a second is 5908 at admission). A move is held here from
 * admission until its handover (or its end by cancel or failure): queued while QUEUE_ENABLED waits
 * for a locked resource to unlock, then offlining on this node, then handing over.
 */
import type { Command } from '../core/commands.js';
import type { PlanStep } from '../core/plan.js';
import type { DecodedInput } from './input-buffer.js';
import type { OperationRecord } from './operation.js';

export interface MoveInFlight {
  readonly group: string;
  readonly operation: OperationRecord;
  readonly command: Command & { readonly kind: 'move-group' };
  readonly decoded: DecodedInput | null;
  readonly from: string;
  to: string;
  /** Waiting for locked resources (QUEUE_ENABLED); no step has run yet. */
  queued: boolean;
  /** Cancel operations that end when this move ends. */
  readonly cancels: OperationRecord[];
  /** Extra CLUS_RESDLL_OFFLINE_* bits for the offline steps (RETURNING_TO_SOURCE on a return). */
  readonly resDllFlags: number;
  /** Set while queued: called with the steps to run once unlocked, or null when cancelled. */
  release: ((steps: readonly PlanStep[] | null) => void) | null;
}

export class MoveBook {
  private readonly byGroup = new Map<string, MoveInFlight>();

  get(group: string): MoveInFlight | undefined {
    return this.byGroup.get(group);
  }

  add(move: MoveInFlight): void {
    this.byGroup.set(move.group, move);
  }

  delete(group: string): void {
    this.byGroup.delete(group);
  }

  queued(): MoveInFlight[] {
    return [...this.byGroup.values()].filter((m) => m.queued);
  }

  clear(): MoveInFlight[] {
    const all = [...this.byGroup.values()];
    this.byGroup.clear();
    return all;
  }
}
