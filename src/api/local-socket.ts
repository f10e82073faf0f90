/**
 * The owner-only Unix socket: the daemon's second API instance (transport 'local-socket'), where
 * every request is the owner with Full access. The socket file is created with umask 0177 so it is
 * 0600 from its first moment (no window in which another user could connect), and chmod-ed again
 * in case the file system ignores the umask. A stale socket left by a crashed daemon is removed.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

export async function listenOnLocalSocket(app: FastifyInstance, socketPath: string): Promise<void> {
  try {
    if (lstatSync(socketPath).isSocket()) unlinkSync(socketPath);
  } catch {
    // No file there: nothing to clean.
  }
  await app.ready();
  const server = app.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node binds a pipe synchronously inside listen(), so the umask covers exactly its creation.
    const previous = process.umask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(previous);
    }
  });
  chmodSync(socketPath, 0o600);
}
