/**
 * LooksAlive / IsAlive polling for Online resources (wsfc.md §5.3): LooksAlive every
 * LooksAlivePollInterval (type default 5,000 ms); a FALSE answer asks IsAlive at once. IsAlive every
 * IsAlivePollInterval (60,000 ms); FALSE makes the resource Failed through the state machine, which
 * then terminates it and applies restart policy. One check at a time per resource.
 */
import type { Clock } from '../core/clock.js';
import { effectiveIsAliveInterval, effectiveLooksAliveInterval } from '../core/common-properties.js';
import { ResourceState } from '../core/states.js';
import type { ResourceDriver } from './driver.js';
import { bindingOf, describeResult, succeeded, type ResourceController } from './resource-controller.js';
import type { ResourceRecord } from './resource-record.js';

export class HealthMonitor {
  private readonly checking = new WeakSet<ResourceRecord>();
  private stopped = false;

  constructor(
    private readonly driver: ResourceDriver,
    private readonly clock: Clock,
    private readonly controller: () => ResourceController,
  ) {}

  start(record: ResourceRecord): void {
    this.stop(record);
    if (this.stopped) return;
    this.schedule(record, 'looksAlive', effectiveLooksAliveInterval(record.config.common));
    this.schedule(record, 'isAlive', effectiveIsAliveInterval(record.config.common));
  }

  stop(record: ResourceRecord): void {
    for (const timer of record.healthTimers.splice(0)) timer.cancel();
  }

  /** Stops all future checks (engine shutdown). */
  shutdown(): void {
    this.stopped = true;
  }

  private schedule(record: ResourceRecord, entry: 'looksAlive' | 'isAlive', intervalMs: number): void {
    const handle = this.clock.setTimer(intervalMs, () => {
      record.healthTimers = record.healthTimers.filter((t) => t !== handle);
      void this.check(record, entry).finally(() => {
        if (!this.stopped && record.machineState === ResourceState.Online) this.schedule(record, entry, intervalMs);
      });
    });
    record.healthTimers.push(handle);
  }

  private async check(record: ResourceRecord, entry: 'looksAlive' | 'isAlive'): Promise<void> {
    if (record.machineState !== ResourceState.Online || this.checking.has(record)) return;
    this.checking.add(record);
    try {
      const deadline = record.config.common.DeadlockTimeout;
      let result = await this.driver.call(bindingOf(record), { entry }, deadline);
      // LooksAlive FALSE is only a hint: IsAlive decides (§5.3).
      if (!succeeded(result) && entry === 'looksAlive' && record.machineState === ResourceState.Online) {
        result = await this.driver.call(bindingOf(record), { entry: 'isAlive' }, deadline);
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
