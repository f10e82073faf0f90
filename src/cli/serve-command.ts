/**
 * `wolfpack serve`: runs the daemon in the foreground until SIGTERM or SIGINT, then stops it
 * gracefully (groups offline with reason SHUTTING_DOWN, persistent state untouched).
 */
import type { Command } from 'commander';
import { ClusterError, Win32 } from '../core/errors.js';
import { Daemon } from '../daemon/daemon.js';
import type { CliContext } from './main.js';

interface ServeOptions {
  dataDir: string;
  listen: string;
  config?: string;
  store?: string;
  node?: string;
  onlineAtFirstStart?: boolean;
  leaseTtl?: string;
  fenceMargin?: string;
}

function milliseconds(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${option} takes a whole number of milliseconds, not ${JSON.stringify(text)}`);
  return value;
}

export function parseListen(text: string): { host: string; port: number } | null {
  if (text === 'none') return null;
  const match = /^(.*):(\d+)$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || port > 65535) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--listen takes HOST:PORT or none, not ${JSON.stringify(text)}`);
  return { host: match[1], port };
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run a cluster node in the foreground (the daemon)')
    .option('--data-dir <dir>', 'where the cluster database and the local socket live', '.wolfpack')
    .option('--listen <host:port>', 'HTTP API address (127.0.0.1 unless told otherwise), or none', '127.0.0.1:7420')
    .option('--config <cluster.yaml>', 'apply this configuration at start (validated, idempotent)')
    .option('--store <url>', 'cluster database: sqlite:<file> (default <data-dir>/cluster.db), memory:, or etcd://host:port,... for many nodes')
    .option('--node <name>', "this node's name (default: the configuration's first node; required with etcd)")
    .option('--lease-ttl <ms>', 'many nodes: membership lease TTL; a dead node is Down after this (default 2000)')
    .option('--fence-margin <ms>', 'many nodes: stop resources this long before the lease can expire (default TTL/4)')
    .option('--online-at-first-start', 'on a new data directory, bring every group online')
    .action(async (opts: ServeOptions) => {
      const daemon = await Daemon.start({
        dataDir: opts.dataDir,
        listen: parseListen(opts.listen),
        ...(opts.config ? { configFile: opts.config } : {}),
        ...(opts.store ? { store: opts.store } : {}),
        ...(opts.node ? { node: opts.node } : {}),
        ...(opts.onlineAtFirstStart ? { onlineAtFirstStart: true } : {}),
        ...(opts.leaseTtl !== undefined ? { leaseTtlMs: milliseconds('--lease-ttl', opts.leaseTtl) as number } : {}),
        ...(opts.fenceMargin !== undefined ? { fenceMarginMs: milliseconds('--fence-margin', opts.fenceMargin) as number } : {}),
        log: (line) => ctx.io.out(line),
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          ctx.io.out(`${signal}: stopping`);
          process.off('SIGTERM', onTerm);
          process.off('SIGINT', onInt);
          void daemon.stop().then(resolve);
        };
        const onTerm = (): void => stop('SIGTERM');
        const onInt = (): void => stop('SIGINT');
        process.on('SIGTERM', onTerm);
        process.on('SIGINT', onInt);
      });
    });
}
