/**
 * `wolfpack op list|show`: the operation log, the audit trail of every request (rejections too),
 * and one operation's record with its step timeline.
 */
import type { Command } from 'commander';
import { ClusterError, Win32 } from '../core/errors.js';
import type { OperationFilters, OperationKindName, OperationOutcomeName } from '../client/index.js';
import type { CliContext } from './main.js';
import { formatOperation, formatOperationList } from './operation-format.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';

interface ListOptions extends RemoteOptions {
  limit?: string;
  principal?: string;
  target?: string;
  kind?: string;
  outcome?: string;
}

const KINDS = [
  'offline-group',
  'offline-resource',
  'online-group',
  'online-resource',
  'move-group',
  'cancel-group',
  'failover-group',
  'pause-node',
  'resume-node',
  'apply-config',
  'create-token',
  'revoke-token',
] as const satisfies readonly OperationKindName[];
const OUTCOMES = ['running', 'succeeded', 'failed', 'rejected', 'interrupted', 'nothing-to-do', 'cancelled'] as const satisfies readonly OperationOutcomeName[];

export function registerOpCommands(program: Command, ctx: CliContext): void {
  const op = program.command('op').description('the operation log: who asked for what, and what happened');

  withRemoteOptions(
    op
      .command('list')
      .description('recent operations, newest first')
      .option('--limit <n>', 'at most this many', '20')
      .option('--principal <name>', 'only those asked by this principal')
      .option('--target <name>', 'only those on this group or resource')
      .option('--kind <kind>', `only this kind: ${KINDS.join(', ')}`)
      .option('--outcome <outcome>', `only this outcome: ${OUTCOMES.join(', ')}`),
  ).action((opts: ListOptions) =>
    withClient(ctx, opts, async (client) => {
      const operations = await client.listOperations(filtersFrom(opts));
      if (opts.json) printJson(ctx, operations);
      else ctx.io.out(formatOperationList(operations));
    }),
  );

  withRemoteOptions(op.command('show').description('one operation: request, answer, outcome and the timeline of its steps').argument('<id>', 'the operation id')).action(
    (id: string, opts: RemoteOptions) =>
      withClient(ctx, opts, async (client) => {
        const view = await client.getOperation(id);
        if (opts.json) printJson(ctx, view);
        else ctx.io.out(formatOperation(view));
      }),
  );
}

function filtersFrom(opts: ListOptions): OperationFilters {
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--limit takes a positive whole number, not ${JSON.stringify(opts.limit)}`);
  const kind = pick('--kind', opts.kind, KINDS);
  const outcome = pick('--outcome', opts.outcome, OUTCOMES);
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(opts.principal === undefined ? {} : { principal: opts.principal }),
    ...(opts.target === undefined ? {} : { target: opts.target }),
    ...(kind === undefined ? {} : { kind }),
    ...(outcome === undefined ? {} : { outcome }),
  };
}

function pick<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${option} must be one of ${allowed.join(', ')}; not ${JSON.stringify(value)}`);
  return found;
}
