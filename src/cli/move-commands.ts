/**
 * `wolfpack group move` (MoveClusterGroupEx) and `wolfpack group cancel` (CancelClusterGroupOperation).
 * Answers and exit codes as for offline/online: 0, 997 and 5959 (queued) are accepted and exit 0,
 * anything else is a rejection with the error table's exit code. The server judges every flag
 * (IGNORE with QUEUE is its 87 to give and record). `--wait` follows the group, not only the
 * operation, until it is settled on the destination (move-progress.ts).
 */
import type { Command } from 'commander';
import { ClusterError, ExitCode, Win32, describeCode, errorEntry } from '../core/errors.js';
import { GroupMoveFlags } from '../core/flags.js';
import { GroupState, groupStateLabel } from '../core/states.js';
import type { CommandResult, MoveBody, WolfpackClient } from '../client/index.js';
import { collect, inputBytesFor, parseDword } from './command-options.js';
import { acceptedLine, printPlan, reportRejection, stateLine, waitSeconds } from './command-runner.js';
import type { CliContext } from './main.js';
import { followMove } from './move-progress.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { duration } from './text-format.js';

interface MoveOptions extends RemoteOptions {
  to?: string;
  queue?: boolean;
  returnOnError?: boolean;
  ignoreLocked?: boolean;
  flags?: string;
  prop?: string[];
  propsFile?: string;
  wait?: string | boolean;
  plan?: boolean;
}

interface CancelOptions extends RemoteOptions {
  flags?: string;
}

/** 5959: QUEUE_ENABLED was given and the move waits for a lock to clear; it is under way. */
function accepted(code: number): boolean {
  return code === Win32.ERROR_SUCCESS || code === Win32.ERROR_IO_PENDING || code === Win32.ERROR_CLUSTER_GROUP_QUEUED;
}

const LOCKED_HINT = 'hint: --ignore-locked moves it anyway (terminating what must be); --queue waits for the lock to clear';

export function registerMoveCommands(group: Command, ctx: CliContext): void {
  withRemoteOptions(
    group
      .command('move')
      .description('move a group to another node: offline here, online there (MoveClusterGroupEx)')
      .argument('<name>', 'the group')
      .option('--to <node>', 'the destination node (default: the cluster picks, preferred owners first)')
      .option('--queue', 'QUEUE_ENABLED: if a locked resource blocks the move, wait until it unlocks (or the move is cancelled)')
      .option('--return-on-error', 'RETURN_TO_SOURCE_NODE_ON_ERROR: if the group cannot reach its state on the destination, bring it back')
      .option('--ignore-locked', 'IGNORE_RESOURCE_STATUS: move although a resource is in locked mode')
      .option('--flags <dword>', 'a raw CLUSAPI_GROUP_MOVE_* word (OR-ed with the switches)')
      .option('--prop <Name=Value[:type]>', 'an instruction for the resources on both nodes (repeatable)', collect)
      .option('--props-file <file>', 'the instructions as a CLUSPROP property-list file (bytes as they are)')
      .option('--wait [seconds]', 'follow the group until it is settled on the destination, or for at most SECONDS')
      .option('--plan', 'dry run: print the plan the owner would run and change nothing'),
  ).action((name: string, opts: MoveOptions) => withClient(ctx, opts, (client) => runMove(ctx, client, name, opts)));

  withRemoteOptions(
    group
      .command('cancel')
      .description("cancel a group's queued or running move (CancelClusterGroupOperation)")
      .argument('<name>', 'the group')
      .option('--flags <dword>', 'dwCancelFlags: reserved, anything but 0 is 87'),
  ).action((name: string, opts: CancelOptions) =>
    withClient(ctx, opts, async (client) => {
      const answer = await client.cancelGroup(name, opts.flags === undefined ? {} : { flags: parseDword('--flags', opts.flags) });
      ctx.exitCode = errorEntry(answer.code).exit;
      if (opts.json) printJson(ctx, answer);
      if (accepted(answer.code)) {
        if (!opts.json) ctx.io.out(acceptedLine(`group ${name}`, 'cancel', answer));
      } else {
        reportRejection(ctx, answer, answer.code === Win32.ERROR_INVALID_STATE ? 'hint: only a queued move, or one not yet handed over, can be cancelled' : undefined);
      }
    }),
  );
}

function moveBody(ctx: CliContext, opts: MoveOptions): MoveBody {
  let flags = opts.flags === undefined ? 0 : parseDword('--flags', opts.flags);
  if (opts.ignoreLocked) flags |= GroupMoveFlags.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS;
  if (opts.returnOnError) flags |= GroupMoveFlags.CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR;
  if (opts.queue) flags |= GroupMoveFlags.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
  if (opts.to !== undefined && opts.to.trim() === '') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--to takes a node name');
  const bytes = inputBytesFor(ctx.io, opts.prop, opts.propsFile);
  return {
    ...(opts.to === undefined ? {} : { to: opts.to }),
    flags: flags >>> 0,
    ...(bytes === undefined ? {} : { propertiesBase64: Buffer.from(bytes).toString('base64') }),
    ...(opts.plan ? { plan: true } : {}),
  };
}

async function runMove(ctx: CliContext, client: WolfpackClient, name: string, opts: MoveOptions): Promise<void> {
  const body = moveBody(ctx, opts);
  const wait = opts.plan ? null : waitSeconds(opts.wait);
  const what = `group ${name}`;
  // Read before sending, so the event stream starts exactly where this move's events begin.
  const before = wait === null ? null : await client.getCluster();
  const answer = await client.moveGroup(name, body);
  ctx.exitCode = errorEntry(answer.code).exit;

  if (opts.plan) {
    if (opts.json) printJson(ctx, answer);
    else printPlan(ctx, what, 'move', answer);
    return;
  }
  if (!accepted(answer.code)) {
    if (opts.json) printJson(ctx, answer);
    reportRejection(ctx, answer, answer.code === Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS ? LOCKED_HINT : undefined);
    return;
  }
  if (!opts.json) ctx.io.out(acceptedLine(what, 'move', answer));
  if (wait === null || before === null) {
    if (opts.json) printJson(ctx, answer);
    return;
  }
  await waitForMove(ctx, client, name, opts, answer, before, wait);
}

async function waitForMove(ctx: CliContext, client: WolfpackClient, name: string, opts: MoveOptions, answer: CommandResult, before: Awaited<ReturnType<WolfpackClient['getCluster']>>, wait: number): Promise<void> {
  const view = before.groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  const started = Date.now();
  let follow: Awaited<ReturnType<typeof followMove>> | null = null;
  // 0: already where it was asked to be; nothing to follow.
  if (answer.code !== Win32.ERROR_SUCCESS && answer.operation !== null && view) {
    follow = await followMove(ctx.io, client, {
      group: view.name,
      operation: answer.operation,
      from: view.owner,
      to: opts.to ?? null,
      wasOnline: view.state === GroupState.Online || view.state === GroupState.PartialOnline || view.persistentState === 1,
      lastEventId: before.lastEventId,
      resources: new Set(view.resources.map((r) => r.name.toLowerCase())),
      timeoutMs: Number.isFinite(wait) ? wait * 1000 : null,
      print: !opts.json,
    });
  }
  const state = await client.getGroupState(name);
  if (opts.json) printJson(ctx, { answer, operation: follow?.operation ?? null, state, end: follow?.end ?? 'moved' });
  else {
    ctx.io.out(stateLine(true, name, state));
    if (follow?.end === 'moved') ctx.io.out(`group ${name}: moved from ${view?.owner ?? '?'} to ${state.owner ?? '?'} in ${duration(Date.now() - started)}`);
  }
  if (follow?.end === 'timeout') {
    ctx.exitCode = ExitCode.timeout;
    ctx.io.err(`error: ${describeCode(Win32.WAIT_TIMEOUT)}: group ${name} is not settled after ${wait} s (${groupStateLabel(state.state)} on ${state.owner ?? 'no node'}); the move goes on: follow it with \`wolfpack group state ${name}\``);
  } else if (follow?.end === 'failed') {
    ctx.exitCode = ExitCode.failed;
    ctx.io.err(`error: the move of group ${name} failed: ${follow.detail ?? 'see wolfpack op show'}${answer.operation ? ` (operation ${answer.operation})` : ''}`);
  }
}
