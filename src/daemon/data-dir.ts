/**
 * The data directory (`--data-dir`, default ./.wolfpack): the embedded cluster database and the
 * owner-only local socket. The directory is 0700, so only its owner reaches the socket.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DataDir {
  readonly path: string;
  readonly database: string;
  readonly socket: string;
}

export const SOCKET_NAME = 'wolfpack.sock';

export function dataDirPaths(path: string): DataDir {
  const absolute = resolve(path);
  return { path: absolute, database: join(absolute, 'cluster.db'), socket: join(absolute, SOCKET_NAME) };
}

export function prepareDataDir(path: string): DataDir {
  const dir = dataDirPaths(path);
  mkdirSync(dir.path, { recursive: true, mode: 0o700 });
  chmodSync(dir.path, 0o700);
  return dir;
}

/**
 * A socket file left by a daemon that was killed makes listen() fail with EADDRINUSE. Called only
 * after the database is open, whose lock proves no other daemon uses this directory.
 */
export function removeStaleSocket(dir: DataDir): void {
  if (existsSync(dir.socket) && statSync(dir.socket).isSocket()) rmSync(dir.socket);
}
