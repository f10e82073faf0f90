/**
 * What a resource host does with each request, independent of how messages arrive: loads type
 * modules, keeps one ResourceInstance per resource (opened once, then called), and answers every
 * call with exactly one result. child-main.ts wires it to the IPC channel.
 *
 * A type's exception never escapes: ResourceInstance turns throws and rejections into results
 * (5930 ERROR_EXCEPTION_IN_RESOURCE_CALL), and anything else that goes wrong here becomes an
 * `error` result rather than a crash of the host.
 *
 * Fencing (host-fence.ts): when the daemon's deadline passes, the host terminates every resource
 * that may be running here and refuses `online` until the next `fence` message.
 */
import type { Clock } from '../core/clock.js';
import { loadResourceType, type LoadResult } from '../resources/registry.js';
import { OK, RESULT_CODES, describeError, failedResult, isSuccess, type CallResult } from '../resources/sdk/outcome.js';
import { ResourceInstance, type InstanceSink } from '../resources/sdk/instance.js';
import { isEntryPoint, type EntryArgs, type EntryPoint } from '../resources/sdk/types.js';
import { FENCED_CODE, HostFence } from './host-fence.js';
import { decodeRaw, fenceRemainingMs, type CallRequest, type HostMessage, type HostRequest, type LoadRequest } from './protocol.js';

interface HostedResource {
  readonly typeKey: string;
  readonly instance: ResourceInstance;
  /**
   * The resource may be running, as far as this host can tell: after any online (a failed one may
   * leave something behind), a failed offline, or a health check that found it running (the
   * start-up probe adopts a resource without an online). A successful offline, a terminate or a
   * not-running health answer clears it. A fence terminates these and those with `changing > 0`.
   */
  mayRun: boolean;
  /** online/offline calls in flight. */
  changing: number;
}

export interface HostRuntimeOptions {
  readonly send: (message: HostMessage) => void;
  readonly clock: Clock;
  /** Called after the answer to `shutdown` was queued; the caller flushes and exits. */
  readonly onShutdown: () => void;
  /** Longest wait for a fence's terminates before `afterFence()` settles anyway (default 30,000 ms). */
  readonly fenceTerminateLimitMs?: number;
}

/** How many finished call ids to remember for `after` requests that arrive late. */
const FINISHED_MEMORY = 1024;

/** The call id a fence's own terminate calls report progress under: the daemon never uses 0. */
const FENCE_CALL_ID = 0;

export class HostRuntime {
  private readonly types = new Map<string, LoadResult | Promise<LoadResult>>();
  private readonly resources = new Map<string, HostedResource>();
  private readonly sink: InstanceSink;
  /** Results held back for one turn behind a released chain step (sendResult), in order. */
  private deferred: HostMessage[] | null = null;
  /** Calls waiting for another call to end (CallRequest.after), by the id they wait for. */
  private readonly waiting = new Map<number, CallRequest[]>();
  /** Calls not yet answered: an `after` naming one of these waits, any other id has ended. */
  private readonly unanswered = new Set<number>();
  /** Whether recently ended calls succeeded, oldest first (bounded). */
  private readonly finished = new Map<number, boolean>();
  private readonly fence: HostFence;

  constructor(private readonly options: HostRuntimeOptions) {
    const { send } = options;
    this.fence = new HostFence({ clock: options.clock, terminateAll: () => this.terminateAll(), terminateLimitMs: options.fenceTerminateLimitMs ?? 30_000 });
    this.sink = {
      progress: (resource, callId, note) => send({ kind: 'progress', resource, callId, note }),
      locked: (resource, locked, reason) => send({ kind: 'locked', resource, locked, reason }),
      log: (resource, level, message) => send({ kind: 'log', resource, level, message }),
    };
  }

  handle(request: HostRequest): void {
    switch (request.kind) {
      case 'load':
        this.load(request);
        return;
      case 'call':
        this.unanswered.add(request.id);
        if (request.after !== undefined) this.callAfter(request, request.after);
        else this.call(request);
        return;
      case 'shutdown':
        this.flushDeferred();
        for (const { instance } of this.resources.values()) instance.abortInFlight('shutdown');
        this.reply(request.id, OK);
        this.options.onShutdown();
        return;
      case 'fence':
        this.fence.set(fenceRemainingMs(request));
        return;
      default:
        this.options.send({ kind: 'log', resource: null, level: 'error', message: `unknown request ${JSON.stringify(request)}` });
    }
  }

  /** Whether a fence deadline has passed and no newer `fence` has arrived. */
  get fenced(): boolean {
    return this.fence.fenced;
  }

  /**
   * For when the daemon is gone: settles after the armed fence deadline has passed and its
   * terminates have run; null when no deadline is armed (nothing will ever fence this host).
   */
  afterFence(): Promise<void> | null {
    return this.fence.whenDone();
  }

  /** Resources this host holds state for (opened, not closed). */
  resourceNames(): string[] {
    return [...this.resources.keys()];
  }

  private load(request: LoadRequest): void {
    const existing = this.types.get(request.type);
    const loading = existing ?? loadResourceType({ typeKey: request.type, specifier: request.specifier, parameter: request.parameter });
    if (!existing) this.types.set(request.type, loading);
    void Promise.resolve(loading).then((loaded) => {
      this.types.set(request.type, loaded);
      this.reply(request.id, loaded.ok ? OK : { exec: 'error', code: loaded.code, detail: loaded.detail });
    });
  }

  /** A conditional call: runs once `after` has succeeded, is cancelled if it did not. */
  private callAfter(request: CallRequest, after: number): void {
    if (this.unanswered.has(after)) {
      const list = this.waiting.get(after);
      if (list) list.push(request);
      else this.waiting.set(after, [request]);
      return;
    }
    this.release(request, this.finished.get(after) === true);
  }

  private release(request: CallRequest, previousSucceeded: boolean): void {
    if (previousSucceeded) this.call(request);
    else this.reply(request.id, { exec: 'cancelled', code: RESULT_CODES.cancelled, detail: `call ${request.after ?? '?'} it was to follow did not succeed` });
  }

  private call(request: CallRequest): void {
    const loaded = this.types.get(request.type);
    if (loaded === undefined) {
      this.reply(request.id, { exec: 'error', code: RESULT_CODES.typeNotFound, detail: `type ${request.type} was not loaded in this host` });
      return;
    }
    // The common case (type already loaded) runs without an extra await.
    const run = (result: LoadResult): void => {
      this.runCall(request, result).then(
        (answer) => this.reply(request.id, answer),
        (error: unknown) => this.reply(request.id, { exec: 'error', code: RESULT_CODES.exception, detail: describeError(error) }),
      );
    };
    if (loaded instanceof Promise) void loaded.then(run);
    else run(loaded);
  }

  private async runCall(request: CallRequest, loaded: LoadResult): Promise<CallResult> {
    if (!loaded.ok) return { exec: 'error', code: loaded.code, detail: loaded.detail };
    if (!isEntryPoint(request.entry)) {
      return { exec: 'error', code: RESULT_CODES.invalidRequest, detail: `unknown entry point ${String(request.entry)}` };
    }
    if (request.entry === 'validate') {
      // Validation is about the properties, not a resource: a throwaway instance, never opened.
      const probe = new ResourceInstance(loaded.type, request.resource, request.properties ?? {}, this.sink, this.options.clock);
      return probe.call('validate', null, request.id);
    }
    if (request.entry === 'online' && this.fence.fenced) {
      return failedResult(FENCED_CODE, 'the resource host is fenced (the node\'s lease deadline passed): online is refused until the daemon re-arms it');
    }
    let hosted = this.resources.get(request.resource);
    if (!hosted || hosted.typeKey !== request.type) {
      const instance = new ResourceInstance(loaded.type, request.resource, request.properties ?? {}, this.sink, this.options.clock);
      hosted = { typeKey: request.type, instance, mayRun: false, changing: 0 };
      this.resources.set(request.resource, hosted);
    } else if (request.properties) {
      hosted.instance.setProperties(request.properties);
    }
    const changes = request.entry === 'online' || request.entry === 'offline';
    const generation = this.fence.generation;
    if (changes) hosted.changing += 1;
    let result: CallResult;
    try {
      result = await hosted.instance.call(request.entry, decodeArgs(request), request.id);
    } finally {
      if (changes) hosted.changing -= 1;
    }
    track(hosted, request.entry, result);
    if (request.entry === 'close' && this.resources.get(request.resource) === hosted) this.resources.delete(request.resource);
    if (request.entry === 'online' && generation !== this.fence.generation && isSuccess(result)) {
      // A fence expired while this online ran and the type finished anyway, ignoring its aborted
      // signal: what it started may postdate the fence's terminate, so it goes too.
      void hosted.instance.call('terminate', null, request.id).then(() => track(hosted, 'terminate', OK));
      return failedResult(RESULT_CODES.aborted, 'a fence deadline passed while online ran: the resource was terminated');
    }
    return result;
  }

  /** The fence: abort everything in flight first, so hung calls unwind while the terminates run. */
  private async terminateAll(): Promise<void> {
    const targets = [...this.resources].filter(([, hosted]) => hosted.mayRun || hosted.changing > 0);
    for (const [, { instance }] of targets) instance.abortInFlight('terminate');
    await Promise.all(targets.map(([name, hosted]) => this.fenceTerminate(name, hosted)));
    this.options.send({ kind: 'fenced', resources: targets.map(([name]) => name) });
  }

  private async fenceTerminate(name: string, hosted: HostedResource): Promise<void> {
    let result: CallResult;
    try {
      result = await hosted.instance.call('terminate', null, FENCE_CALL_ID);
    } catch (error) {
      result = { exec: 'error', code: RESULT_CODES.exception, detail: describeError(error) };
    }
    if (hosted.changing === 0) hosted.mayRun = false;
    if (!isSuccess(result)) this.sink.log(name, 'error', `fence: terminate failed: ${result.detail ?? `code ${result.code}`}`);
  }

  private reply(id: number, result: CallResult): void {
    const ok = result.exec === 'done' && result.outcome === 'ok';
    const followers = this.unanswered.delete(id) ? this.settle(id, ok) : undefined;
    if (followers && ok) {
      // The next step of a chain starts first; the result (serialised and written to the daemon)
      // follows once the followers have reached their agents, instead of going in front of them.
      for (const follower of followers) this.release(follower, true);
      this.sendResult(id, result, true);
      return;
    }
    // A failure is heard before the cancelled followers' answers.
    this.sendResult(id, result, false);
    for (const follower of followers ?? []) this.release(follower, false);
  }

  /** Records how a call ended and returns the calls that were waiting for it. */
  private settle(id: number, ok: boolean): CallRequest[] | undefined {
    this.finished.set(id, ok);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.keys().next().value as number);
    const followers = this.waiting.get(id);
    if (followers) this.waiting.delete(id);
    return followers;
  }

  /** Results leave in the order the calls ended, deferred ones included. */
  private sendResult(id: number, result: CallResult, defer: boolean): void {
    const message = { kind: 'result', id, result } as const;
    if (this.deferred) {
      this.deferred.push(message);
      return;
    }
    if (!defer) {
      this.options.send(message);
      return;
    }
    this.deferred = [message];
    setImmediate(() => this.flushDeferred());
  }

  private flushDeferred(): void {
    const queue = this.deferred;
    this.deferred = null;
    for (const queued of queue ?? []) this.options.send(queued);
  }

}

function track(hosted: HostedResource, entry: EntryPoint, result: CallResult): void {
  switch (entry) {
    case 'online':
      hosted.mayRun = true;
      return;
    case 'offline':
      hosted.mayRun = !isSuccess(result);
      return;
    case 'terminate':
      hosted.mayRun = false;
      return;
    case 'looksAlive':
    case 'isAlive':
      if (result.exec !== 'done') return;
      if (result.outcome === 'ok') hosted.mayRun = true;
      else if (result.outcome === 'not-running') hosted.mayRun = false;
      return;
    default:
  }
}

function decodeArgs(request: CallRequest): EntryArgs[EntryPoint] {
  switch (request.entry) {
    case 'online':
      return { ...request.args, raw: decodeRaw(request.args.raw) };
    case 'offline':
      return { ...request.args, raw: decodeRaw(request.args.raw) };
    default:
      return null;
  }
}
