/**
 * The daemon's handle on one resource host process: starts it, sends loads and calls, and turns
 * every way a call can end into a CallResult (never a rejection).
 *
 * Failure rules (wsfc.md §5.6, STYLE 9):
 * - A call that outlives its deadline (DeadlockTimeout) gets the host killed with SIGKILL at once;
 *   that call ends `timeout` (5910) and every other pending call of the host `host-crashed`.
 * - When the process dies for any other reason, every pending call ends `host-crashed` at once.
 * - Before the host is ready, pending calls wait (their deadline starts when they are sent); a
 *   host that never gets ready fails them with `error` 5017 ERROR_RESMON_CREATE_FAILED.
 * - After `close()`, calls still pending end `cancelled`.
 * A client is single-use: once its process is gone it stays dead; HostPool starts a new one.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { ResolvedType } from '../resources/registry.js';
import { RESULT_CODES, describeError, type CallResult } from '../resources/sdk/outcome.js';
import type { EntryPoint, ResourceProperties } from '../resources/sdk/types.js';
import { BatchSender } from './batch-sender.js';
import { forkHost, toRequest, type HostCall } from './host-call.js';
import { HostEventHub, type HostEventListener, type HostExitCause } from './host-events.js';
import { isBatch, type HostMessage, type HostRequest } from './protocol.js';
import { monotonicClock, systemClock } from './system-clock.js';

export type { HostCall } from './host-call.js';

export interface HostClientOptions {
  /** A label for events and logs: `type:dummy`, `resource:App`. */
  readonly hostId: string;
  /** Drives deadlines and timeouts, and measures the fence deadline (default: monotonic time). */
  readonly clock?: Clock;
  /** Run the host under the tsx loader (a TypeScript type module, or the host itself is .ts). */
  readonly typescript?: boolean;
  /** ms to wait for `ready` (default 10,000). */
  readonly startupTimeoutMs?: number;
  /** ms `close()` waits for a graceful exit before SIGKILL (default 2,000). */
  readonly shutdownGraceMs?: number;
  /** Extra environment for the host process. */
  readonly env?: Readonly<Record<string, string>>;
}

interface PendingCall {
  readonly resolve: (result: CallResult) => void;
  readonly deadlineMs: number;
  /** What the call was, for the deadline message: `load <type>`, or an entry and its resource. */
  readonly what: string;
  readonly resource: string | null;
  /** Clock time the deadline falls at, once armed (the host is ready); Infinity until then. */
  deadlineAt: number;
  /** For a conditional call (`after`): its deadline is armed when the call it follows answers. */
  waitsFor: number | null;
}

/** A call sent to this host, with the id a later call can name as `after`. */
export interface DispatchedCall {
  readonly id: number;
  readonly result: Promise<CallResult>;
}

/** Built only when a deadline is missed: a per-call template string is measurable on a chain. */
function labelOf(entry: PendingCall): string {
  return entry.resource === null ? entry.what : `${entry.what} ${entry.resource}`;
}

export class HostClient {
  readonly hostId: string;
  /** The resources whose state lives in this host (see HostEvent 'host-exited'). */
  readonly resources = new Set<string>();
  /** Settles when the process is gone, with why. */
  readonly exited: Promise<HostExitCause>;
  private readonly child: ChildProcess;
  private readonly clock: Clock;
  private readonly events = new HostEventHub();
  private readonly out: BatchSender<HostRequest>;
  private readonly pending = new Map<number, PendingCall>();
  /** Conditional calls by the id of the call they follow. */
  private readonly followers = new Map<number, PendingCall[]>();
  private readonly loads = new Map<string, Promise<CallResult>>();
  private readonly sentProperties = new Map<string, ResourceProperties>();
  private readonly shutdownGraceMs: number;
  private nextId = 1;
  /** `dying`: killed (deadline, start-up timeout, kill()), waiting for the exit event. */
  private state: 'starting' | 'ready' | 'closing' | 'dying' | 'dead' = 'starting';
  private exitCause: HostExitCause | null = null;
  private startupTimer: TimerHandle | null;
  private deadlineTimer: TimerHandle | null = null;
  private deadlineTimerAt = Infinity;
  private resolveExited!: (cause: HostExitCause) => void;
  private readonly fenceClock: Clock;
  /** When the fence deadline falls, on fenceClock; null while none is armed. */
  private fenceAt: number | null = null;

  constructor(options: HostClientOptions) {
    this.hostId = options.hostId;
    this.clock = options.clock ?? systemClock;
    this.fenceClock = options.clock ?? monotonicClock;
    this.shutdownGraceMs = options.shutdownGraceMs ?? 2_000;
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.child = forkHost(options.typescript === true, options.env);
    this.out = new BatchSender((batch) => this.write(batch), { held: true });
    this.child.on('message', (batch: unknown) => this.receive(batch));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', (error) => {
      this.emitLog(null, 'error', `resource host ${this.hostId}: ${describeError(error)}`);
      // A process that never spawned emits no 'exit'; end the client here instead.
      if (this.child.pid === undefined && this.state !== 'dead') {
        this.exitCause ??= 'start-failed';
        this.onExit(null, null);
      }
    });
    this.forwardOutput(this.child.stdout, 'info', 'stdout');
    this.forwardOutput(this.child.stderr, 'warn', 'stderr');
    this.startupTimer = this.clock.setTimer(options.startupTimeoutMs ?? 10_000, () => {
      this.startupTimer = null;
      if (this.state === 'starting') this.kill('start-failed');
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get isAlive(): boolean {
    return this.state === 'starting' || this.state === 'ready';
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  subscribe(listener: HostEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Loads a type module into the host (once per type key; later calls share the answer). */
  load(type: Pick<ResolvedType, 'typeKey' | 'specifier' | 'parameter'>): Promise<CallResult> {
    let loading = this.loads.get(type.typeKey);
    if (!loading) {
      const id = this.nextId++;
      loading = this.request(id, { kind: 'load', id, type: type.typeKey, specifier: type.specifier, parameter: type.parameter }, Infinity, `load ${type.typeKey}`, null);
      this.loads.set(type.typeKey, loading);
    }
    return loading;
  }

  /** Calls one entry point. `deadlineMs` is the DeadlockTimeout for this call. Never rejects. */
  call<E extends EntryPoint>(call: HostCall<E>, options: { readonly deadlineMs: number }): Promise<CallResult> {
    return this.dispatch(call, options).result;
  }

  /**
   * Like call(), and returns the call's id. With `after` (the id of a call to this host still
   * pending or just answered), the host runs this call only if that one succeeds, and answers
   * `cancelled` otherwise; its deadline starts when the call it follows has answered.
   */
  dispatch<E extends EntryPoint>(call: HostCall<E>, options: { readonly deadlineMs: number; readonly after?: number }): DispatchedCall {
    if (call.entry !== 'validate') this.resources.add(call.resource);
    let properties: ResourceProperties | undefined;
    if (call.properties !== undefined && this.sentProperties.get(call.resource) !== call.properties) {
      properties = call.properties;
      this.sentProperties.set(call.resource, call.properties);
    }
    const id = this.nextId++;
    const request = toRequest(id, call, properties);
    const waitsFor = options.after !== undefined && this.pending.has(options.after) ? options.after : null;
    const result = this.request(id, options.after === undefined ? request : { ...request, after: options.after }, options.deadlineMs, call.entry, call.resource, waitsFor);
    if (call.entry === 'close') {
      void result.then((answer) => {
        if (answer.exec === 'done') {
          this.resources.delete(call.resource);
          this.sentProperties.delete(call.resource);
        }
      });
    }
    return { id, result };
  }

  /**
   * Arms the host's self-fence (protocol.ts FenceRequest); null disarms. A host still starting
   * gets what is left of the deadline when it becomes ready.
   */
  setFenceDeadline(inMs: number | null): void {
    this.fenceAt = inMs === null ? null : this.fenceClock.now() + inMs;
    if (this.state === 'ready') this.out.send(inMs === null ? { kind: 'fence', inMs } : { kind: 'fence', inMs, sentAtNs: String(process.hrtime.bigint()) });
  }

  /** Asks the host to exit, waits for it, and kills it if it does not go within the grace time. */
  async close(): Promise<void> {
    if (this.state === 'starting' || this.state === 'ready') {
      const wasStarting = this.state === 'starting';
      this.state = 'closing';
      this.exitCause = 'shutdown';
      if (wasStarting) this.killProcess();
      else this.out.send({ kind: 'shutdown', id: this.nextId++ });
      const grace = this.clock.setTimer(this.shutdownGraceMs, () => this.killProcess());
      void this.exited.then(() => grace.cancel());
    }
    await this.exited;
  }

  /** Kills the process now (SIGKILL by pid) and fails every pending call as `host-crashed`. */
  kill(cause: HostExitCause = 'crashed'): void {
    if (this.state === 'dead') return;
    this.exitCause ??= cause;
    this.state = 'dying';
    this.killProcess();
    this.failAll(cause === 'start-failed' ? 'error' : 'host-crashed', `resource host ${this.hostId} was killed (${cause})`);
  }

  private request(id: number, request: HostRequest, deadlineMs: number, what: string, resource: string | null, waitsFor: number | null = null): Promise<CallResult> {
    if (!this.isAlive) {
      const exec = this.exitCause === 'shutdown' ? 'cancelled' : 'host-crashed';
      return Promise.resolve({ exec, code: exec === 'cancelled' ? RESULT_CODES.cancelled : RESULT_CODES.failed, detail: `resource host ${this.hostId} is not running` });
    }
    return new Promise<CallResult>((resolve) => {
      const entry: PendingCall = { resolve, deadlineMs, what, resource, deadlineAt: Infinity, waitsFor };
      this.pending.set(id, entry);
      if (waitsFor !== null) {
        const list = this.followers.get(waitsFor);
        if (list) list.push(entry);
        else this.followers.set(waitsFor, [entry]);
      } else if (this.state === 'ready') this.armDeadline(entry);
      this.out.send(request);
    });
  }

  /**
   * Deadlines share one timer, armed for the earliest and re-armed when it fires: a timer per call
   * is created and cancelled on every step of a chain, and with one call in flight it is alone in
   * its timer list, which Node builds and tears down each time (measured ~8 us per call).
   */
  private armDeadline(entry: PendingCall): void {
    if (!Number.isFinite(entry.deadlineMs)) return;
    entry.deadlineAt = this.clock.now() + entry.deadlineMs;
    if (entry.deadlineAt < this.deadlineTimerAt) this.scheduleDeadlineCheck(entry.deadlineAt);
  }

  private scheduleDeadlineCheck(at: number): void {
    this.deadlineTimer?.cancel();
    this.deadlineTimerAt = at;
    this.deadlineTimer = this.clock.setTimer(Math.max(0, at - this.clock.now()), this.checkDeadlines);
  }

  private cancelDeadlineCheck(): void {
    this.deadlineTimer?.cancel();
    this.deadlineTimer = null;
    this.deadlineTimerAt = Infinity;
  }

  /** The earliest call past its deadline kills the host; otherwise wait for the next deadline. */
  private readonly checkDeadlines = (): void => {
    this.deadlineTimer = null;
    this.deadlineTimerAt = Infinity;
    if (!this.isAlive) return;
    const now = this.clock.now();
    let offender: number | null = null;
    let offenderAt = Infinity;
    let next = Infinity;
    for (const [id, entry] of this.pending) {
      if (entry.deadlineAt <= now) {
        if (entry.deadlineAt < offenderAt) [offender, offenderAt] = [id, entry.deadlineAt];
      } else if (entry.deadlineAt < next) next = entry.deadlineAt;
    }
    if (offender !== null) this.onDeadline(offender);
    else if (next !== Infinity) this.scheduleDeadlineCheck(next);
  };

  private onDeadline(id: number): void {
    const offender = this.pending.get(id);
    if (!offender || !this.isAlive) return;
    this.pending.delete(id);
    this.exitCause ??= 'deadline';
    this.state = 'dying';
    this.killProcess();
    offender.resolve({
      exec: 'timeout',
      code: RESULT_CODES.timeout,
      detail: `${labelOf(offender)} did not return within ${offender.deadlineMs} ms; resource host ${this.hostId} (pid ${this.pid}) was killed`,
    });
    this.failAll('host-crashed', `resource host ${this.hostId} was killed because ${labelOf(offender)} outran its deadline`);
  }

  private receive(batch: unknown): void {
    if (!isBatch(batch)) {
      this.emitLog(null, 'error', `resource host ${this.hostId} sent a message that is not a batch`);
      return;
    }
    for (const message of batch as readonly HostMessage[]) {
      switch (message.kind) {
        case 'result': {
          const entry = this.pending.get(message.id);
          if (!entry) break; // already failed by a deadline or a kill
          this.pending.delete(message.id);
          this.armFollowers(message.id);
          entry.resolve(message.result);
          break;
        }
        case 'ready':
          this.onReady();
          break;
        case 'progress':
        case 'locked':
        case 'log':
          this.events.emit({ ...message, hostId: this.hostId, pid: this.pid });
          break;
        case 'fenced':
          this.events.emit({ kind: 'fenced', hostId: this.hostId, pid: this.pid, resources: message.resources });
          break;
        default:
          this.emitLog(null, 'error', `resource host ${this.hostId} sent an unknown message ${JSON.stringify(message)}`);
      }
    }
  }

  /** The calls that waited for `id` start now in the host: their deadlines start too. */
  private armFollowers(id: number): void {
    const list = this.followers.get(id);
    if (!list) return;
    this.followers.delete(id);
    for (const entry of list) {
      entry.waitsFor = null;
      if (this.state === 'ready') this.armDeadline(entry);
    }
  }

  private onReady(): void {
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.startupTimer?.cancel();
    this.startupTimer = null;
    for (const entry of this.pending.values()) if (entry.waitsFor === null) this.armDeadline(entry);
    // Ahead of the queued calls: a host that starts past the deadline must refuse their onlines.
    if (this.fenceAt !== null) this.write([{ kind: 'fence', inMs: Math.max(0, this.fenceAt - this.fenceClock.now()), sentAtNs: String(process.hrtime.bigint()) }]);
    this.out.release();
    this.events.emit({ kind: 'host-started', hostId: this.hostId, pid: this.pid });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const wasStarting = this.state === 'starting';
    this.state = 'dead';
    this.startupTimer?.cancel();
    this.out.drain();
    const cause: HostExitCause = this.exitCause ?? (wasStarting ? 'start-failed' : 'crashed');
    const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
    const detail = `resource host ${this.hostId} (pid ${this.pid}) ended: ${cause}, ${how}`;
    if (cause === 'shutdown') this.failAll('cancelled', detail);
    else this.failAll(cause === 'start-failed' ? 'error' : 'host-crashed', detail);
    this.events.emit({
      kind: 'host-exited',
      hostId: this.hostId,
      pid: this.pid,
      cause,
      exitCode: code,
      signal,
      resources: [...this.resources],
      detail,
    });
    this.resolveExited(cause);
  }

  private failAll(exec: 'host-crashed' | 'cancelled' | 'error', detail: string): void {
    const code = exec === 'cancelled' ? RESULT_CODES.cancelled : exec === 'error' ? RESULT_CODES.hostStartFailed : RESULT_CODES.failed;
    const failed = [...this.pending.values()];
    this.pending.clear();
    this.followers.clear();
    this.cancelDeadlineCheck();
    for (const entry of failed) entry.resolve({ exec, code, detail });
  }

  private killProcess(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ESRCH: it is already gone; the exit event follows.
    }
  }

  private write(batch: HostRequest[]): void {
    if (!this.child.connected) return;
    try {
      this.child.send(batch);
    } catch (error) {
      // The channel closed under us; the exit event fails the calls.
      this.emitLog(null, 'warn', `resource host ${this.hostId}: send failed: ${describeError(error)}`);
    }
  }

  private forwardOutput(stream: NodeJS.ReadableStream | null, level: 'info' | 'warn', name: string): void {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.emitLog(null, level, `[${name}] ${line}`));
  }

  private emitLog(resource: string | null, level: 'info' | 'warn' | 'error', message: string): void {
    this.events.emit({ kind: 'log', hostId: this.hostId, pid: this.pid, resource, level, message });
  }
}
