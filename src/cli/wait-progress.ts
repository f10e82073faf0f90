/**
 * `--wait`: follows one operation on /v1/events until it ends, printing each of its resources'
 * transitions with the time since the operation started and what is left of PendingTimeout. The
 * stream resumes from the cluster's lastEventId read before the command was sent, so events that
 * happen between the answer and the subscription are replayed, not missed. A slow poll of the
 * operation record backs the stream up: a server that lost its replay window answers with a
 * `reset` event, and an operation-ended event that never comes must not leave us waiting forever.
 */
import { ResourceState, groupStateLabel, resourceStateLabel } from '../core/states.js';
import type { EventMessage, OperationView, WolfpackClient } from '../client/index.js';
import type { CliIo } from './io.js';
import { LiveLine } from './live-line.js';
import { offset, secondsLeft } from './text-format.js';

export interface FollowRequest {
  readonly operation: string;
  /** Resume point: ClusterView.lastEventId read before sending the command. */
  readonly lastEventId: number;
  /** The group whose state changes are worth showing (the target, or the resource's group). */
  readonly group: string | null;
  /** Resource name (lower case) -> PendingTimeout in ms, from the configuration read before sending. */
  readonly pendingTimeouts: ReadonlyMap<string, number>;
  /** null: wait until the operation ends. */
  readonly timeoutMs: number | null;
  /** Print the transitions (false for --json). */
  readonly print: boolean;
  /** How often the operation record is polled as a safety net. */
  readonly pollMs?: number;
}

export interface FollowResult {
  readonly timedOut: boolean;
  /** The operation record at the end (null if it could not be read). */
  readonly view: OperationView | null;
}

const DEFAULT_PENDING_TIMEOUT_MS = 180_000;

export async function followOperation(io: CliIo, client: WolfpackClient, req: FollowRequest): Promise<FollowResult> {
  const controller = new AbortController();
  let timedOut = false;
  let ended = false;
  const timer = req.timeoutMs === null ? null : setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  // The safety net: an operation the record says has ended, twice in a row, ends the wait even if
  // its operation-ended event never arrives; the second look gives the stream time to deliver.
  let endedPolls = 0;
  const check = (conclusive: boolean): void => {
    client.getOperation(req.operation).then((view) => {
      endedPolls = view.outcome === 'running' ? 0 : endedPolls + 1;
      if (endedPolls >= (conclusive ? 1 : 2)) controller.abort();
    }, () => undefined);
  };
  const poll = setInterval(() => check(false), req.pollMs ?? 2000);
  const printer = new TransitionPrinter(io, req);
  try {
    for await (const event of client.events({ lastEventId: req.lastEventId, signal: controller.signal })) {
      if (req.print) printer.show(event);
      // The server could not replay from our resume point (its window moved on, or it restarted):
      // the missed end will not come as an event, so the record's word is final, now.
      if (event.type === 'reset') check(true);
      if (event.type === 'operation-ended' && event['operation'] === req.operation) {
        ended = true;
        break;
      }
    }
  } finally {
    if (timer) clearTimeout(timer);
    clearInterval(poll);
    printer.stop();
  }
  const view = await client.getOperation(req.operation).catch(() => null);
  return { timedOut: timedOut && !ended && (view === null || view.outcome === 'running'), view };
}

class TransitionPrinter {
  private start: number | null = null;
  private readonly width: number;
  /** Resources whose failure was already shown by their state change (with its reason). */
  private readonly failureShown = new Set<string>();

  /** Only on a terminal: plain lines must stay plain for pipes, files and transcripts. */
  private readonly live: LiveLine | null;

  constructor(private readonly io: CliIo, private readonly req: FollowRequest) {
    this.width = Math.max(0, ...[...req.pendingTimeouts.keys()].map((k) => k.length));
    this.live = io.isTty && req.print ? new LiveLine(io) : null;
  }

  show(event: EventMessage): void {
    this.track(event);
    const line = this.describe(event);
    if (line === null) return;
    this.start ??= event.time;
    const text = `  ${offset(event.time - this.start).padStart(8)}  ${line}`;
    if (this.live) this.live.line(text);
    else this.io.out(text);
  }

  stop(): void {
    this.live?.stop();
  }

  private track(e: EventMessage): void {
    if (!this.live || e['operation'] !== this.req.operation) return;
    const step = e['step'] as { action?: string; resource?: string } | undefined;
    if (e.type === 'step-started' && step?.resource !== undefined) {
      const timeout = this.req.pendingTimeouts.get(step.resource.toLowerCase()) ?? DEFAULT_PENDING_TIMEOUT_MS;
      this.live.stepStarted(step.resource, step.action ?? 'step', timeout);
    } else if (e.type === 'step-ended' && step?.resource !== undefined) {
      this.live.stepEnded(step.resource);
    } else if (e.type === 'resource-progress') {
      this.live.progress(String(e['resource']), num(e['pendingTimeoutMs']));
    }
  }

  private describe(e: EventMessage): string | null {
    const mine = e['operation'] === this.req.operation;
    switch (e.type) {
      case 'operation-started':
        if (mine) this.start = e.time;
        return null;
      case 'resource-state': {
        if (!mine) return null;
        const detail = typeof e['detail'] === 'string' && e['detail'] !== '' ? ` (${e['detail']})` : '';
        if (e['state'] === ResourceState.Failed) this.failureShown.add(String(e['resource']));
        return `${this.name(e['resource'])}  ${resourceStateLabel(num(e['previous']))} -> ${resourceStateLabel(num(e['state']))}${detail}`;
      }
      case 'step-started': {
        if (!mine) return null;
        const step = e['step'] as { action?: string; resource?: string } | undefined;
        const timeout = this.req.pendingTimeouts.get(String(step?.resource ?? '').toLowerCase()) ?? DEFAULT_PENDING_TIMEOUT_MS;
        return `${this.name(step?.resource)}  ${step?.action ?? 'step'} started, PendingTimeout ${secondsLeft(timeout)}`;
      }
      case 'resource-progress': {
        if (!mine) return null;
        const note = typeof e['note'] === 'string' && e['note'] !== '' ? ` "${e['note']}"` : '';
        return `${this.name(e['resource'])}  progress${note}, PendingTimeout ${secondsLeft(num(e['pendingTimeoutMs']))} left`;
      }
      case 'step-ended': {
        const step = e['step'] as { action?: string; resource?: string; status?: string; detail?: string | null } | undefined;
        if (!mine || step?.status === 'succeeded') return null;
        if (step?.status === 'failed' && this.failureShown.has(String(step.resource))) return null;
        return `${this.name(step?.resource)}  ${step?.action ?? 'step'} ${step?.status ?? 'ended'}${step?.detail ? `: ${step.detail}` : ''}`;
      }
      case 'group-state':
        if (this.req.group === null || String(e['group']).toLowerCase() !== this.req.group.toLowerCase()) return null;
        return `group ${String(e['group'])}: ${groupStateLabel(num(e['previous']))} -> ${groupStateLabel(num(e['state']))}`;
      default:
        return null;
    }
  }

  private name(value: unknown): string {
    return String(value ?? '?').padEnd(this.width);
  }
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
