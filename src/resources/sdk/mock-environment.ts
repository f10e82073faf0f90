/**
 * MockResourceEnvironment: unit-test a resource type without a daemon or a host process (STYLE
 * 10, after Temporal's MockActivityEnvironment). It drives one resource through the same
 * `ResourceInstance` the host uses, on virtual time, and records what the type reported.
 *
 *   const env = new MockResourceEnvironment(myType, { resourceName: 'App', properties: {...} });
 *   const pending = env.offline({ reason: OfflineReason.USER_REQUESTED });
 *   await env.advance(1_000);            // virtual milliseconds; timers fire in order
 *   expect(await pending).toMatchObject({ exec: 'done', outcome: 'ok' });
 *   expect(env.progress).toHaveLength(4);
 */
import { ManualClock } from '../../core/clock.js';
import { OfflineReason } from '../../core/flags.js';
import type { CallResult } from './outcome.js';
import { ResourceInstance, type InstanceSink } from './instance.js';
import type {
  AbortCause,
  EntryArgs,
  EntryPoint,
  LogLevel,
  OfflineArgs,
  OnlineArgs,
  ResourceProperties,
  ResourceType,
} from './types.js';

/** Virtual time: only moves in `advance`, and lets promise continuations run between timers. */
export class VirtualClock extends ManualClock {
  /**
   * Fires due timers one by one in due order, settling promises after each, so a type that
   * sleeps twice in a row sees both sleeps end within one `advance`.
   */
  async advanceSettled(ms: number): Promise<void> {
    const target = this.now() + ms;
    await settle();
    while (this.fireNextDue(target)) await settle();
    this.setNow(target);
  }
}

/** Lets every queued promise continuation run (setImmediate comes after the microtask queue). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface MockProgressReport {
  readonly at: number;
  readonly callId: number;
  readonly note: string | null;
}

export interface MockLockedChange {
  readonly at: number;
  readonly locked: boolean;
  readonly reason: number;
}

export interface MockLogLine {
  readonly at: number;
  readonly level: LogLevel;
  readonly message: string;
}

export interface MockEnvironmentOptions {
  readonly resourceName?: string;
  readonly properties?: ResourceProperties;
  /** Epoch ms the virtual clock starts at (default 1,700,000,000,000). */
  readonly startTime?: number;
}

export class MockResourceEnvironment {
  readonly clock: VirtualClock;
  readonly progress: MockProgressReport[] = [];
  readonly lockedChanges: MockLockedChange[] = [];
  readonly logs: MockLogLine[] = [];
  private readonly instance: ResourceInstance;
  private nextCallId = 1;

  constructor(
    readonly type: ResourceType,
    options: MockEnvironmentOptions = {},
  ) {
    this.clock = new VirtualClock(options.startTime ?? 1_700_000_000_000);
    const sink: InstanceSink = {
      progress: (_resource, callId, note) => this.progress.push({ at: this.clock.now(), callId, note }),
      locked: (_resource, locked, reason) => this.lockedChanges.push({ at: this.clock.now(), locked, reason }),
      log: (_resource, level, message) => this.logs.push({ at: this.clock.now(), level, message }),
    };
    this.instance = new ResourceInstance(type, options.resourceName ?? 'Resource', options.properties ?? {}, sink, this.clock);
  }

  /** Locked mode as last reported through setLockedMode (what the engine would believe). */
  get locked(): boolean {
    return this.lockedChanges.at(-1)?.locked ?? false;
  }

  setProperties(properties: ResourceProperties): void {
    this.instance.setProperties(properties);
  }

  /** Calls any entry point by name, as the host would. The promise settles when the type does. */
  call<E extends EntryPoint>(entry: E, args: EntryArgs[E]): Promise<CallResult> {
    return this.instance.call(entry, args, this.nextCallId++);
  }

  open(): Promise<CallResult> {
    return this.call('open', null);
  }

  online(args: Partial<OnlineArgs> = {}): Promise<CallResult> {
    return this.call('online', { flags: 0, instructions: null, raw: null, ...args });
  }

  offline(args: Partial<OfflineArgs> = {}): Promise<CallResult> {
    return this.call('offline', {
      destinationNode: null,
      flags: 0,
      reason: OfflineReason.USER_REQUESTED,
      instructions: null,
      raw: null,
      ...args,
    });
  }

  terminate(): Promise<CallResult> {
    return this.call('terminate', null);
  }

  looksAlive(): Promise<CallResult> {
    return this.call('looksAlive', null);
  }

  isAlive(): Promise<CallResult> {
    return this.call('isAlive', null);
  }

  close(): Promise<CallResult> {
    return this.call('close', null);
  }

  cancel(): Promise<CallResult> {
    return this.call('cancel', null);
  }

  validate(properties?: ResourceProperties): Promise<CallResult> {
    if (properties) this.instance.setProperties(properties);
    return this.call('validate', null);
  }

  /** Aborts the signal of every call in flight, as a deadline or shutdown would. */
  abort(cause: AbortCause = 'deadline'): void {
    this.instance.abortInFlight(cause);
  }

  /** Moves virtual time forward, firing the type's timers and sleeps in order. */
  advance(ms: number): Promise<void> {
    return this.clock.advanceSettled(ms);
  }

  /** Runs pending continuations without moving time. */
  flush(): Promise<void> {
    return this.clock.advanceSettled(0);
  }
}
