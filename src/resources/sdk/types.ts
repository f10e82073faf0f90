/**
 * The resource-type interface: Wolfpack's "resource DLL" (wsfc.md §5). A type module exports one
 * `ResourceType` object; the resource host calls its entry points with a `ResourceContext`.
 *
 * The WSFC return protocol maps onto promises: an entry point that returns a settled value is
 * ERROR_SUCCESS or an error; while its promise is pending the resource is pending (the
 * ERROR_IO_PENDING / worker-thread case of §5.2), and `ctx.reportProgress()` plays the role of
 * SetResourceStatus's checkpoint. Nothing here touches a process or the daemon, so types can be
 * unit-tested with `MockResourceEnvironment`.
 */
import type { Clock } from '../../core/clock.js';
import type { OfflineReason } from '../../core/flags.js';
import type { JsonValue } from '../../core/model.js';

/** A resource's private properties, as configured (`properties:` in the cluster file). */
export type ResourceProperties = Readonly<Record<string, JsonValue>>;

/**
 * The caller's property list (the Ex calls' InBuffer), decoded: `{"Virtual Machine": {type:
 * "dword", value: 1}}`. The codec lives in src/proplist; the SDK only carries its JSON form so
 * types do not depend on it. `raw` next to it is the byte-exact buffer.
 */
export type DecodedProps = Readonly<Record<string, { readonly type: string; readonly value: unknown }>>;

/** OnlineV2's arguments (wsfc.md §3.2): CLUS_RESDLL_ONLINE_* flags and the caller's buffer. */
export interface OnlineArgs {
  readonly flags: number;
  readonly instructions: DecodedProps | null;
  readonly raw: Uint8Array | null;
  /**
   * Set when the group arrives by a move from that node (the counterpart of OfflineV2's
   * destination): a type that can live-migrate completes the migration instead of starting cold.
   */
  readonly sourceNode?: string | null;
}

/**
 * OfflineV2's arguments (seeds/OfflineV2.txt): the move target, CLUS_RESDLL_OFFLINE_* flags, the
 * offline reason (a separate enum, never folded into the flags: wsfc.md §13 item 3) and the
 * caller's buffer.
 */
export interface OfflineArgs {
  readonly destinationNode: string | null;
  readonly flags: number;
  readonly reason: OfflineReason;
  readonly instructions: DecodedProps | null;
  readonly raw: Uint8Array | null;
}

/** Why a context's signal was aborted. */
export type AbortCause = 'terminate' | 'cancel' | 'close' | 'deadline' | 'shutdown';

export type LogLevel = 'info' | 'warn' | 'error';

export interface ResourceLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * What an entry point sees. One context per call; `properties` are the resource's latest private
 * properties at the time of the call.
 */
export interface ResourceContext {
  readonly resourceName: string;
  readonly properties: ResourceProperties;
  /**
   * Aborted when the engine terminates or cancels this resource, or the host shuts down. The
   * reason is an `AbortCause`. A type that is waiting should stop and settle.
   */
  readonly signal: AbortSignal;
  /** Wall-clock time and timers; the mock environment substitutes virtual time. */
  readonly clock: Clock;
  /** Waits `ms` on `clock`; rejects with the signal's reason if the signal aborts first. */
  sleep(ms: number): Promise<void>;
  /**
   * SetResourceStatus's checkpoint (wsfc.md §5.2): tells the engine the pending call is alive,
   * resetting its PendingTimeout gap timer. Reports made after the call has settled are dropped.
   */
  reportProgress(note?: string): void;
  /**
   * SetResourceLockedMode (wsfc.md §5.4): while locked, offline/online/move requests without the
   * IGNORE flag fail with 5960. May be called at any time, also after the call settled.
   */
  setLockedMode(locked: boolean, reason?: number): void;
  readonly log: ResourceLogger;
}

/** An entry point's explicit failure. `code` is a Win32 code; 5038 ERROR_RESOURCE_FAILED if absent. */
export interface EntryFailure {
  readonly state: 'failed';
  readonly detail?: string;
  readonly code?: number;
}

/** online/offline/open/close/cancel: resolve (to nothing) for success. */
export type EntryReturn = void | EntryFailure;

/**
 * Health-check answer. `true` / 'alive': running and healthy. 'not-running': cleanly stopped
 * (what a probe at daemon start wants to know). `false` / 'failed': should be running but is not
 * healthy.
 */
export type HealthAnswer = boolean | 'alive' | 'not-running' | 'failed' | EntryFailure;

/** A private property the type understands: for docs, `wolfpack` help and validation. */
export interface PropertySchemaEntry {
  readonly type: 'number' | 'boolean' | 'string' | 'json';
  readonly description: string;
  readonly default?: JsonValue;
}

export type PropertySchema = Readonly<Record<string, PropertySchemaEntry>>;

/** Answer of `validate`: null when the properties are acceptable, else why not (with a Win32 code). */
export type ValidationAnswer = null | { readonly code?: number; readonly detail: string };

type Maybe<T> = T | Promise<T>;

/**
 * One resource type. Entry points may be called concurrently for the same resource (terminate
 * while an offline is pending, health checks while online: wsfc.md §5.1), so guard shared data.
 */
export interface ResourceType {
  /** The type's name as the configuration spells it (`dummy`), or a descriptive name for a user type. */
  readonly name: string;
  readonly description?: string;
  /** The private properties this type reads. */
  readonly properties?: PropertySchema;

  /** Called once per resource before anything else; must leave the resource offline. */
  open?(ctx: ResourceContext): Maybe<EntryReturn>;
  /** OnlineV2. Settling is the final status; while pending, report progress. */
  online(ctx: ResourceContext, args: OnlineArgs): Maybe<EntryReturn>;
  /** OfflineV2. Settling is the final status; while pending, report progress. */
  offline(ctx: ResourceContext, args: OfflineArgs): Maybe<EntryReturn>;
  /**
   * End everything at once and leave the resource offline. The host has already aborted the
   * signals of the resource's in-flight calls. Failure is not an option: the result is ignored.
   */
  terminate(ctx: ResourceContext): Maybe<void>;
  /** Cheap check, polled every LooksAlivePollInterval. Absent: `isAlive` answers. */
  looksAlive?(ctx: ResourceContext): Maybe<HealthAnswer>;
  /** Thorough check, polled every IsAlivePollInterval and used as the start-up probe. */
  isAlive?(ctx: ResourceContext): Maybe<HealthAnswer>;
  /** Called when the resource leaves the host (deleted, moved to another host). */
  close?(ctx: ResourceContext): Maybe<EntryReturn>;
  /** Cancel the in-flight operation; the host has already aborted the in-flight signals. */
  cancel?(ctx: ResourceContext): Maybe<EntryReturn>;
  /** Checks private properties before they are stored. Runs in the host, without opening a resource. */
  validate?(properties: ResourceProperties): Maybe<ValidationAnswer>;
}

/** The entry points the host can call, by name (the protocol's `entry`). */
export const ENTRY_POINTS = ['open', 'online', 'offline', 'terminate', 'looksAlive', 'isAlive', 'close', 'cancel', 'validate'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export function isEntryPoint(value: unknown): value is EntryPoint {
  return typeof value === 'string' && (ENTRY_POINTS as readonly string[]).includes(value);
}

/** The arguments each entry point takes, by name. */
export interface EntryArgs {
  open: null;
  online: OnlineArgs;
  offline: OfflineArgs;
  terminate: null;
  looksAlive: null;
  isAlive: null;
  close: null;
  cancel: null;
  validate: null;
}

/** Identity helper that checks an object against `ResourceType` and keeps its literal type. */
export function defineResourceType<T extends ResourceType>(type: T): T {
  return type;
}

const REQUIRED_ENTRY_POINTS = ['online', 'offline', 'terminate'] as const;
const OPTIONAL_ENTRY_POINTS = ['open', 'looksAlive', 'isAlive', 'close', 'cancel', 'validate'] as const;

/**
 * Why `value` is not a usable ResourceType, or null when it is. Checked by shape, not by
 * `instanceof`, because a user's module has its own copy of nothing we could compare against.
 */
export function resourceTypeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const candidate = value as Record<string, unknown>;
  if (typeof candidate['name'] !== 'string' || candidate['name'] === '') return 'has no name (a non-empty string)';
  for (const entry of REQUIRED_ENTRY_POINTS) {
    if (typeof candidate[entry] !== 'function') return `has no ${entry}() entry point`;
  }
  for (const entry of OPTIONAL_ENTRY_POINTS) {
    if (candidate[entry] !== undefined && typeof candidate[entry] !== 'function') return `has a ${entry} that is not a function`;
  }
  return null;
}

export function isResourceType(value: unknown): value is ResourceType {
  return resourceTypeProblem(value) === null;
}
