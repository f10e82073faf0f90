/**
 * Where a client talks to: a TCP URL with a bearer token, or the daemon's owner-only Unix socket in
 * its data directory (Full access without a token, issue 5 item 5). `resolveConnection` turns the
 * CLI's `--server` / `--data-dir` / `--token` and the environment into one of them.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ClusterError, Win32 } from '../core/errors.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:7420';
export const SOCKET_NAME = 'wolfpack.sock';
/** The data directory `npm start` and `wolfpack serve` use when run in a project directory. */
export const LOCAL_DATA_DIR = '.wolfpack';

export type Connection =
  | { readonly kind: 'tcp'; readonly url: URL; readonly token: string | null }
  | { readonly kind: 'socket'; readonly socketPath: string };

export interface ConnectionOptions {
  readonly server?: string | undefined;
  readonly token?: string | undefined;
  readonly dataDir?: string | undefined;
}

/** How a connection is named in messages: "http://127.0.0.1:7420" or "unix:/srv/wp/wolfpack.sock". */
export function connectionLabel(connection: Connection): string {
  return connection.kind === 'tcp' ? connection.url.href.replace(/\/$/, '') : `unix:${connection.socketPath}`;
}

export function socketPathFor(dataDir: string, cwd: string): string {
  return join(isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir), SOCKET_NAME);
}

/**
 * Explicit flags first (`--server`, then `--data-dir`), then WOLFPACK_SERVER, then `./.wolfpack`
 * in the working directory, then the default listener. An explicit `--data-dir` beats the
 * environment variable because a flag typed now says more about intent than an exported variable.
 * The token (`--token`, else WOLFPACK_TOKEN) goes to TCP only: the socket's access comes from its
 * file mode, and a stray exported token must not downgrade or break a local call.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  exists: (path: string) => boolean = existsSync,
): Connection {
  const token = nonEmpty(options.token) ?? nonEmpty(env['WOLFPACK_TOKEN']) ?? null;
  const server = nonEmpty(options.server);
  if (server !== undefined) return fromServer(server, token, cwd);
  const dataDir = nonEmpty(options.dataDir);
  if (dataDir !== undefined) return { kind: 'socket', socketPath: socketPathFor(dataDir, cwd) };
  const envServer = nonEmpty(env['WOLFPACK_SERVER']);
  if (envServer !== undefined) return fromServer(envServer, token, cwd);
  if (exists(join(cwd, LOCAL_DATA_DIR))) return { kind: 'socket', socketPath: socketPathFor(LOCAL_DATA_DIR, cwd) };
  return fromServer(DEFAULT_SERVER, token, cwd);
}

/** `http(s)://host:port[/prefix]`, or `unix:/path/to/wolfpack.sock` for a socket named directly. */
export function fromServer(server: string, token: string | null, cwd: string): Connection {
  if (server.startsWith('unix:')) {
    const path = server.slice('unix:'.length);
    if (path === '') throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'unix: needs a socket path, e.g. unix:/var/lib/wolfpack/wolfpack.sock');
    return { kind: 'socket', socketPath: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `http://${server}`);
  } catch {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--server must be a URL like ${DEFAULT_SERVER}, not ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--server must be http://, https:// or unix:, not ${url.protocol}`);
  }
  return { kind: 'tcp', url, token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
