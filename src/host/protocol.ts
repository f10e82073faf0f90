/**
 * The wire protocol between the daemon and a resource host (STYLE 9, after Temporal's worker
 * protocol): discriminated unions keyed by request id, errors as Win32 codes, never as exceptions.
 *
 * Transport: Node's `child_process.fork` IPC channel with JSON serialization (one JSON document
 * per line on an extra file descriptor). Every IPC message is a *batch*: an array of protocol
 * messages gathered during one event-loop turn, so a burst of calls (an engine offlining a
 * 100-resource fan) costs one write and one parse per side, not one per call. Byte buffers (the
 * caller's raw property list) travel as base64 strings.
 *
 * Flow: the host sends `ready` once it listens; the daemon sends `load` for each type before the
 * first `call` of that type (the host awaits the load before running calls of the type); each
 * `call` and `load` gets exactly one `result` with the same id. `progress`, `locked` and `log` are
 * unsolicited. `shutdown` asks the host to abort in-flight work, answer, and exit.
 *
 * Fencing (docs/adr/0006-many-nodes.md): `fence` has no id and no answer. It arms (or, with
 * `inMs: null`, disarms) the host's fence deadline; every `fence` replaces the previous one and
 * lifts a fenced state. When a deadline passes unrenewed the host terminates what it runs, sends
 * `fenced`, and fails `online` calls until the next `fence`.
 */
import type { OfflineReason } from '../core/flags.js';
import type { JsonValue } from '../core/model.js';
import type { LogLevel } from '../resources/sdk/types.js';
import type { CallResult } from '../resources/sdk/outcome.js';

export type { CallResult, CallExec, CallOutcome } from '../resources/sdk/outcome.js';

/** Decoded property list in its JSON form, as the SDK types it. */
export type WireProps = Readonly<Record<string, { readonly type: string; readonly value: unknown }>>;

export interface WireOnlineArgs {
  readonly flags: number;
  /** OnlineArgs.sourceNode; absent when not moving. */
  readonly sourceNode?: string | null;
  readonly instructions: WireProps | null;
  /** Base64 of the raw property-list bytes, or null. */
  readonly raw: string | null;
}

export interface WireOfflineArgs {
  readonly destinationNode: string | null;
  readonly flags: number;
  readonly reason: OfflineReason;
  readonly instructions: WireProps | null;
  readonly raw: string | null;
}

interface CallBase {
  readonly kind: 'call';
  readonly id: number;
  /** The ResolvedType.typeKey the host was told to `load`. */
  readonly type: string;
  readonly resource: string;
  /**
   * The resource's private properties. Sent with the first call of a resource to this host and
   * whenever they change (by reference); absent means "as last sent".
   */
  readonly properties?: Readonly<Record<string, JsonValue>>;
  /**
   * Run this call only after the call with this id (in the same host) ends `done`/`ok`; if it ends
   * any other way, answer `cancelled` without running it. The engine uses it for the next step of
   * a chain, so the host starts it the moment its provider's step succeeds, with no round trip
   * through the daemon in between.
   */
  readonly after?: number;
}

export type CallRequest =
  | (CallBase & { readonly entry: 'online'; readonly args: WireOnlineArgs })
  | (CallBase & { readonly entry: 'offline'; readonly args: WireOfflineArgs })
  | (CallBase & {
      readonly entry: 'open' | 'terminate' | 'looksAlive' | 'isAlive' | 'close' | 'cancel' | 'validate';
      readonly args: null;
    });

export interface LoadRequest {
  readonly kind: 'load';
  readonly id: number;
  readonly type: string;
  readonly specifier: string;
  readonly parameter: string | null;
}

export interface ShutdownRequest {
  readonly kind: 'shutdown';
  readonly id: number;
}

/**
 * "Terminate everything you run unless a newer `fence` arrives within `inMs`" of `sentAtNs`: the
 * sender's process.hrtime.bigint() when it wrote the message, as a decimal string. That is Linux's
 * CLOCK_MONOTONIC, one clock for every process of the machine, so the time a message spent queued
 * or in transit (a busy daemon, a stalled host) is taken off the deadline instead of added to it,
 * and a message read after its deadline fences at once. `null` disarms.
 */
export interface FenceRequest {
  readonly kind: 'fence';
  readonly inMs: number | null;
  /** Absent: measured from receipt (tests that drive a host in-process). */
  readonly sentAtNs?: string;
}

/** What is left of a fence request's deadline now, on the shared monotonic clock. */
export function fenceRemainingMs(request: FenceRequest, nowNs: bigint = process.hrtime.bigint()): number | null {
  if (request.inMs === null || request.sentAtNs === undefined) return request.inMs;
  const elapsedMs = Number(nowNs - BigInt(request.sentAtNs)) / 1e6;
  return request.inMs - Math.max(0, elapsedMs);
}

/** Daemon → host. */
export type HostRequest = LoadRequest | CallRequest | ShutdownRequest | FenceRequest;

export interface ReadyMessage {
  readonly kind: 'ready';
  readonly pid: number;
}

export interface ResultMessage {
  readonly kind: 'result';
  readonly id: number;
  readonly result: CallResult;
}

export interface ProgressMessage {
  readonly kind: 'progress';
  readonly resource: string;
  /** The id of the call whose context reported (the pending online/offline). */
  readonly callId: number;
  readonly note: string | null;
}

export interface LockedMessage {
  readonly kind: 'locked';
  readonly resource: string;
  readonly locked: boolean;
  readonly reason: number;
}

export interface LogMessage {
  readonly kind: 'log';
  /** null for the host's own lines (uncaught errors, stray stdout/stderr of a type). */
  readonly resource: string | null;
  readonly level: LogLevel;
  readonly message: string;
}

/** Unsolicited, once per expired fence deadline, after the terminates it ran have settled. */
export interface FencedMessage {
  readonly kind: 'fenced';
  /** The resources terminate was called for (possibly none). */
  readonly resources: readonly string[];
}

/** Host → daemon. */
export type HostMessage = ReadyMessage | ResultMessage | ProgressMessage | LockedMessage | LogMessage | FencedMessage;

/** What crosses the channel: always a batch. */
export type Batch<T> = readonly T[];

export function encodeRaw(raw: Uint8Array | null): string | null {
  return raw === null ? null : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
}

export function decodeRaw(raw: string | null): Uint8Array | null {
  return raw === null ? null : new Uint8Array(Buffer.from(raw, 'base64'));
}

/** Cheap structural check of an incoming batch; anything else is a bug on the other side. */
export function isBatch(value: unknown): value is Batch<{ kind: string }> {
  return Array.isArray(value) && value.every((m) => typeof m === 'object' && m !== null && typeof (m as { kind?: unknown }).kind === 'string');
}
