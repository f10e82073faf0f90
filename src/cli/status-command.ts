/**
 * `wolfpack status`: the whole cluster at a glance, like `pcs status`: nodes, then each group with
 * its state and owner and its resources as a dependency tree with locked marks and failure reasons.
 * `wolfpack whoami`: which principal and access the connection gives (token or local socket).
 */
import type { Command } from 'commander';
import type { CliContext } from './main.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { formatStatus } from './status-format.js';

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  withRemoteOptions(program.command('status').description('nodes, groups and their resources as dependency trees, with states and owners')).action(
    (opts: RemoteOptions) =>
      withClient(ctx, opts, async (client) => {
        const cluster = await client.getCluster();
        if (opts.json) printJson(ctx, cluster);
        else ctx.io.out(formatStatus(cluster));
      }),
  );
}

export function registerWhoamiCommand(program: Command, ctx: CliContext): void {
  withRemoteOptions(program.command('whoami').description('the principal and access this connection acts with')).action((opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      const me = await client.whoami();
      if (opts.json) printJson(ctx, me);
      else ctx.io.out(`${me.principal} (${me.access} access, via ${me.via === 'token' ? 'bearer token' : 'the local socket'}) at ${client.label}`);
    }),
  );
}
