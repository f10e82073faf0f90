/**
 * The engine's view of resource hosts: call an entry point of a resource's type, and hear what
 * types report on their own (progress, locked mode) and when a host dies. The real driver wraps the
 * host pool (src/host); tests of engine logic may pass another implementation, the engine cannot
 * tell (STYLE 3).
 */
import type { CallResult } from '../resources/sdk/outcome.js';
import type { OfflineArgs, OnlineArgs } from '../resources/sdk/types.js';
import type { JsonValue } from '../core/model.js';

/** What a host needs to know to run one resource. */
export interface ResourceBinding {
  readonly name: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, JsonValue>>;
  /** SeparateMonitor=1: the resource gets a host process of its own. */
  readonly separateMonitor: boolean;
}

export type DriverCall =
  | { readonly entry: 'online'; readonly args: OnlineArgs }
  | { readonly entry: 'offline'; readonly args: OfflineArgs }
  | { readonly entry: 'terminate' | 'looksAlive' | 'isAlive' | 'close' | 'cancel' };

export type DriverEvent =
  | { readonly kind: 'progress'; readonly resource: string; readonly note: string | null }
  | { readonly kind: 'locked'; readonly resource: string; readonly locked: boolean; readonly reason: number }
  | { readonly kind: 'log'; readonly resource: string; readonly level: string; readonly message: string }
  | { readonly kind: 'host-crashed'; readonly host: string; readonly resources: readonly string[]; readonly detail: string }
  /**
   * A fence deadline (setFenceDeadline) passed unrenewed: these resources were terminated where
   * they ran, without the engine, and `online` fails until the next setFenceDeadline.
   */
  | { readonly kind: 'fenced'; readonly resources: readonly string[] };

/** Names a dispatched call, for a later call's `after`; opaque to the engine. */
export type DriverTicket = unknown;

export interface DriverDispatch {
  readonly ticket: DriverTicket | null;
  readonly result: Promise<CallResult>;
}

export interface ResourceDriver {
  /** Never rejects: every end of a call is a CallResult (timeout and host-crashed included). */
  call(binding: ResourceBinding, call: DriverCall, deadlineMs: number): Promise<CallResult>;
  /**
   * Like call(), and returns a ticket. With `after`, the call runs only once that earlier call has
   * succeeded, where it runs, without waiting for the engine; otherwise it ends `cancelled` without
   * running (also when the two would not run in the same place), and the engine sends it normally.
   */
  dispatch(binding: ResourceBinding, call: DriverCall, deadlineMs: number, after?: DriverTicket): DriverDispatch;
  subscribe(listener: (event: DriverEvent) => void): () => void;
  /**
   * Self-fencing (docs/adr/0006-many-nodes.md): unless called again within `inMs`, everything the
   * driver runs is terminated, by the hosts themselves (also when the daemon is dead or frozen),
   * and a `fenced` event follows. null disarms. Drivers without separate processes may omit it.
   */
  setFenceDeadline?(inMs: number | null): void;
  close(): Promise<void>;
}
