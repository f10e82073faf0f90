/**
 * `wolfpack token create|list|revoke`: the principals of the cluster security descriptor. The
 * secret is printed once, alone on stdout (the rest goes to stderr), so
 * `TOKEN=$(wolfpack token create ci --access read)` captures exactly the token.
 */
import type { Command } from 'commander';
import { ClusterError, Win32 } from '../core/errors.js';
import type { AccessLevel } from '../client/index.js';
import type { CliContext } from './main.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { table, timestamp } from './text-format.js';

export function registerTokenCommands(program: Command, ctx: CliContext): void {
  const token = program.command('token').description('bearer tokens: who may read (Read) or act (Full)');

  withRemoteOptions(
    token
      .command('create')
      .description('create a token; the secret is shown only this once')
      .argument('<name>', 'the principal name recorded in the operation log')
      .requiredOption('--access <level>', 'read or full'),
  ).action((name: string, opts: RemoteOptions & { access: string }) =>
    withClient(ctx, opts, async (client) => {
      const access = accessLevel(opts.access);
      const created = await client.createToken({ name, access });
      if (opts.json) return printJson(ctx, created);
      ctx.io.err(`token ${created.id} for ${created.name} (${created.access} access) created; the secret is shown only this once:`);
      ctx.io.out(created.token);
    }),
  );

  withRemoteOptions(token.command('list').description('every token (never the secrets)')).action((opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      const tokens = await client.listTokens();
      if (opts.json) return printJson(ctx, tokens);
      if (tokens.length === 0) return ctx.io.out('No tokens.');
      ctx.io.out(table(['ID', 'NAME', 'ACCESS', 'CREATED', 'STATUS'], tokens.map((t) => [t.id, t.name, t.access, timestamp(t.created), t.revoked ? 'revoked' : 'active'])));
    }),
  );

  withRemoteOptions(token.command('revoke').description('revoke a token: it stops working at once').argument('<id>', 'the token id (from token list)')).action(
    (id: string, opts: RemoteOptions) =>
      withClient(ctx, opts, async (client) => {
        const revoked = await client.revokeToken(id);
        if (opts.json) return printJson(ctx, revoked);
        ctx.io.out(`token ${revoked.id} (${revoked.name}) revoked`);
      }),
  );
}

function accessLevel(word: string): AccessLevel {
  const lower = word.toLowerCase();
  if (lower === 'read' || lower === 'full') return lower;
  throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--access must be read or full, not ${JSON.stringify(word)}`);
}
