/**
 * LooksAlive / IsAlive polling for Online resources (wsfc.md §5.3): LooksAlive every
 * LooksAlivePollInterval (type default 5,000 ms); a FALSE answer asks IsAlive at once. IsAlive every
 * IsAlivePollInterval (60,000 ms); FALSE makes the resource Failed through the state machine, which
 * then terminates it and applies restart policy. One check at a time per resource.
 *
 * The checks of every resource share one clock timer (check-lanes.ts) instead of two timers per
 * resource: with 10,000 resources that is 20,000 timers, closures and handles fewer.
 */
import type { Clock } from '../core/clock.js';
import { effectiveIsAliveInterval, effectiveLooksAliveInterval } from '../core/common-properties.js';
import { ResourceState } from '../core/states.js';
import { CheckLanes, type HealthEntry } from './check-lanes.js';
import type { ResourceDriver } from './driver.js';
import { describeResult, succeeded, type ResourceController } from './resource-controller.js';
import type { ResourceRecord } from './resource-record.js';

export class HealthMonitor {
  private readonly checking = new WeakSet<ResourceRecord>();
  private readonly lanes: CheckLanes;
  private stopped = false;

  constructor(
    private readonly driver: ResourceDriver,
    clock: Clock,
    private readonly controller: () => ResourceController,
  ) {
    this.lanes = new CheckLanes(clock, (record, entry) => this.due(record, entry));
  }

  start(record: ResourceRecord): void {
    this.stop(record);
    if (this.stopped) return;
    this.lanes.add(record, 'looksAlive', effectiveLooksAliveInterval(record.config.common));
    this.lanes.add(record, 'isAlive', effectiveIsAliveInterval(record.config.common));
  }

  stop(record: ResourceRecord): void {
    this.lanes.cancel(record);
  }

  /** Stops all future checks (engine shutdown). */
  shutdown(): void {
    this.stopped = true;
    this.lanes.clear();
  }

  private due(record: ResourceRecord, entry: HealthEntry): void {
    const round = record.healthRound;
    void this.check(record, entry).finally(() => {
      // A stop (and maybe a new start) since this check was queued ends this check's cycle.
      if (!this.stopped && record.healthRound === round && record.machineState === ResourceState.Online) {
        this.lanes.add(record, entry, entry === 'looksAlive' ? effectiveLooksAliveInterval(record.config.common) : effectiveIsAliveInterval(record.config.common));
      }
    });
  }

  private async check(record: ResourceRecord, entry: HealthEntry): Promise<void> {
    if (record.machineState !== ResourceState.Online || this.checking.has(record)) return;
    this.checking.add(record);
    try {
      const deadline = record.config.common.DeadlockTimeout;
      let result = await this.driver.call(record, { entry }, deadline);
      // LooksAlive FALSE is only a hint: IsAlive decides (§5.3).
      if (!succeeded(result) && entry === 'looksAlive' && record.machineState === ResourceState.Online) {
        result = await this.driver.call(record, { entry: 'isAlive' }, deadline);
      }
      // A crashed host is reported on its own (host-crashed event); here only real answers count.
      if (!succeeded(result) && result.exec !== 'host-crashed' && record.machineState === ResourceState.Online) {
        this.controller().feed(record, 'health-check-failed', describeResult(result));
      }
    } finally {
      this.checking.delete(record);
    }
  }
}
