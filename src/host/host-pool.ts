/**
 * HostPool: the daemon's set of resource hosts (wsfc.md §5.7 monitor isolation). One host per
 * resource type by default; a dedicated host for a resource with SeparateMonitor=1. The engine
 * only ever calls `pool.call(...)` and listens to `pool.subscribe(...)`.
 *
 * Isolation: a host that crashes or is killed for a deadline fails only its own pending calls and
 * reports `host-exited` with the resources that lived in it; other hosts are not touched. The pool
 * starts a fresh host on the next call for that type (lazily, so a type that crashes at start-up
 * cannot spin a restart loop; the engine's restart policy paces the retries).
 *
 * `close()` shuts every host down and waits for each process to exit: no orphans.
 *
 * Fencing (docs/adr/0006-many-nodes.md): `setFenceDeadline` arms every host's self-fence; the pool
 * remembers the deadline so a host started later is armed too, with what is left of it.
 */
import type { Clock } from '../core/clock.js';
import { resolveResourceType, type ResolvedType, type ResolveResult } from '../resources/registry.js';
import { RESULT_CODES, describeError, type CallResult } from '../resources/sdk/outcome.js';
import type { EntryArgs, EntryPoint, ResourceProperties } from '../resources/sdk/types.js';
import type { HostCall } from './host-call.js';
import { HostClient } from './host-client.js';
import { HostEventHub, type HostEventListener } from './host-events.js';
import { monotonicClock } from './system-clock.js';

/** DeadlockTimeout's default (wsfc.md §8). */
export const DEFAULT_DEADLOCK_TIMEOUT_MS = 300_000;

export type PoolCall<E extends EntryPoint = EntryPoint> = {
  readonly resource: string;
  /** The resource's `type:` as configured (`dummy`, `./my-type.js`), or an already resolved type. */
  readonly type: string | ResolvedType;
  readonly entry: E;
  readonly args: EntryArgs[E];
  /** Private properties; pass the same object while they do not change (it is re-sent on change). */
  readonly properties?: ResourceProperties;
  /** SeparateMonitor=1: run this resource in its own host. */
  readonly separateMonitor?: boolean;
  /** DeadlockTimeout for this call (default: the pool's, 300,000 ms). */
  readonly deadlineMs?: number;
  /**
   * Run only after this earlier call has succeeded (CallRequest.after). When the two calls would
   * not run in the same host the call is not sent and ends `cancelled`, so the caller sends it
   * normally when its turn comes.
   */
  readonly after?: CallTicket;
};

/** Names a dispatched call, for a later call's `after`. */
export interface CallTicket {
  readonly host: HostClient;
  readonly id: number;
}

export interface PoolDispatch {
  readonly ticket: CallTicket | null;
  readonly result: Promise<CallResult>;
}

export interface HostPoolOptions {
  /** Directory that relative type paths are resolved against (the configuration file's). */
  readonly baseDir: string;
  /** Drives deadlines, the start-up timeout and the shutdown grace (default: the system clock). */
  readonly clock?: Clock;
  /** DeadlockTimeout for calls that do not give one (default 300,000 ms). */
  readonly defaultDeadlineMs?: number;
  readonly startupTimeoutMs?: number;
  readonly shutdownGraceMs?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** A bug on our side must still reach the engine as data: pool.call never rejects. */
function internalError(error: unknown): CallResult {
  return { exec: 'error', code: RESULT_CODES.exception, detail: `resource host pool: ${describeError(error)}` };
}

export interface HostInfo {
  readonly hostId: string;
  readonly pid: number | null;
  /** The resource it is dedicated to (SeparateMonitor), or null for a shared per-type host. */
  readonly dedicatedTo: string | null;
  readonly resources: readonly string[];
  readonly pendingCalls: number;
}

interface Residence {
  readonly hostId: string;
  readonly host: HostClient;
  readonly type: string;
}

export class HostPool {
  private readonly hosts = new Map<string, HostClient>();
  private readonly resolved = new Map<string, ResolveResult>();
  private readonly typeHostIds = new Map<string, string>();
  /** Which host each resource's state lives in, to close it there when it moves (SeparateMonitor change). */
  private readonly residence = new Map<string, Residence>();
  /**
   * The residence values, one per (host, type): every resource of a shared type host lives in the
   * same place, so 10,000 resources share a few objects rather than holding one each.
   */
  private readonly places = new WeakMap<HostClient, Map<string, Residence>>();
  /** Dedicated hosts being shut down after their resource closed; close() waits for them too. */
  private readonly retiring = new Set<HostClient>();
  private readonly events = new HostEventHub();
  private closing = false;
  /** The fence deadline on fenceClock, or null while none is armed. */
  private fenceAt: number | null = null;
  private readonly fenceClock: Clock;

  constructor(private readonly options: HostPoolOptions) {
    this.fenceClock = options.clock ?? monotonicClock;
  }

  /** Progress, locked, log, host-started, host-exited and fenced events of every host. */
  subscribe(listener: HostEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Resolves a `type:` string (cached); exposed so configuration checks can report 5078 early. */
  resolve(type: string): ResolveResult {
    let result = this.resolved.get(type);
    if (!result) {
      result = resolveResourceType(type, { baseDir: this.options.baseDir });
      this.resolved.set(type, result);
    }
    return result;
  }

  /**
   * Runs one entry point for one resource in the right host, starting it if needed. Never
   * rejects: the promise settles with a CallResult (see outcome.ts for every `exec`).
   */
  call<E extends EntryPoint>(call: PoolCall<E>): Promise<CallResult> {
    return this.dispatch(call).result;
  }

  /** Like call(), and returns a ticket a later call can name as `after`. */
  dispatch<E extends EntryPoint>(call: PoolCall<E>): PoolDispatch {
    try {
      const routed = this.route(call);
      return { ticket: routed.ticket, result: routed.result.catch((error: unknown) => internalError(error)) };
    } catch (error) {
      return { ticket: null, result: Promise.resolve(internalError(error)) };
    }
  }

  private route<E extends EntryPoint>(call: PoolCall<E>): PoolDispatch {
    if (this.closing) return { ticket: null, result: Promise.resolve({ exec: 'cancelled', code: RESULT_CODES.cancelled, detail: 'the host pool is closed' }) };
    const resolution = typeof call.type === 'string' ? this.resolve(call.type) : ({ ok: true, type: call.type } as const);
    if (!resolution.ok) return { ticket: null, result: Promise.resolve({ exec: 'error', code: resolution.code, detail: resolution.detail }) };
    const type = resolution.type;
    const hostId = call.separateMonitor === true ? `resource:${call.resource}` : this.typeHostId(type.typeKey);
    if (call.after !== undefined && (this.hosts.get(hostId) !== call.after.host || !call.after.host.isAlive)) {
      return { ticket: null, result: Promise.resolve({ exec: 'cancelled', code: RESULT_CODES.cancelled, detail: 'the call it was to follow runs in another host' }) };
    }
    this.leavePreviousHost(call.resource, hostId, call.entry);
    const host = this.hostFor(hostId, type);
    void host.load(type); // pipelined: the host runs the call after the load completes
    const hostCall: { -readonly [K in keyof HostCall<E>]: HostCall<E>[K] } = { resource: call.resource, type: type.typeKey, entry: call.entry, args: call.args };
    if (call.properties) hostCall.properties = call.properties;
    const deadlineMs = call.deadlineMs ?? this.options.defaultDeadlineMs ?? DEFAULT_DEADLOCK_TIMEOUT_MS;
    const dispatched = host.dispatch(hostCall, call.after === undefined ? { deadlineMs } : { deadlineMs, after: call.after.id });
    const result = dispatched.result;
    if (call.entry !== 'validate') {
      const where = this.residence.get(call.resource);
      if (where?.host !== host || where.type !== type.typeKey) this.residence.set(call.resource, this.place(hostId, host, type.typeKey));
    }
    if (call.entry === 'close') void result.then(() => this.afterClose(call.resource, hostId));
    return { ticket: { host, id: dispatched.id }, result };
  }

  /**
   * Starts the host that `type` (or, with separateMonitor, `resource`) uses and loads the type,
   * so the first real call (the start-up probe) does not pay for process start. Optional.
   */
  async prepare(type: string, options: { readonly resource?: string; readonly separateMonitor?: boolean } = {}): Promise<CallResult> {
    if (this.closing) return { exec: 'cancelled', code: RESULT_CODES.cancelled, detail: 'the host pool is closed' };
    const resolution = this.resolve(type);
    if (!resolution.ok) return { exec: 'error', code: resolution.code, detail: resolution.detail };
    const dedicated = options.separateMonitor === true && options.resource !== undefined;
    const hostId = dedicated ? `resource:${options.resource}` : `type:${resolution.type.typeKey}`;
    return this.hostFor(hostId, resolution.type).load(resolution.type);
  }

  /** The pid of the host a call with these parameters would use now, or null if none is running. */
  pidFor(resource: string, type: string, separateMonitor = false): number | null {
    if (separateMonitor) return this.hosts.get(`resource:${resource}`)?.pid ?? null;
    const resolution = this.resolve(type);
    return resolution.ok ? (this.hosts.get(`type:${resolution.type.typeKey}`)?.pid ?? null) : null;
  }

  list(): HostInfo[] {
    return [...this.hosts.values()].map((host) => ({
      hostId: host.hostId,
      pid: host.pid,
      dedicatedTo: host.hostId.startsWith('resource:') ? host.hostId.slice('resource:'.length) : null,
      resources: [...host.resources],
      pendingCalls: host.pendingCalls,
    }));
  }

  /**
   * "Terminate everything unless told again within `inMs`", to every host now and to each host
   * started later (with the time left); null disarms. Hosts that fence report a `fenced` event.
   * Retiring hosts are left out: their only resource was closed.
   */
  setFenceDeadline(inMs: number | null): void {
    this.fenceAt = inMs === null ? null : this.fenceClock.now() + inMs;
    for (const host of this.hosts.values()) if (host.isAlive) host.setFenceDeadline(inMs);
  }

  /** Shuts every host down and resolves when every process has exited. Calls after this are `cancelled`. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.hosts.values(), ...this.retiring].map((host) => host.close()));
  }

  /** `type:<typeKey>`, kept rather than rebuilt on every call. */
  private typeHostId(typeKey: string): string {
    let id = this.typeHostIds.get(typeKey);
    if (id === undefined) this.typeHostIds.set(typeKey, (id = `type:${typeKey}`));
    return id;
  }

  private hostFor(hostId: string, type: ResolvedType): HostClient {
    const existing = this.hosts.get(hostId);
    if (existing?.isAlive) return existing;
    const host = new HostClient({
      hostId,
      typescript: type.typescript,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.startupTimeoutMs !== undefined ? { startupTimeoutMs: this.options.startupTimeoutMs } : {}),
      ...(this.options.shutdownGraceMs !== undefined ? { shutdownGraceMs: this.options.shutdownGraceMs } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
    });
    this.hosts.set(hostId, host);
    if (this.fenceAt !== null) host.setFenceDeadline(Math.max(0, this.fenceAt - this.fenceClock.now()));
    host.subscribe((event) => {
      if (event.kind === 'host-exited') this.forget(host);
      this.events.emit(event);
    });
    return host;
  }

  private place(hostId: string, host: HostClient, type: string): Residence {
    let byType = this.places.get(host);
    if (!byType) this.places.set(host, (byType = new Map()));
    let place = byType.get(type);
    if (!place) byType.set(type, (place = { hostId, host, type }));
    return place;
  }

  private forget(host: HostClient): void {
    if (this.hosts.get(host.hostId) === host) this.hosts.delete(host.hostId);
    for (const [resource, where] of this.residence) {
      if (where.host === host) this.residence.delete(resource);
    }
  }

  /**
   * SeparateMonitor takes effect at the next online (wsfc.md §8): when a resource's calls move to
   * another host, it is closed in the one it leaves so its state does not live in two places.
   */
  private leavePreviousHost(resource: string, hostId: string, entry: EntryPoint): void {
    if (entry === 'validate') return;
    const previous = this.residence.get(resource);
    if (!previous || previous.hostId === hostId) return;
    this.residence.delete(resource);
    const old = previous.host;
    if (old.isAlive && old.resources.has(resource)) {
      void old.call({ resource, type: previous.type, entry: 'close', args: null }, { deadlineMs: this.options.defaultDeadlineMs ?? DEFAULT_DEADLOCK_TIMEOUT_MS }).then(() => {
        this.afterClose(resource, previous.hostId);
      });
    }
  }

  /** A dedicated host whose resource was closed has nothing left to do. */
  private afterClose(resource: string, hostId: string): void {
    if (this.residence.get(resource)?.hostId === hostId) this.residence.delete(resource);
    const host = this.hosts.get(hostId);
    if (host && hostId.startsWith('resource:') && host.resources.size === 0 && host.pendingCalls === 0) {
      this.hosts.delete(hostId);
      this.retiring.add(host);
      void host.close().then(() => this.retiring.delete(host));
    }
  }
}
