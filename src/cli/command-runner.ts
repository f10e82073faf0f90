/**
 * Sends one offline or online to the server and reports its answer, the way every such command
 * does: 997 and 0 exit 0, a rejection prints its code and name on stderr and exits with the error
 * table's code; `--plan` prints the plan and changes nothing; `--wait [SECONDS]` follows the
 * operation to its end (PowerShell's -Wait: no value waits to completion, 0 returns at once).
 */
import type { CommandKind } from '../core/commands.js';
import { ClusterError, ExitCode, Win32, describeCode, errorEntry } from '../core/errors.js';
import { groupStateLabel, resourceStateLabel } from '../core/states.js';
import type { ClusterView, CommandBody, CommandResult, GroupStateView, ResourceStateView, WolfpackClient } from '../client/index.js';
import { flagsFor, inputBytesFor, reasonFor, type FlagSwitches } from './command-options.js';
import type { CliContext } from './main.js';
import { printJson } from './remote.js';
import { codeMessage, duration } from './text-format.js';
import { followOperation, type FollowResult } from './wait-progress.js';

/** The commands this runner sends; moves and cancels have their own (move-commands.ts). */
export type OfflineOnlineKind = Exclude<CommandKind, 'move-group' | 'cancel-group'>;

export interface CommandOptions extends FlagSwitches {
  reason?: string;
  prop?: string[];
  propsFile?: string;
  wait?: string | boolean;
  plan?: boolean;
  json?: boolean;
}

/** `--wait` → null (do not wait), Infinity (until the end) or seconds. */
export function waitSeconds(value: string | boolean | undefined): number | null {
  if (value === undefined || value === false) return null;
  if (value === true) return Number.POSITIVE_INFINITY;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--wait takes a number of seconds, not ${JSON.stringify(value)} (put --wait after the NAME)`);
  }
  const seconds = Number(value);
  return seconds === 0 ? null : seconds;
}

export function commandBody(ctx: CliContext, kind: OfflineOnlineKind, opts: CommandOptions): CommandBody {
  const flags = flagsFor(kind, opts);
  const reason = reasonFor(opts.reason);
  if (reason !== undefined && !kind.startsWith('offline')) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--reason applies to offline commands only');
  const bytes = inputBytesFor(ctx.io, opts.prop, opts.propsFile);
  return {
    flags,
    ...(reason === undefined ? {} : { reason }),
    ...(bytes === undefined ? {} : { propertiesBase64: Buffer.from(bytes).toString('base64') }),
    ...(opts.plan ? { plan: true } : {}),
  };
}

export async function runCommand(ctx: CliContext, client: WolfpackClient, kind: OfflineOnlineKind, target: string, opts: CommandOptions): Promise<void> {
  const body = commandBody(ctx, kind, opts);
  const wait = opts.plan ? null : waitSeconds(opts.wait);
  const isGroup = kind.endsWith('-group');
  const verb = kind.startsWith('offline') ? 'offline' : 'online';
  const what = `${isGroup ? 'group' : 'resource'} ${target}`;
  // Read before sending, so the event stream can start exactly where this command's events begin.
  const before = wait === null ? null : await client.getCluster();
  const answer = await send(client, kind, target, body);
  ctx.exitCode = errorEntry(answer.code).exit;

  if (opts.plan) {
    if (opts.json) printJson(ctx, answer);
    else printPlan(ctx, what, verb, answer);
    return;
  }
  if (answer.code !== Win32.ERROR_IO_PENDING && answer.code !== Win32.ERROR_SUCCESS) {
    if (opts.json) printJson(ctx, answer);
    reportRejection(ctx, answer);
    return;
  }
  if (!opts.json) ctx.io.out(acceptedLine(what, verb, answer));
  if (wait === null || before === null) {
    if (opts.json) printJson(ctx, answer);
    return;
  }

  let follow: FollowResult | null = null;
  if (answer.code === Win32.ERROR_IO_PENDING && answer.operation !== null) {
    const scope = scopeOf(before, isGroup, target);
    follow = await followOperation(ctx.io, client, {
      operation: answer.operation,
      lastEventId: before.lastEventId,
      group: scope.group,
      pendingTimeouts: scope.pendingTimeouts,
      timeoutMs: Number.isFinite(wait) ? wait * 1000 : null,
      print: !opts.json,
    });
  }
  const state = await (isGroup ? client.getGroupState(target) : client.getResourceState(target));
  if (opts.json) {
    printJson(ctx, { answer, operation: follow?.view ?? null, state, timedOut: follow?.timedOut ?? false });
  } else {
    ctx.io.out(stateLine(isGroup, target, state));
    if (follow?.view && !follow.timedOut) ctx.io.out(`operation ${follow.view.id} ${follow.view.outcome}${follow.view.ended === null ? '' : ` in ${duration(follow.view.ended - follow.view.submitted)}`}`);
  }
  if (follow?.timedOut) {
    ctx.exitCode = ExitCode.timeout;
    ctx.io.err(`error: ${describeCode(Win32.WAIT_TIMEOUT)}: operation ${answer.operation ?? '?'} is still running after ${wait} s; it goes on: follow it with \`wolfpack op show ${answer.operation ?? ''}\``);
  } else if (follow?.view && (follow.view.outcome === 'failed' || follow.view.outcome === 'interrupted')) {
    ctx.exitCode = ExitCode.failed;
    const failed = follow.view.steps.filter((s) => s.status === 'failed').map((s) => `${s.action} ${s.resource}${s.detail ? ` (${s.detail})` : ''}`);
    ctx.io.err(`error: operation ${follow.view.id} ${follow.view.outcome}${failed.length > 0 ? `: ${failed.join('; ')}` : ''}`);
  }
}

function send(client: WolfpackClient, kind: OfflineOnlineKind, target: string, body: CommandBody): Promise<CommandResult> {
  switch (kind) {
    case 'offline-group':
      return client.offlineGroup(target, body);
    case 'online-group':
      return client.onlineGroup(target, body);
    case 'offline-resource':
      return client.offlineResource(target, body);
    case 'online-resource':
      return client.onlineResource(target, body);
  }
}

export function acceptedLine(what: string, verb: string, answer: CommandResult): string {
  const op = answer.operation === null ? '' : `, operation ${answer.operation}`;
  if (answer.code === Win32.ERROR_SUCCESS) return `${what}: ${verb}: nothing to do (${describeCode(answer.code)}${op})`;
  return `${what}: ${verb} accepted (${describeCode(answer.code)}${op})`;
}

export function printPlan(ctx: CliContext, what: string, verb: string, answer: CommandResult): void {
  const text = answer.plan?.text;
  if (text !== undefined) ctx.io.out(text.replace(/\n$/, ''));
  else ctx.io.out(`result: ${describeCode(answer.code)}`);
  ctx.io.out(`${what}: ${verb} planned only; nothing was changed`);
  if (answer.code !== Win32.ERROR_IO_PENDING && answer.code !== Win32.ERROR_SUCCESS) ctx.io.err(`error: ${codeMessage(answer.code, answer.message)}`);
}

/** `hint` replaces the default one (the offline's --ignore-locked for 5960). */
export function reportRejection(ctx: CliContext, answer: CommandResult, hint?: string): void {
  const recorded = answer.operation === null ? '' : ` (recorded as operation ${answer.operation})`;
  ctx.io.err(`error: ${codeMessage(answer.code, answer.message)}${recorded}`);
  for (const issue of answer.issues ?? []) ctx.io.err(`  ${issue.path}: ${describeCode(issue.code)}: ${issue.message}`);
  if (hint !== undefined) ctx.io.err(hint);
  else if (answer.code === Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS) ctx.io.err('hint: --ignore-locked takes it offline anyway');
}

export function stateLine(isGroup: boolean, name: string, state: GroupStateView | ResourceStateView): string {
  const owner = state.owner === null ? 'no owner' : `owner ${state.owner}`;
  if (isGroup) return `group ${name}: ${groupStateLabel(state.state)} (${owner})`;
  const group = 'group' in state ? `group ${state.group}, ` : '';
  return `resource ${name}: ${resourceStateLabel(state.state)} (${group}${owner})`;
}

interface Scope {
  readonly group: string | null;
  readonly pendingTimeouts: ReadonlyMap<string, number>;
}

/** The target's group and its resources' PendingTimeout, from the cluster read before sending. */
function scopeOf(cluster: ClusterView, isGroup: boolean, target: string): Scope {
  const key = target.toLowerCase();
  const group = cluster.groups.find((g) => (isGroup ? g.name.toLowerCase() === key : g.resources.some((r) => r.name.toLowerCase() === key)));
  const pendingTimeouts = new Map<string, number>();
  for (const r of group?.resources ?? []) pendingTimeouts.set(r.name.toLowerCase(), r.common['PendingTimeout'] ?? 180_000);
  return { group: group?.name ?? null, pendingTimeouts };
}
