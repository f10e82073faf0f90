/**
 * Applies the restart policy (src/core/restart-policy.ts) to a failed resource: schedules the
 * restart after RestartDelay as an operation of its own (so it is in the log with its cause), the
 * last attempt after RetryPeriodOnFailure, or hands the group to failover.
 */
import type { Clock } from '../core/clock.js';
import { decideRestart } from '../core/restart-policy.js';
import { ResourceState } from '../core/states.js';
import type { ResourceRecord } from './resource-record.js';

export interface RecoveryActions {
  restart(record: ResourceRecord, cause: string): Promise<unknown>;
  failover(record: ResourceRecord, why: string): void;
}

export class Recovery {
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly actions: RecoveryActions,
  ) {}

  resourceFailed(record: ResourceRecord): void {
    if (this.stopped) return;
    record.recoveryTimer?.cancel();
    const decision = decideRestart(record.config.common, record.persistentState, record.restartHistory, this.clock.now());
    record.restartHistory = [...decision.history];
    if (decision.kind === 'restart') {
      const cause = `restart policy: attempt ${decision.attempt} of ${record.config.common.RestartThreshold} after ${record.failureReason ?? 'failure'}`;
      this.later(record, decision.delayMs, cause);
    } else if (decision.kind === 'fail-over-group') {
      record.failureReason = `${record.failureReason ?? 'failed'}; ${decision.why}`;
      this.actions.failover(record, decision.why);
    } else if (decision.retryAfterMs !== null) {
      this.later(record, decision.retryAfterMs, `RetryPeriodOnFailure: last attempt after ${decision.why}`);
    }
  }

  shutdown(): void {
    this.stopped = true;
  }

  private later(record: ResourceRecord, delayMs: number, cause: string): void {
    record.recoveryTimer = this.clock.setTimer(delayMs, () => {
      record.recoveryTimer = null;
      if (this.stopped || record.machineState !== ResourceState.Failed) return;
      void this.actions.restart(record, cause);
    });
  }
}
