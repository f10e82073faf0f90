/**
 * `wolfpack events`: the live event stream, one line per event (or the raw JSON with --json),
 * until Ctrl-C. Reconnects on its own and resumes where it left off; `--since SEQ` replays what
 * the server still holds after that event.
 */
import type { Command } from 'commander';
import { ClusterError, Win32, describeCode } from '../core/errors.js';
import { groupStateLabel, resourceStateLabel } from '../core/states.js';
import type { EventMessage } from '../client/index.js';
import type { CliContext } from './main.js';
import { withClient, withRemoteOptions, type RemoteOptions } from './remote.js';

interface EventsOptions extends RemoteOptions {
  since?: string;
  count?: string;
}

export function registerEventsCommand(program: Command, ctx: CliContext): void {
  withRemoteOptions(
    program
      .command('events')
      .description('follow the live events: state changes, operations, steps (Ctrl-C stops)')
      .option('--since <seq>', 'replay from just after this event sequence number')
      .option('--count <n>', 'stop after this many events'),
  ).action((opts: EventsOptions) =>
    withClient(ctx, opts, async (client) => {
      const since = opts.since === undefined ? undefined : whole('--since', opts.since, 0);
      const count = opts.count === undefined ? Number.POSITIVE_INFINITY : whole('--count', opts.count, 1);
      const signal = ctx.io.interrupted();
      let seen = 0;
      const stream = client.events({
        ...(since === undefined ? {} : { lastEventId: since }),
        signal,
        onReconnect: ({ attempt, delayMs }) => ctx.io.err(`connection to ${client.label} lost; reconnecting in ${delayMs} ms (attempt ${attempt})`),
      });
      for await (const event of stream) {
        ctx.io.out(opts.json ? JSON.stringify(event) : formatEventLine(event));
        if (++seen >= count) break;
      }
    }),
  );
}

function whole(option: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < min) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${option} takes a whole number${min > 0 ? ` from ${min}` : ''}, not ${JSON.stringify(text)}`);
  return n;
}

/** "#42 05:01:02.123 resource App: Online -> OfflinePending (operation 7)". */
export function formatEventLine(e: EventMessage): string {
  const time = e.time > 0 ? new Date(e.time).toISOString().slice(11, 23) : '--:--:--.---';
  return `#${e.seq} ${time} ${describeEvent(e)}`;
}

function describeEvent(e: EventMessage): string {
  const op = typeof e['operation'] === 'string' ? ` (operation ${e['operation']})` : '';
  const str = (key: string): string => String(e[key] ?? '?');
  const step = (e['step'] ?? {}) as { id?: number; action?: string; resource?: string; status?: string; detail?: string | null };
  switch (e.type) {
    case 'resource-state':
      return `resource ${str('resource')}: ${resourceStateLabel(Number(e['previous']))} -> ${resourceStateLabel(Number(e['state']))}${typeof e['detail'] === 'string' ? ` (${e['detail']})` : ''}${op}`;
    case 'group-state':
      return `group ${str('group')}: ${groupStateLabel(Number(e['previous']))} -> ${groupStateLabel(Number(e['state']))}`;
    case 'resource-locked':
      return `resource ${str('resource')}: locked mode ${e['locked'] ? 'on' : 'off'}`;
    case 'resource-progress':
      return `resource ${str('resource')}: progress${typeof e['note'] === 'string' ? ` "${e['note']}"` : ''}, PendingTimeout ${(Number(e['pendingTimeoutMs']) / 1000).toFixed(1)}s left${op}`;
    case 'persistent-state':
      return `${str('target')} ${str('name')}: persistent state ${Number(e['state']) === 1 ? 'Online' : 'Offline'}`;
    case 'operation-started':
      return `operation ${str('operation')}: ${str('kind')} ${str('target')} by ${str('actor')}: ${describeCode(Number(e['code']))}`;
    case 'operation-ended':
      return `operation ${str('operation')}: ${str('outcome')}`;
    case 'step-started':
      return `operation ${str('operation')} step #${(step.id ?? 0) + 1}: ${step.action ?? '?'} ${step.resource ?? '?'} started`;
    case 'step-ended':
      return `operation ${str('operation')} step #${(step.id ?? 0) + 1}: ${step.action ?? '?'} ${step.resource ?? '?'} ${step.status ?? 'ended'}${step.detail ? `: ${step.detail}` : ''}`;
    case 'reset':
      return `reset: ${str('reason')}; some events were missed, \`wolfpack status\` shows the state now`;
    case 'host-crashed':
      return `resource host ${str('host')} exited: ${str('detail')}`;
    default: {
      // Event types added later still print, as their fields.
      const { seq: _seq, time: _time, type, ...rest } = e;
      return `${type} ${JSON.stringify(rest)}`;
    }
  }
}
