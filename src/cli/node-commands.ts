/**
 * `wolfpack node list|state|pause|resume`: the cluster's nodes (GET /v1/nodes) and
 * PauseClusterNodeEx / ResumeClusterNodeEx. Pausing drains the node's groups to other nodes unless
 * --no-drain; resuming may fail groups back. Both are the cluster's to carry out: a daemon running
 * alone answers 5005, which exits 8 like every "unavailable" code.
 */
import type { Command } from 'commander';
import { ClusterError, Win32, describeCode, errorEntry, isAccepted } from '../core/errors.js';
import { nodeStateName } from '../core/states.js';
import type { FailbackWord, NodeCommandAnswer, NodePauseBody, NodeView } from '../client/index.js';
import { acceptedLine, reportRejection } from './command-runner.js';
import type { CliContext } from './main.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { table } from './text-format.js';

interface PauseOptions extends RemoteOptions {
  drain: boolean;
  flags?: string;
}

interface ResumeOptions extends RemoteOptions {
  failback?: string;
}

const FAILBACK_WORDS: readonly FailbackWord[] = ['none', 'immediate', 'policy'];

export function nodeStateLabel(state: number): string {
  return nodeStateName(state).replace(/^ClusterNode(State)?/, '');
}

function stateText(node: NodeView): string {
  const marks = [node.leader ? 'leader' : '', node.url ?? ''].filter((m) => m !== '');
  return `node ${node.name}: ${nodeStateLabel(node.state)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
}

/** `--flags 0x2`, or names: `--flags AVOID_PLACEMENT,RETRY_DRAIN_ON_FAILURE` (the server knows the names). */
function pauseFlags(text: string | undefined): NodePauseBody['flags'] {
  if (text === undefined) return undefined;
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) {
    const value = text.toLowerCase().startsWith('0x') ? parseInt(text.slice(2), 16) : Number(text);
    if (value > 0xffffffff) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--flags takes a DWORD or flag names, not ${JSON.stringify(text)}`);
    return value;
  }
  const names = text.split(/[,|]/).map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--flags takes a DWORD or flag names');
  return names;
}

export function registerNodeCommands(program: Command, ctx: CliContext): void {
  const node = program.command('node').description('the cluster\'s nodes: list, state, pause (drain) and resume (failback)');

  withRemoteOptions(node.command('list').description('every node with its state, leader mark, pause and API address')).action((opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      const nodes = await client.listNodes();
      if (opts.json) return printJson(ctx, nodes);
      const rows = nodes.map((n) => [n.name, nodeStateLabel(n.state), n.leader ? 'yes' : 'no', n.paused ? 'yes' : 'no', n.url ?? '-']);
      ctx.io.out(table(['NODE', 'STATE', 'LEADER', 'PAUSED', 'URL'], rows));
    }),
  );

  withRemoteOptions(node.command('state').description('one node\'s state (--json: {"state", "name", "leader", "paused", "url"})').argument('<name>', 'the node')).action(
    (name: string, opts: RemoteOptions) =>
      withClient(ctx, opts, async (client) => {
        const view = await client.getNode(name);
        if (opts.json) printJson(ctx, { state: view.state, name: view.stateName, leader: view.leader, paused: view.paused, url: view.url });
        else ctx.io.out(stateText(view));
      }),
  );

  withRemoteOptions(
    node
      .command('pause')
      .description('pause a node: no group may come to it, and its groups move away (PauseClusterNodeEx)')
      .argument('<name>', 'the node')
      .option('--no-drain', 'keep its groups where they are; only stop new ones from coming')
      .option('--flags <dword|names>', 'CLUSAPI_NODE_PAUSE_* as a DWORD or names, e.g. AVOID_PLACEMENT,RETRY_DRAIN_ON_FAILURE'),
  ).action((name: string, opts: PauseOptions) =>
    withClient(ctx, opts, async (client) => {
      const flags = pauseFlags(opts.flags);
      const answer = await client.pauseNode(name, { drain: opts.drain, ...(flags === undefined ? {} : { flags }) });
      report(ctx, `node ${name}`, 'pause', answer, opts.json === true);
    }),
  );

  withRemoteOptions(
    node
      .command('resume')
      .description('resume a paused node (ResumeClusterNodeEx)')
      .argument('<name>', 'the node')
      .option('--failback <when>', `bring its groups back: ${FAILBACK_WORDS.join(', ')} (default none)`),
  ).action((name: string, opts: ResumeOptions) =>
    withClient(ctx, opts, async (client) => {
      const failback = opts.failback === undefined ? undefined : FAILBACK_WORDS.find((w) => w === opts.failback?.toLowerCase());
      if (opts.failback !== undefined && failback === undefined) {
        throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--failback must be one of ${FAILBACK_WORDS.join(', ')}; not ${JSON.stringify(opts.failback)}`);
      }
      const answer = await client.resumeNode(name, failback === undefined ? {} : { failback });
      report(ctx, `node ${name}`, 'resume', answer, opts.json === true);
    }),
  );
}

/** 0 is done (the node is paused or resumed; a drain or failback goes on in the cluster), 997 under way. */
function report(ctx: CliContext, what: string, verb: 'pause' | 'resume', answer: NodeCommandAnswer, json: boolean): void {
  ctx.exitCode = errorEntry(answer.code).exit;
  if (json) printJson(ctx, answer);
  if (!isAccepted(answer.code)) reportRejection(ctx, answer);
  else if (json) return;
  else if (answer.code === Win32.ERROR_IO_PENDING) ctx.io.out(acceptedLine(what, verb, answer));
  else ctx.io.out(`${what}: ${verb === 'pause' ? 'paused' : 'resumed'} (${describeCode(answer.code)}${answer.operation === null ? '' : `, operation ${answer.operation}`})`);
}
