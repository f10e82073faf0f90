/**
 * Tokens over a real memory store: only the hash is stored, authentication by id and secret, and
 * a revocation made through one TokenService (another node) is seen by another through the watch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/index.js';
import type { ClusterStore } from '../store/port.js';
import { parseToken, TOKEN_PREFIX, TokenService } from './tokens.js';

let store: ClusterStore | undefined;
const services: TokenService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await store?.close();
  store = undefined;
});

async function open(s: ClusterStore): Promise<TokenService> {
  const service = await TokenService.open(s, () => 1234);
  services.push(service);
  return service;
}

async function eventually(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(predicate()).toBe(true);
}

describe('TokenService', () => {
  it('stores the SHA-256 of the secret, never the secret, and authenticates by id and secret', async () => {
    store = createMemoryStore();
    const tokens = await open(store);
    const created = await tokens.create('deploy', 'full');
    expect(created).toMatchObject({ name: 'deploy', access: 'full', created: 1234, revoked: false });
    const parts = parseToken(created.token);
    expect(parts?.id).toBe(created.id);
    const raw = (await store.get(TOKEN_PREFIX + created.id))?.value ?? '';
    expect(raw).not.toContain(parts?.secret ?? '?');
    expect(tokens.authenticate(created.token)).toEqual({ name: 'deploy', access: 'full', via: 'token' });
    expect(tokens.authenticate(`${created.token}x`)).toBeNull();
    expect(tokens.authenticate(`wp_${created.id}_`)).toBeNull();
    expect(tokens.authenticate('wp__abc')).toBeNull();
    expect(tokens.descriptor()).toEqual([{ principal: 'deploy', access: 'full' }]);
  });

  it('sees tokens created and revoked by another service on the same store', async () => {
    store = createMemoryStore();
    const here = await open(store);
    const there = await open(store);
    const created = await there.create('ops', 'read');
    await eventually(() => here.authenticate(created.token) !== null);
    await there.revoke(created.id);
    expect(there.authenticate(created.token)).toBeNull();
    await eventually(() => here.authenticate(created.token) === null);
    expect(here.list()).toEqual([{ id: created.id, name: 'ops', access: 'read', created: 1234, revoked: true }]);
    expect(here.descriptor()).toEqual([]);
  });

  it('loads what is already in the store at open, and refuses to revoke an unknown id with 1168', async () => {
    store = createMemoryStore();
    const first = await open(store);
    const created = await first.create('a', 'read');
    const second = await open(store);
    expect(second.authenticate(created.token)?.name).toBe('a');
    await expect(second.revoke('ffffffffffff')).rejects.toMatchObject({ code: 1168 });
  });
});
