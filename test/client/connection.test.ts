/**
 * Connection resolution (docs/cli.md "Connection"): flags, then the environment, then ./.wolfpack,
 * then the default listener; the token travels over TCP only. And what an unreachable server says.
 */
import { describe, expect, it } from 'vitest';
import { WolfpackClient, resolveConnection, connectionLabel } from '../../src/client/index.js';
import { isClusterError } from '../../src/core/errors.js';

const none = (): boolean => false;

describe('resolveConnection', () => {
  it('prefers --server, then --data-dir, then WOLFPACK_SERVER, then ./.wolfpack, then the default', () => {
    const env = { WOLFPACK_SERVER: 'http://10.0.0.5:7420', WOLFPACK_TOKEN: 'env-token' };
    expect(resolveConnection({ server: 'http://h:1', dataDir: '/d' }, env, '/w', none)).toMatchObject({ kind: 'tcp', token: 'env-token' });
    expect(connectionLabel(resolveConnection({ server: 'http://h:1' }, env, '/w', none))).toBe('http://h:1');
    expect(resolveConnection({ dataDir: 'data' }, env, '/w', none)).toEqual({ kind: 'socket', socketPath: '/w/data/wolfpack.sock' });
    expect(connectionLabel(resolveConnection({}, env, '/w', none))).toBe('http://10.0.0.5:7420');
    expect(resolveConnection({}, {}, '/w', (p) => p === '/w/.wolfpack')).toEqual({ kind: 'socket', socketPath: '/w/.wolfpack/wolfpack.sock' });
    expect(resolveConnection({ token: 'flag-token' }, { WOLFPACK_TOKEN: 'env-token' }, '/w', none)).toMatchObject({ kind: 'tcp', token: 'flag-token' });
    expect(connectionLabel(resolveConnection({}, {}, '/w', none))).toBe('http://127.0.0.1:7420');
  });

  it('takes host:port without a scheme, unix:PATH, and refuses other schemes with 87', () => {
    expect(connectionLabel(resolveConnection({ server: '127.0.0.1:9000' }, {}, '/w', none))).toBe('http://127.0.0.1:9000');
    expect(resolveConnection({ server: 'unix:run/wp.sock' }, {}, '/w', none)).toEqual({ kind: 'socket', socketPath: '/w/run/wp.sock' });
    expect(() => resolveConnection({ server: 'ftp://x' }, {}, '/w', none)).toThrow(/87 ERROR_INVALID_PARAMETER/);
  });
});

describe('an unreachable server', () => {
  it('is 5051 ERROR_CLUSTER_NODE_UNREACHABLE with a sentence that says what to check', async () => {
    // Port 9 (discard) on loopback is closed on any machine that runs these tests.
    const client = new WolfpackClient(resolveConnection({ server: 'http://127.0.0.1:9' }, {}, '/', none));
    const error: unknown = await client.getCluster().catch((e: unknown) => e);
    client.close();
    expect(isClusterError(error) && error.code).toBe(5051);
    expect(String(error)).toContain('cannot reach wolfpack at http://127.0.0.1:9 (ECONNREFUSED): is `wolfpack serve` running?');

    const socket = new WolfpackClient({ kind: 'socket', socketPath: '/nonexistent/wolfpack.sock' });
    await expect(socket.whoami()).rejects.toThrow(/cannot reach wolfpack at unix:\/nonexistent\/wolfpack.sock \(ENOENT\)/);
    socket.close();
  });
});
