/**
 * `wolfpack apply -f cluster.yaml [--plan]` and `wolfpack get config`: the configuration in the
 * cluster database. apply sends the file as it is (the server validates, diffs and writes a new
 * revision) and prints the diff; get prints the YAML the server holds, ready to edit and apply.
 */
import type { Command } from 'commander';
import { errorEntry } from '../core/errors.js';
import type { ApplyAnswer } from '../client/index.js';
import type { CliContext } from './main.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { codeMessage } from './text-format.js';

export function registerConfigCommands(program: Command, ctx: CliContext): void {
  withRemoteOptions(
    program
      .command('apply')
      .description('apply a cluster configuration: validated, idempotent; prints the diff')
      .requiredOption('-f, --file <cluster.yaml>', 'the configuration file')
      .option('--plan', 'preview: validate and print the diff, change nothing'),
  ).action((opts: RemoteOptions & { file: string; plan?: boolean }) =>
    withClient(ctx, opts, async (client) => {
      const yaml = new TextDecoder().decode(ctx.io.readFile(opts.file));
      const answer = await client.applyConfig({ yaml, ...(opts.plan ? { plan: true } : {}) });
      ctx.exitCode = errorEntry(answer.code).exit;
      if (opts.json) return printJson(ctx, answer);
      for (const line of answer.diff) ctx.io.out(line);
      ctx.io.out(summary(answer, opts.plan === true));
      if (errorEntry(answer.code).exit !== 0) ctx.io.err(`error: ${codeMessage(answer.code, answer.message)}`);
    }),
  );

  const get = program.command('get').description('read something from the cluster');
  withRemoteOptions(get.command('config').description('the configuration the cluster holds, as YAML')).action((opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      const config = await client.getConfig();
      if (opts.json) return printJson(ctx, config);
      ctx.io.out(config.yaml.replace(/\n$/, ''));
    }),
  );
}

function summary(answer: ApplyAnswer, plan: boolean): string {
  const changes = `${answer.diff.length} change${answer.diff.length === 1 ? '' : 's'}`;
  if (plan) return answer.changed || answer.diff.length > 0 ? `plan: ${changes}; nothing applied` : 'plan: no changes';
  if (!answer.changed) return `no changes (revision ${answer.revision})`;
  const ops = answer.operations.length > 0 ? `; taking removed resources offline: operation ${answer.operations.join(', ')}` : '';
  return `applied: revision ${answer.revision}, ${changes}${ops}`;
}
