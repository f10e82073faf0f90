/**
 * Events a resource host produces, as the daemon sees them: the type's unsolicited reports
 * (progress, locked mode, log lines), the host's own life (started, exited) and its fencing.
 * Every event names the host and its pid, so the engine can show MonitorProcessId and tie a crash
 * to its resources.
 */
import type { LogLevel } from '../resources/sdk/types.js';

/**
 * Why a host process ended:
 * - `crashed`: it died on its own (kill -9 from outside, CrashHost, a native fault).
 * - `deadline`: a call outran its DeadlockTimeout and the client killed it.
 * - `start-failed`: it never became ready (spawn error, start-up timeout, exit before ready).
 * - `shutdown`: the daemon closed it on purpose.
 */
export type HostExitCause = 'crashed' | 'deadline' | 'start-failed' | 'shutdown';

interface HostEventBase {
  readonly hostId: string;
  readonly pid: number | null;
}

export type HostEvent =
  | (HostEventBase & { readonly kind: 'progress'; readonly resource: string; readonly callId: number; readonly note: string | null })
  | (HostEventBase & { readonly kind: 'locked'; readonly resource: string; readonly locked: boolean; readonly reason: number })
  | (HostEventBase & { readonly kind: 'log'; readonly resource: string | null; readonly level: LogLevel; readonly message: string })
  | (HostEventBase & { readonly kind: 'host-started' })
  /**
   * The host's fence deadline passed without renewal: it terminated these resources by itself
   * and refuses `online` until the daemon sends a new deadline (HostPool.setFenceDeadline).
   */
  | (HostEventBase & { readonly kind: 'fenced'; readonly resources: readonly string[] })
  | (HostEventBase & {
      readonly kind: 'host-exited';
      readonly cause: HostExitCause;
      readonly exitCode: number | null;
      readonly signal: string | null;
      /**
       * Every resource whose state lived in this host (called at least once and not closed):
       * the engine marks these Failed after a crash or deadline, then applies restart policy.
       */
      readonly resources: readonly string[];
      readonly detail: string;
    });

export type HostEventListener = (event: HostEvent) => void;

/** A minimal synchronous fan-out: listeners run in subscription order; one that throws does not stop the rest. */
export class HostEventHub {
  private readonly listeners = new Set<HostEventListener>();

  subscribe(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: HostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A subscriber's bug must not break delivery to the engine; report it where it is visible.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
