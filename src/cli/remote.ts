/**
 * What every command that talks to a server shares: the connection options (`--server`, `--token`,
 * `--data-dir`, `--json`), building a client from them and the environment, and closing it when
 * the command ends, so a run never leaves a socket holding the process open.
 */
import type { Command } from 'commander';
import { WolfpackClient, resolveConnection } from '../client/index.js';
import type { CliContext } from './main.js';

export interface RemoteOptions {
  server?: string;
  token?: string;
  dataDir?: string;
  json?: boolean;
}

export function withRemoteOptions(command: Command): Command {
  return command
    .option('--server <url>', 'the API to talk to, e.g. http://127.0.0.1:7420 (env WOLFPACK_SERVER)')
    .option('--token <token>', 'bearer token for --server (env WOLFPACK_TOKEN)')
    .option('--data-dir <dir>', "talk through DIR/wolfpack.sock, the daemon's owner-only socket (Full access, no token)")
    .option('--json', 'print JSON for machines instead of text');
}

/** Runs `body` with a client for the command's connection and always closes it. */
export async function withClient<T>(ctx: CliContext, opts: RemoteOptions, body: (client: WolfpackClient) => Promise<T>): Promise<T> {
  const connection = resolveConnection({ server: opts.server, token: opts.token, dataDir: opts.dataDir }, ctx.io.env, ctx.io.cwd);
  const client = new WolfpackClient(connection, { clientName: 'cli' });
  try {
    return await body(client);
  } finally {
    client.close();
  }
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.io.out(JSON.stringify(value, null, 2));
}
