// The conformance suite on the etcd adapter, against a real three-member etcd cluster started once
// for the file. Each case's store gets its own key prefix, so it sees an empty keyspace; revisions
// are the cluster's, which the suite allows (it compares revisions relative to the store's own).
// Cases run one at a time, so nothing else writes while a case counts revisions; leases a case
// leaves behind are revoked after it, so their expiry cannot bump the revision inside a later case.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineStoreConformance } from '../../src/store/conformance/index.js';
import { MemberPool } from '../../src/store/etcd/connection.js';
import { openEtcdStore, openStore, parseEtcdUrl, type EtcdStore } from '../../src/store/index.js';
import { startEtcdCluster, type EtcdCluster } from '../support/etcd-cluster.js';

let cluster: EtcdCluster | null = null;
let admin: EtcdStore | null = null;
const granted = new Set<string>();

beforeAll(async () => {
  // etcd's own raft timings, not the harness's fast ones: the file runs beside others on a loaded
  // machine, and a spurious election would turn a write in flight into "outcome unknown".
  cluster = await startEtcdCluster({ members: 3, heartbeatMs: 100, electionMs: 1_000 });
  admin = await openEtcdStore(cluster.endpoints, { prefix: `/admin-${randomUUID()}` });
}, 30_000);

afterAll(async () => {
  await admin?.close();
  await cluster?.stop();
});

afterEach(async () => {
  const store = admin;
  if (!store) return;
  // Lease ids are the cluster's, so any client can end them; ones that already ended are skipped.
  for (const id of granted) {
    const lease = await store.lease(id).catch(() => null);
    await lease?.revoke();
  }
  granted.clear();
});

/** Opens a store on a fresh prefix and records the leases it grants, for the cleanup above. */
async function open(prefix = `/conformance-${randomUUID()}`): Promise<EtcdStore> {
  if (!cluster) throw new Error('no etcd cluster: beforeAll failed');
  const store = await openEtcdStore(cluster.endpoints, { prefix });
  const grant = store.grantLease.bind(store);
  store.grantLease = async (ttlMs: number) => {
    const lease = await grant(ttlMs);
    granted.add(lease.id);
    return lease;
  };
  return store;
}

defineStoreConformance('etcd', () => open(), {
  // Whole seconds, and etcd's floor with its default timings (1.5 election timeouts, rounded up).
  leaseTtlMs: 2_000,
  patienceMs: 10_000,
  // Reopening is a new client on the same cluster and prefix.
  persistent: async () => {
    const prefix = `/conformance-${randomUUID()}`;
    return { store: await open(prefix), reopen: () => open(prefix) };
  },
});

describe('etcd adapter specifics', () => {
  it('openStore takes etcd://host:port,... and keeps its endpoints', async () => {
    if (!cluster) throw new Error('no cluster');
    const url = `etcd://${cluster.endpoints.join(',')}`;
    expect(parseEtcdUrl(url)).toEqual(cluster.endpoints);
    const store = await openStore(url);
    try {
      expect(store.kind).toBe('etcd');
      expect(await store.revision()).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('refuses malformed etcd URLs and endpoints with 87', async () => {
    for (const url of ['etcd://', 'etcd:127.0.0.1:2379', 'etcd://127.0.0.1', 'etcd://127.0.0.1:2379/x']) {
      await expect(openStore(url)).rejects.toMatchObject({ code: 87 });
    }
    await expect(openEtcdStore([])).rejects.toMatchObject({ code: 87 });
  });

  it('fails with 1722 when no member answers', async () => {
    const started = Date.now();
    await expect(openEtcdStore(['127.0.0.1:1'], { failoverTimeoutMs: 300 })).rejects.toMatchObject({ code: 1722 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a prefix isolates stores: neither sees the other\'s keys, and keys come back without it', async () => {
    const a = await open();
    const b = await open();
    try {
      await a.put('/k', 'a');
      await b.put('/k', 'b');
      expect((await a.get('/k'))?.value).toBe('a');
      expect((await b.range('')).kvs.map((kv) => `${kv.key}=${kv.value}`)).toEqual(['/k=b']);
      const { revision } = await a.txn({ success: [{ op: 'deletePrefix', prefix: '' }] });
      expect(await a.range('')).toEqual({ kvs: [], revision });
      expect((await b.get('/k'))?.value).toBe('b');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a lease id that cannot name an etcd lease is simply not found (1168)', async () => {
    const s = await open();
    try {
      await expect(s.put('/l', 'x', { lease: 'not-a-number' })).rejects.toMatchObject({ code: 1168 });
      await expect(s.put('/l', 'x', { lease: '99999999999999999999' })).rejects.toMatchObject({ code: 1168 });
      // Only the branch that runs is checked, as etcd does.
      const result = await s.txn({ success: [{ op: 'put', key: '/l', value: 'ok' }], failure: [{ op: 'put', key: '/l', value: 'no', lease: 'bogus' }] });
      expect(result.succeeded).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('maps etcd\'s own refusals: duplicate key in a txn, too many ops, a request too large (87)', async () => {
    if (!cluster) throw new Error('no cluster');
    // The adapter refuses a duplicate before sending; etcd's own refusal is mapped too.
    const pool = new MemberPool(cluster.endpoints);
    try {
      const put = { request_put: { key: Buffer.from(`/dup-${randomUUID()}`), value: Buffer.from('x') } };
      const error = await pool.call('txn', 'unsent', (c) => c.txn({ compare: [], success: [put, put], failure: [] })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 87, message: expect.stringMatching(/duplicate key/) });
    } finally {
      pool.close();
    }
    const s = await open();
    try {
      const ops = Array.from({ length: 129 }, (_, i) => ({ op: 'put' as const, key: `/many/${i}`, value: 'v' }));
      await expect(s.txn({ success: ops })).rejects.toMatchObject({ code: 87, message: expect.stringMatching(/too many operations/) });
      await expect(s.put('/big', 'x'.repeat(2 * 1024 * 1024))).rejects.toMatchObject({ code: 87 });
      expect(await s.range('')).toMatchObject({ kvs: [] });
    } finally {
      await s.close();
    }
  });

  it('rounds a TTL up to whole seconds', async () => {
    const s = await open();
    try {
      const lease = await s.grantLease(2_200);
      expect(lease.ttlMs).toBe(3_000);
      await lease.revoke();
    } finally {
      await s.close();
    }
  });
});
