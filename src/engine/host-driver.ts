/**
 * The real ResourceDriver: resource types in host child processes (src/host). Translates the
 * pool's events into the engine's: a host that exits for any reason but a deliberate shutdown is a
 * crash of every resource that lived in it. A host's `fenced` event is passed on per host, so the
 * engine hears one per live host for an expired deadline, each listing what that host terminated.
 */
import type { CallTicket, HostPool } from '../host/index.js';
import type { CallResult } from '../resources/sdk/outcome.js';
import type { DriverCall, DriverDispatch, DriverEvent, DriverTicket, ResourceBinding, ResourceDriver } from './driver.js';

export class HostDriver implements ResourceDriver {
  constructor(readonly pool: HostPool) {}

  call(binding: ResourceBinding, call: DriverCall, deadlineMs: number): Promise<CallResult> {
    return this.dispatch(binding, call, deadlineMs).result;
  }

  /** One literal per call, no spread of a base object: this runs on every step of every plan. */
  dispatch(binding: ResourceBinding, call: DriverCall, deadlineMs: number, after?: DriverTicket): DriverDispatch {
    const { name: resource, type, properties, separateMonitor } = binding;
    const ticket = after as CallTicket | undefined;
    switch (call.entry) {
      case 'online':
        return this.pool.dispatch(ticket ? { resource, type, properties, separateMonitor, deadlineMs, entry: 'online', args: call.args, after: ticket } : { resource, type, properties, separateMonitor, deadlineMs, entry: 'online', args: call.args });
      case 'offline':
        return this.pool.dispatch(ticket ? { resource, type, properties, separateMonitor, deadlineMs, entry: 'offline', args: call.args, after: ticket } : { resource, type, properties, separateMonitor, deadlineMs, entry: 'offline', args: call.args });
      default:
        return this.pool.dispatch({ resource, type, properties, separateMonitor, deadlineMs, entry: call.entry, args: null });
    }
  }

  subscribe(listener: (event: DriverEvent) => void): () => void {
    return this.pool.subscribe((event) => {
      switch (event.kind) {
        case 'progress':
          listener({ kind: 'progress', resource: event.resource, note: event.note });
          return;
        case 'locked':
          listener({ kind: 'locked', resource: event.resource, locked: event.locked, reason: event.reason });
          return;
        case 'log':
          if (event.resource !== null) listener({ kind: 'log', resource: event.resource, level: event.level, message: event.message });
          return;
        case 'host-exited':
          if (event.cause === 'shutdown') return;
          listener({ kind: 'host-crashed', host: `${event.hostId} (pid ${event.pid ?? '?'})`, resources: event.resources, detail: `${event.cause}: ${event.detail}` });
          return;
        case 'fenced':
          listener({ kind: 'fenced', resources: event.resources });
          return;
        case 'host-started':
          return;
      }
    });
  }

  setFenceDeadline(inMs: number | null): void {
    this.pool.setFenceDeadline(inMs);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
