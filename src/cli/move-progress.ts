/**
 * `group move --wait`: a move is more than its operation. The source node's operation offlines the
 * group and hands it over; then the destination brings it to its persistent state (a separate
 * operation there, possibly followed by a return to the source on RETURN_TO_SOURCE_NODE_ON_ERROR).
 * So the wait follows the *group* on /v1/events -- its resources' transitions, its state, owner and
 * moving changes, from whichever node -- and ends when the group is owned by the destination, no
 * longer moving, and at its persistent state (Online or PartialOnline if it was online, Offline if
 * it was offline); or when the move fails: the source's operation fails or is cancelled, the group
 * ends Failed on the destination, or it is back on the source after the handover.
 *
 * Every relevant event (and a slow poll, the safety net for a lost stream) re-reads the group and
 * the operation; the reads, not the events, decide the end.
 */
import { GroupState, groupStateLabel, resourceStateLabel } from '../core/states.js';
import { isApiError, type EventMessage, type GroupView, type OperationView, type WolfpackClient } from '../client/index.js';
import type { CliIo } from './io.js';
import { offset } from './text-format.js';

export interface MoveFollowRequest {
  readonly group: string;
  readonly operation: string;
  /** The node the group is moving from (its owner when the move was sent). */
  readonly from: string | null;
  /** The destination the caller named; null: the one the operation record names, else any other node. */
  readonly to: string | null;
  /** Whether the group was online (it is brought to its persistent state on the destination). */
  readonly wasOnline: boolean;
  /** Resume point: ClusterView.lastEventId read before sending the move. */
  readonly lastEventId: number;
  /** The group's resources (lower case), for picking their events out of the stream. */
  readonly resources: ReadonlySet<string>;
  readonly timeoutMs: number | null;
  readonly print: boolean;
  readonly pollMs?: number;
}

export type MoveEnd = 'moved' | 'failed' | 'timeout';

export interface MoveFollowResult {
  readonly end: MoveEnd;
  /** Why it failed, in words. */
  readonly detail: string | null;
  readonly group: GroupView | null;
  readonly operation: OperationView | null;
}

const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/**
 * The end the group and the operation show now, or null while the move is still under way.
 * `op` is null when the node asked does not hold the operation (it was forwarded to the owner and
 * recorded there): then the group alone decides. `leftSource`: the group was seen owned by another
 * node since the move began; only then does the source owning it again mean a return (the owner
 * record may lag the operation's end).
 */
export function moveVerdict(req: MoveFollowRequest, group: GroupView, op: OperationView | null, leftSource: boolean): { end: 'moved' | 'failed'; detail: string | null } | null {
  if (op && (op.outcome === 'failed' || op.outcome === 'interrupted' || op.outcome === 'cancelled' || op.outcome === 'rejected')) {
    return { end: 'failed', detail: `operation ${op.id} ${op.outcome}` };
  }
  if (group.moving || op?.outcome === 'running') return null;
  const to = req.to ?? op?.destinationNode ?? null;
  const arrived = to === null ? group.owner !== null && !same(group.owner, req.from) : same(group.owner, to);
  if (arrived) {
    if (group.state === GroupState.Failed) return { end: 'failed', detail: `group ${group.name} is Failed on ${group.owner ?? '?'}` };
    const online = group.state === GroupState.Online || group.state === GroupState.PartialOnline;
    if (req.wasOnline ? online : group.state === GroupState.Offline) return { end: 'moved', detail: null };
    return null;
  }
  if (leftSource && same(group.owner, req.from) && group.state !== GroupState.Pending) {
    return { end: 'failed', detail: `group ${group.name} is back on ${group.owner ?? '?'} (${groupStateLabel(group.state)})` };
  }
  return null;
}

/** The operation, or null when this node does not hold it (a forwarded move is recorded by the owner). */
async function operationOrNull(client: WolfpackClient, id: string): Promise<OperationView | null> {
  try {
    return await client.getOperation(id);
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export async function followMove(io: CliIo, client: WolfpackClient, req: MoveFollowRequest): Promise<MoveFollowResult> {
  const controller = new AbortController();
  let timedOut = false;
  let last: { group: GroupView; op: OperationView | null } | null = null;
  let verdict: { end: 'moved' | 'failed'; detail: string | null } | null = null;
  let checking = false;
  let again = false;
  let leftSource = false;
  let seen = req.lastEventId;
  let drainUntil: number | null = null;
  // The reads saw the end; the stream may still owe the lines of the last changes (published
  // before that read): take them up to the newest event id of that moment, then stop.
  const settle = async (): Promise<void> => {
    setTimeout(() => controller.abort(), 2000).unref();
    try {
      drainUntil = (await client.getCluster()).lastEventId;
    } catch {
      drainUntil = seen;
    }
    if (seen >= drainUntil) controller.abort();
  };
  const check = async (): Promise<void> => {
    // One read at a time; an event during a read asks for one more afterwards, not one each.
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      do {
        again = false;
        const [group, op] = await Promise.all([client.getGroup(req.group), operationOrNull(client, req.operation)]);
        last = { group, op };
        if (group.owner !== null && !same(group.owner, req.from)) leftSource = true;
        verdict = moveVerdict(req, group, op, leftSource);
        if (verdict) void settle();
      } while (again && !verdict);
    } catch {
      // A read that fails (the node went away for a moment) is retried by the next event or poll.
    } finally {
      checking = false;
    }
  };
  const timer = req.timeoutMs === null ? null : setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const poll = setInterval(() => void check(), req.pollMs ?? 1000);
  const printer = new GroupPrinter(io, req);
  try {
    void check();
    for await (const event of client.events({ lastEventId: req.lastEventId, signal: controller.signal })) {
      seen = Math.max(seen, event.seq);
      const line = printer.describe(event);
      if (line !== null && req.print) printer.print(event, line);
      if (drainUntil !== null && seen >= drainUntil) break;
      if (!verdict && (line !== null || event.type === 'operation-ended' || event.type === 'reset')) void check();
    }
  } finally {
    if (timer) clearTimeout(timer);
    clearInterval(poll);
  }
  // The stream ended on the verdict, a timeout, or Ctrl-C; one last look says which.
  if (!verdict) await check();
  const settled = verdict as { end: 'moved' | 'failed'; detail: string | null } | null;
  if (settled) timedOut = false;
  const end: MoveEnd = settled ? settled.end : timedOut ? 'timeout' : 'failed';
  const read = last as { group: GroupView; op: OperationView | null } | null;
  return { end, detail: settled?.detail ?? (timedOut ? null : 'the wait was interrupted'), group: read?.group ?? null, operation: read?.op ?? null };
}

/** One line per change of the group: its resources, its state, owner and moving mark. */
class GroupPrinter {
  private start: number | null = null;
  private readonly width: number;

  constructor(
    private readonly io: CliIo,
    private readonly req: MoveFollowRequest,
  ) {
    this.width = Math.max(0, ...[...req.resources].map((r) => r.length));
  }

  print(event: EventMessage, line: string): void {
    this.start ??= event.time;
    this.io.out(`  ${offset(event.time - this.start).padStart(8)}  ${line}`);
  }

  describe(e: EventMessage): string | null {
    const mine = (field: string): boolean => String(e[field] ?? '').toLowerCase() === this.req.group.toLowerCase();
    const ours = (field: string): boolean => this.req.resources.has(String(e[field] ?? '').toLowerCase());
    switch (e.type) {
      case 'resource-state':
        if (!ours('resource')) return null;
        return `${String(e['resource']).padEnd(this.width)}  ${resourceStateLabel(num(e['previous']))} -> ${resourceStateLabel(num(e['state']))}${typeof e['detail'] === 'string' && e['detail'] !== '' ? ` (${e['detail']})` : ''}`;
      case 'group-state':
        return mine('group') ? `group ${String(e['group'])}: ${groupStateLabel(num(e['previous']))} -> ${groupStateLabel(num(e['state']))}` : null;
      case 'group-owner':
        return mine('group') ? `group ${String(e['group'])}: owner ${nodeName(e['previous'])} -> ${nodeName(e['owner'])}` : null;
      case 'group-moving':
        if (!mine('group')) return null;
        if (e['queued'] === true) return `group ${String(e['group'])}: move queued (waiting for a locked resource)`;
        return `group ${String(e['group'])}: ${e['moving'] === true ? 'moving' : 'no longer moving'}`;
      case 'step-ended': {
        const step = e['step'] as { action?: string; resource?: string; status?: string; detail?: string | null } | undefined;
        if (step?.status !== 'failed' || !this.req.resources.has(String(step.resource ?? '').toLowerCase())) return null;
        return `${String(step.resource).padEnd(this.width)}  ${step.action ?? 'step'} failed${step.detail ? `: ${step.detail}` : ''}`;
      }
      case 'operation-started':
        return mine('target') && e['operation'] !== this.req.operation ? `operation ${String(e['operation'])}: ${String(e['kind'])} ${String(e['target'])} (${String(e['actor'])})` : null;
      default:
        return null;
    }
  }
}

function nodeName(value: unknown): string {
  return typeof value === 'string' ? value : '(none)';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
