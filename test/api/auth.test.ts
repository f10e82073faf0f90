/**
 * Access control over HTTP (wsfc.md §9): the 401/403 matrix, tokens created, listed and revoked
 * through the API (a revoked token fails at once), Read principals' commands rejected by the
 * engine with 5 and recorded, the local-socket transport as the Full owner, and a real Unix socket
 * created 0600 and answering through node:http's socketPath.
 */
import { request as httpRequest } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLocalSocket } from '../../src/api/index.js';
import { GroupState } from '../../src/core/states.js';
import { auth, get, post, startApi, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('authentication and access', () => {
  it('answers 401 with code 5 and a Bearer challenge without a token, with an unknown one, or a malformed header', async () => {
    api = await startApi();
    for (const headers of [{}, auth('wp_000000000000_nope'), auth('garbage'), { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
      const res = await api.app.inject({ method: 'GET', url: '/v1/groups', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="wolfpack"/);
      expect(res.json()).toMatchObject({ code: 5, name: 'ERROR_ACCESS_DENIED' });
    }
    // A wrong secret for a real id is as unknown as anything else.
    const id = api.full.split('_')[1] as string;
    expect((await get(api.app, '/v1/groups', `wp_${id}_${'A'.repeat(43)}`)).statusCode).toBe(401);
    // Commands too: nothing reaches the engine without a principal.
    const before = api.engine.listOperations().length;
    expect((await post(api.app, '/v1/groups/G/online', undefined, {})).statusCode).toBe(401);
    expect(api.engine.listOperations().length).toBe(before);
  });

  it('lets a Read token read, and answers its commands 403 with code 5, recorded by the engine', async () => {
    api = await startApi();
    expect((await get(api.app, '/v1/groups/G/state', api.read)).statusCode).toBe(200);
    expect((await get(api.app, '/metrics', api.read)).statusCode).toBe(200);
    expect((await get(api.app, '/v1/whoami', api.read)).json()).toEqual({ principal: 'viewer', access: 'read', via: 'token' });

    const res = await post(api.app, '/v1/groups/G/online', api.read, { flags: 0 });
    expect(res.statusCode).toBe(403);
    const answer = res.json<{ code: number; name: string; operation: string }>();
    expect(answer).toMatchObject({ code: 5, name: 'ERROR_ACCESS_DENIED' });
    expect(api.engine.operation(answer.operation)).toMatchObject({ actor: 'viewer', outcome: 'rejected', code: 5, client: 'api' });
    expect(api.engine.groupState('G')).toBe(GroupState.Offline);

    // Configuration and tokens need Full: 403 straight from the API.
    expect((await post(api.app, '/v1/config', api.read, { yaml: 'cluster: X' })).statusCode).toBe(403);
    expect((await get(api.app, '/v1/tokens', api.read)).statusCode).toBe(403);
    expect((await post(api.app, '/v1/tokens', api.read, { name: 'x', access: 'full' })).statusCode).toBe(403);
    // A Read principal whose body is not even a command: still 5 first (access before parameters).
    expect((await post(api.app, '/v1/groups/G/offline', api.read, { flags: ['NOPE'] })).json()).toMatchObject({ code: 5 });
  });

  it('lets a Full token command, and records the token name as the actor', async () => {
    api = await startApi();
    const res = await api.app.inject({ method: 'POST', url: '/v1/groups/G/online', headers: { ...auth(api.full), 'x-wolfpack-client': 'cli' }, payload: {} });
    expect(res.statusCode).toBe(202);
    const op = res.json<{ operation: string }>().operation;
    expect(api.engine.operation(op)).toMatchObject({ actor: 'admin', client: 'cli', code: 997 });
    await api.engine.waitForOperation(op);
    // "engine" is the engine's own surface: a caller cannot claim it.
    const claim = await api.app.inject({ method: 'POST', url: '/v1/groups/G/online', headers: { ...auth(api.full), 'x-wolfpack-client': 'engine' }, payload: {} });
    expect(api.engine.operation(claim.json<{ operation: string }>().operation)?.client).toBe('api');
  });

  it('creates, lists and revokes tokens; the secret is never stored and a revoked token fails at once', async () => {
    api = await startApi();
    const created = await post(api.app, '/v1/tokens', api.full, { name: 'ci-bot', access: 'read' });
    expect(created.statusCode).toBe(201);
    const token = created.json<{ id: string; token: string; name: string; access: string; revoked: boolean }>();
    expect(token).toMatchObject({ name: 'ci-bot', access: 'read', revoked: false });
    expect(token.token).toMatch(new RegExp(`^wp_${token.id}_[A-Za-z0-9_-]{43}$`));

    const stored = await api.store.get(`/wolfpack/security/tokens/${token.id}`);
    expect(stored?.value).not.toContain(token.token.split('_').slice(2).join('_'));
    expect(JSON.parse(stored?.value ?? '{}')).toMatchObject({ name: 'ci-bot', access: 'read', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const list = (await get(api.app, '/v1/tokens', api.full)).json<Array<Record<string, unknown>>>();
    expect(list.map((t) => t['name'])).toEqual(['admin', 'viewer', 'ci-bot']);
    expect(list.every((t) => !('token' in t) && !('hash' in t))).toBe(true);

    expect((await get(api.app, '/v1/whoami', token.token)).statusCode).toBe(200);
    const revoked = await api.app.inject({ method: 'DELETE', url: `/v1/tokens/${token.id}`, headers: auth(api.full) });
    expect(revoked.json()).toMatchObject({ id: token.id, revoked: true });
    expect((await get(api.app, '/v1/whoami', token.token)).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'DELETE', url: '/v1/tokens/0123456789ab', headers: auth(api.full) })).json()).toMatchObject({ code: 1168 });
    expect((await post(api.app, '/v1/tokens', api.full, { name: 'x', access: 'admin' })).json()).toMatchObject({ code: 87, issues: [{ path: '/access' }] });
  });

  it('gives the local-socket transport Full access as the owner, without a token', async () => {
    api = await startApi();
    const local = api.build({ transport: 'local-socket', localPrincipal: 'local:operator' });
    expect((await get(local, '/v1/whoami')).json()).toEqual({ principal: 'local:operator', access: 'full', via: 'local-socket' });
    const res = await post(local, '/v1/groups/G/online', undefined, {});
    expect(res.statusCode).toBe(202);
    const op = res.json<{ operation: string }>().operation;
    expect(api.engine.operation(op)?.actor).toBe('local:operator');
    await api.engine.waitForOperation(op);
    expect((await get(local, '/v1/tokens')).statusCode).toBe(200);
  });

  it('listens on a real Unix socket created with mode 0600 and answers through it', async () => {
    api = await startApi();
    const local = api.build({ transport: 'local-socket', localPrincipal: 'local:operator' });
    const socketPath = join(api.dir, 'api.sock');
    await listenOnLocalSocket(local, socketPath);
    const stat = statSync(socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ socketPath, path: '/v1/whoami', method: 'GET' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toEqual({ principal: 'local:operator', access: 'full', via: 'local-socket' });
  });
});
