/**
 * One resource of one type, as a host drives it: opened once before anything else, one context
 * per call, in-flight signals aborted by terminate/cancel/close, every answer (return, throw,
 * rejection) turned into a `CallResult`. The resource host and `MockResourceEnvironment` both run
 * entry points through this class, so what a unit test sees is what the host does.
 */
import type { Clock } from '../../core/clock.js';
import { describeCode } from '../../core/errors.js';
import {
  OK,
  RESULT_CODES,
  failedResult,
  resultFromHealth,
  resultFromReturn,
  resultFromThrow,
  type CallResult,
} from './outcome.js';
import type {
  AbortCause,
  EntryArgs,
  EntryPoint,
  HealthAnswer,
  LogLevel,
  OfflineArgs,
  OnlineArgs,
  ResourceContext,
  ResourceProperties,
  ResourceType,
} from './types.js';

/** Where a resource's unsolicited reports go: the host's IPC channel, or the mock's recorders. */
export interface InstanceSink {
  progress(resource: string, callId: number, note: string | null): void;
  locked(resource: string, locked: boolean, reason: number): void;
  log(resource: string, level: LogLevel, message: string): void;
}

interface InFlightCall {
  readonly controller: AbortController;
  settled: boolean;
}

export class ResourceInstance {
  private properties: ResourceProperties;
  private opening: Promise<CallResult> | null = null;
  private readonly inFlight = new Set<InFlightCall>();
  /**
   * The default health answer for types without health checks: running from a successful online
   * until an offline or terminate. A fresh host knows nothing, so a probe says not-running.
   */
  private believedRunning = false;

  constructor(
    private readonly type: ResourceType,
    readonly resourceName: string,
    properties: ResourceProperties,
    private readonly sink: InstanceSink,
    private readonly clock: Clock,
  ) {
    this.properties = properties;
  }

  setProperties(properties: ResourceProperties): void {
    this.properties = properties;
  }

  get isOpen(): boolean {
    return this.opening !== null;
  }

  /** Aborts the signal of every call still running, e.g. a hung offline when terminate arrives. */
  abortInFlight(cause: AbortCause, except?: InFlightCall): void {
    for (const call of this.inFlight) {
      if (call !== except && !call.controller.signal.aborted) call.controller.abort(cause);
    }
  }

  async call<E extends EntryPoint>(entry: E, args: EntryArgs[E], callId: number): Promise<CallResult> {
    switch (entry) {
      case 'validate':
        return this.validate();
      case 'open':
        return this.open(callId);
      case 'close':
        return this.close(callId);
      default:
        break;
    }
    const opened = await this.open(callId);
    if (opened.exec !== 'done' || opened.outcome !== 'ok') {
      return failedResult(opened.code, `open failed: ${opened.detail ?? describeCode(opened.code)}`);
    }
    switch (entry) {
      case 'online':
        return this.online(args as OnlineArgs, callId);
      case 'offline':
        return this.offline(args as OfflineArgs, callId);
      case 'terminate':
        return this.terminate(callId);
      case 'cancel':
        return this.run(callId, (ctx) => this.type.cancel?.(ctx), resultFromReturn, 'cancel');
      case 'looksAlive':
        return this.health(callId, this.type.looksAlive ?? this.type.isAlive);
      case 'isAlive':
        return this.health(callId, this.type.isAlive);
      default:
        return { exec: 'error', code: RESULT_CODES.invalidRequest, detail: `unknown entry point ${String(entry)}` };
    }
  }

  private open(callId: number): Promise<CallResult> {
    if (!this.opening) {
      const open = this.type.open;
      this.opening = open ? this.run(callId, (ctx) => open.call(this.type, ctx), resultFromReturn) : Promise.resolve(OK);
      // A failed open is retried by the next call rather than remembered for ever.
      void this.opening.then((result) => {
        if (result.exec !== 'done' || result.outcome !== 'ok') this.opening = null;
      });
    }
    return this.opening;
  }

  private async close(callId: number): Promise<CallResult> {
    if (!this.opening) return OK;
    this.abortInFlight('close');
    const close = this.type.close;
    const result = close ? await this.run(callId, (ctx) => close.call(this.type, ctx), resultFromReturn) : OK;
    this.opening = null;
    this.believedRunning = false;
    return result;
  }

  private async online(args: OnlineArgs, callId: number): Promise<CallResult> {
    const result = await this.run(callId, (ctx) => this.type.online(ctx, args), resultFromReturn);
    this.believedRunning = result.exec === 'done' && result.outcome === 'ok';
    return result;
  }

  private async offline(args: OfflineArgs, callId: number): Promise<CallResult> {
    const result = await this.run(callId, (ctx) => this.type.offline(ctx, args), resultFromReturn);
    if (result.exec === 'done' && result.outcome === 'ok') this.believedRunning = false;
    return result;
  }

  private async terminate(callId: number): Promise<CallResult> {
    this.believedRunning = false;
    return this.run(callId, (ctx) => this.type.terminate(ctx), () => OK, 'terminate');
  }

  private health(callId: number, check: ResourceType['isAlive']): Promise<CallResult> {
    if (!check) return Promise.resolve(resultFromHealth(this.believedRunning ? true : 'not-running'));
    return this.run(callId, (ctx) => check.call(this.type, ctx), (answer) => resultFromHealth(answer as HealthAnswer));
  }

  private async validate(): Promise<CallResult> {
    const validate = this.type.validate;
    if (!validate) return OK;
    try {
      const answer = await validate.call(this.type, this.properties);
      return answer === null || answer === undefined ? OK : failedResult(answer.code ?? RESULT_CODES.configuration, answer.detail);
    } catch (error) {
      return resultFromThrow(error, null);
    }
  }

  /**
   * Runs one entry point with a fresh context. `aborts` names what this call does to the calls
   * already in flight: terminate and cancel abort them before the type sees the call.
   */
  private async run(
    callId: number,
    invoke: (ctx: ResourceContext) => unknown,
    toResult: (value: unknown) => CallResult,
    aborts?: AbortCause,
  ): Promise<CallResult> {
    const call: InFlightCall = { controller: new AbortController(), settled: false };
    if (aborts) this.abortInFlight(aborts, call);
    this.inFlight.add(call);
    const ctx = this.context(call, callId);
    try {
      return toResult(await invoke(ctx));
    } catch (error) {
      return resultFromThrow(error, call.controller.signal);
    } finally {
      call.settled = true;
      this.inFlight.delete(call);
    }
  }

  private context(call: InFlightCall, callId: number): ResourceContext {
    const { sink, resourceName, clock } = this;
    const signal = call.controller.signal;
    return {
      resourceName,
      properties: this.properties,
      signal,
      clock,
      sleep: (ms) => sleepOn(clock, signal, ms),
      reportProgress(note?: string) {
        if (!call.settled) sink.progress(resourceName, callId, note ?? null);
      },
      setLockedMode(locked: boolean, reason = 0) {
        sink.locked(resourceName, locked, reason);
      },
      log: {
        info: (message) => sink.log(resourceName, 'info', message),
        warn: (message) => sink.log(resourceName, 'warn', message),
        error: (message) => sink.log(resourceName, 'error', message),
      },
    };
  }
}

/** A timer on `clock` that gives way to the signal. */
export function sleepOn(clock: Clock, signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortError(signal));
    };
    const timer = clock.setTimer(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error a waiting helper rejects with once its signal aborts; the message names the cause. */
export function abortError(signal: AbortSignal): Error {
  const error = new Error(`aborted by ${String(signal.reason)}`);
  error.name = 'AbortError';
  return error;
}
