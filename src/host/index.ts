/**
 * Resource hosts: child processes that run resource types (Wolfpack's rhs.exe). The engine uses
 * HostPool; HostClient is one process; protocol.ts is the wire format.
 */
export { HostPool, DEFAULT_DEADLOCK_TIMEOUT_MS, type HostPoolOptions, type HostInfo, type PoolCall, type CallTicket, type PoolDispatch } from './host-pool.js';
export { HostClient, type HostCall, type HostClientOptions } from './host-client.js';
export type { HostEvent, HostEventListener, HostExitCause } from './host-events.js';
export type { CallResult, CallExec, CallOutcome } from './protocol.js';
export { systemClock, monotonicClock } from './system-clock.js';
export { FENCED_CODE } from './host-fence.js';
