/**
 * What a resource host does with each request, independent of how messages arrive: loads type
 * modules, keeps one ResourceInstance per resource (opened once, then called), and answers every
 * call with exactly one result. child-main.ts wires it to the IPC channel.
 *
 * A type's exception never escapes: ResourceInstance turns throws and rejections into results
 * (5930 ERROR_EXCEPTION_IN_RESOURCE_CALL), and anything else that goes wrong here becomes an
 * `error` result rather than a crash of the host.
 */
import type { Clock } from '../core/clock.js';
import { loadResourceType, type LoadResult } from '../resources/registry.js';
import { OK, RESULT_CODES, describeError, type CallResult } from '../resources/sdk/outcome.js';
import { ResourceInstance, type InstanceSink } from '../resources/sdk/instance.js';
import { isEntryPoint, type EntryArgs, type EntryPoint } from '../resources/sdk/types.js';
import { decodeRaw, type CallRequest, type HostMessage, type HostRequest, type LoadRequest } from './protocol.js';

interface HostedResource {
  readonly typeKey: string;
  readonly instance: ResourceInstance;
}

export interface HostRuntimeOptions {
  readonly send: (message: HostMessage) => void;
  readonly clock: Clock;
  /** Called after the answer to `shutdown` was queued; the caller flushes and exits. */
  readonly onShutdown: () => void;
}

/** How many finished call ids to remember for `after` requests that arrive late. */
const FINISHED_MEMORY = 1024;

export class HostRuntime {
  private readonly types = new Map<string, LoadResult | Promise<LoadResult>>();
  private readonly resources = new Map<string, HostedResource>();
  private readonly sink: InstanceSink;
  /** Calls waiting for another call to end (CallRequest.after), by the id they wait for. */
  private readonly waiting = new Map<number, CallRequest[]>();
  /** Calls not yet answered: an `after` naming one of these waits, any other id has ended. */
  private readonly unanswered = new Set<number>();
  /** Whether recently ended calls succeeded, oldest first (bounded). */
  private readonly finished = new Map<number, boolean>();

  constructor(private readonly options: HostRuntimeOptions) {
    const { send } = options;
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
        for (const { instance } of this.resources.values()) instance.abortInFlight('shutdown');
        this.reply(request.id, OK);
        this.options.onShutdown();
        return;
      default:
        this.options.send({ kind: 'log', resource: null, level: 'error', message: `unknown request ${JSON.stringify(request)}` });
    }
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
    let hosted = this.resources.get(request.resource);
    if (!hosted || hosted.typeKey !== request.type) {
      const instance = new ResourceInstance(loaded.type, request.resource, request.properties ?? {}, this.sink, this.options.clock);
      hosted = { typeKey: request.type, instance };
      this.resources.set(request.resource, hosted);
    } else if (request.properties) {
      hosted.instance.setProperties(request.properties);
    }
    const result = await hosted.instance.call(request.entry, decodeArgs(request), request.id);
    if (request.entry === 'close' && this.resources.get(request.resource) === hosted) this.resources.delete(request.resource);
    return result;
  }

  private reply(id: number, result: CallResult): void {
    this.options.send({ kind: 'result', id, result });
    if (!this.unanswered.delete(id)) return;
    const ok = result.exec === 'done' && result.outcome === 'ok';
    this.finished.set(id, ok);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.keys().next().value as number);
    const followers = this.waiting.get(id);
    if (followers) {
      this.waiting.delete(id);
      for (const follower of followers) this.release(follower, ok);
    }
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
