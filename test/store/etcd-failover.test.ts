// The etcd adapter across member loss, on a real three-member cluster: a watch resumes on another
// member without losing or repeating an event when its member is killed, when the leader is
// killed, and when its connection is cut (TCP proxy); writes carry on through the other members;
// a lease that is kept alive outlives the member (and the leader) it was renewed through.
//
// "No gap, no duplicate" is checked against etcd itself: after the writes, a fresh client replays
// the prefix's history from the start revision, and the surviving watch must have delivered
// exactly that sequence. Puts that were in flight when a member died may fail with "outcome
// unknown" (1722); the replay decides whether they landed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brief, waitFor } from '../../src/store/conformance/support.js';
import { openEtcdStore, type EtcdStore, type WatchEvent } from '../../src/store/index.js';
import { startEtcdCluster, type EtcdCluster } from '../support/etcd-cluster.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const PATIENCE_MS = 20_000;
let cluster: EtcdCluster;

beforeAll(async () => {
  // etcd's default raft timings: tolerant of a loaded machine, and what production sees.
  cluster = await startEtcdCluster({ members: 3, heartbeatMs: 100, electionMs: 1_000 });
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

const endpoint = (i: number): string => cluster.endpoints[i] as string;
/** Member indexes with `first` first, then the rest in order. */
const startingWith = (first: number): number[] => [first, ...[0, 1, 2].filter((i) => i !== first)];

interface Writes {
  /** Revision -> value of every put etcd acknowledged. */
  readonly acked: Map<number, string>;
  /** Puts whose outcome the adapter could not know (connection lost in flight). */
  unknown: number;
}

/** Sequential puts of prefix/n = n for n in [from, to); `between` runs before each. */
async function writeKeys(store: EtcdStore, prefix: string, from: number, to: number, writes: Writes, between?: (n: number) => Promise<void>): Promise<void> {
  for (let n = from; n < to; n++) {
    await between?.(n);
    try {
      writes.acked.set(await store.put(`${prefix}${n % 7}`, String(n)), String(n));
    } catch (error) {
      // Only "in flight when the member died" is acceptable; anything else fails the test.
      expect(error).toMatchObject({ code: 1722, message: expect.stringMatching(/may or may not have been applied/) });
      writes.unknown += 1;
    }
  }
}

function collector(): { events: WatchEvent[]; errors: Error[]; listener: (e: WatchEvent) => void; onError: (e: Error) => void } {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  return { events, errors, listener: (e) => events.push(e), onError: (e) => errors.push(e) };
}

/** etcd's own account of the prefix from `fromRevision` on, read by a fresh client on live members. */
async function history(live: readonly number[], prefix: string, fromRevision: number): Promise<WatchEvent[]> {
  const store = await openEtcdStore(live.map(endpoint));
  try {
    const until = await store.revision();
    const c = collector();
    const watcher = await store.watch(prefix, c.listener, { fromRevision, onError: c.onError });
    // The replay ends at the last change under the prefix, which may be below `until`.
    const last = (await store.range(prefix)).kvs.reduce((max, kv) => Math.max(max, kv.modRevision), 0);
    await waitFor(() => c.events, (list) => (list.at(-1)?.revision ?? 0) >= last, PATIENCE_MS, 'the history replay');
    await watcher.cancel();
    expect(c.errors).toEqual([]);
    expect(last).toBeLessThanOrEqual(until);
    return c.events;
  } finally {
    await store.close();
  }
}

/** The watch saw exactly etcd's history, and every acknowledged put is in it with its value. */
function expectExactly(seen: readonly WatchEvent[], truth: readonly WatchEvent[], writes: Writes): void {
  expect(brief(seen)).toEqual(brief(truth));
  const revisions = seen.map((e) => e.revision);
  expect(new Set(revisions).size).toBe(revisions.length); // one put per revision here
  for (const [revision, value] of writes.acked) {
    const event = seen.find((e) => e.revision === revision);
    expect(event?.type === 'put' ? event.kv.value : null, `put at ${revision}`).toBe(value);
  }
}

async function restartDead(): Promise<void> {
  for (const [i, m] of cluster.members.entries()) if (m.pid === null) await cluster.restartMember(i);
  await cluster.waitHealthy();
}

/**
 * Watches a fresh prefix while 60 keys are written one by one, killing a member after the 20th,
 * then checks the watch saw exactly etcd's own history of the prefix (read through the member
 * `reader` names): no gap, no duplicate, no error.
 */
async function watchThroughKill(store: EtcdStore, kill: () => Promise<void>, reader: () => Promise<number>): Promise<Writes> {
  const prefix = `/failover-${randomUUID()}/`;
  const start = (await store.revision()) + 1;
  const c = collector();
  const watcher = await store.watch(prefix, c.listener, { onError: c.onError });
  const writes: Writes = { acked: new Map(), unknown: 0 };
  await writeKeys(store, prefix, 0, 60, writes, async (n) => {
    if (n === 20) await kill();
  });
  const truth = await history(startingWith(await reader()), prefix, start);
  await waitFor(() => c.events.length, (n) => n >= truth.length, PATIENCE_MS, 'the watch to catch up');
  expectExactly(c.events, truth, writes);
  expect(c.errors).toEqual([]);
  await watcher.cancel();
  return writes;
}

describe('etcd adapter: member loss', () => {
  it('a watch resumes after its member is killed; puts go on through the others', async () => {
    const leader = await cluster.leaderIndex();
    const follower = (leader + 1) % 3;
    const store = await openEtcdStore(startingWith(follower).map(endpoint));
    try {
      expect(store.endpoint).toBe(endpoint(follower));
      const writes = await watchThroughKill(store, () => cluster.killMember(follower), async () => leader);
      expect(store.endpoint).not.toBe(endpoint(follower));
      // Puts are sequential and the kill falls between two, so at most the first put after it can
      // be in doubt (sent on the dead member's connection before the client saw it close).
      expect(writes.unknown).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
      await restartDead();
    }
  });

  it('a watch resumes after the leader it was connected to is killed', async () => {
    const leader = await cluster.leaderIndex();
    // A put that reaches a follower just as the leader dies waits for etcd or this deadline and
    // then fails as "outcome unknown"; a short deadline keeps that wait short.
    const store = await openEtcdStore(startingWith(leader).map(endpoint), { requestTimeoutMs: 2_000 });
    try {
      expect(store.endpoint).toBe(endpoint(leader));
      await watchThroughKill(store, () => cluster.killMember(leader), async () => {
        const next = await cluster.leaderIndex();
        expect(next).not.toBe(leader);
        return next;
      });
    } finally {
      await store.close();
      await restartDead();
    }
  });

  it('a watch replaying history resumes mid-replay without a gap', async () => {
    const leader = await cluster.leaderIndex();
    const follower = (leader + 2) % 3;
    const writer = await openEtcdStore(startingWith(leader).map(endpoint));
    const prefix = `/replay-${randomUUID()}/`;
    const store = await openEtcdStore(startingWith(follower).map(endpoint));
    try {
      const start = (await writer.revision()) + 1;
      const writes: Writes = { acked: new Map(), unknown: 0 };
      // etcd replays at most 1,000 revisions per response: 5,000 make the replay several responses,
      // and the member dies while the first is being delivered.
      for (let n = 0; n < 5_000; n += 100) {
        const batch = Array.from({ length: 100 }, (_, i) => writer.put(`${prefix}${(n + i) % 7}`, String(n + i)).then((rev) => writes.acked.set(rev, String(n + i))));
        await Promise.all(batch);
      }
      const c = collector();
      const kill: { done: Promise<void> | null } = { done: null };
      const watcher = await store.watch(prefix, (e) => {
        c.listener(e);
        // killMember sends the signal synchronously, before this delivery returns.
        if (c.events.length === 500) kill.done = cluster.killMember(follower);
      }, { fromRevision: start, onError: c.onError });
      await waitFor(() => kill.done !== null, (started) => started, PATIENCE_MS, 'the kill');
      await kill.done;
      await writeKeys(writer, prefix, 5_000, 5_020, writes);
      const truth = await history(startingWith(leader), prefix, start);
      await waitFor(() => c.events.length, (n) => n >= truth.length, PATIENCE_MS, 'the watch to catch up');
      expectExactly(c.events, truth, writes);
      expect(c.errors).toEqual([]);
      await watcher.cancel();
    } finally {
      await store.close();
      await writer.close();
      await restartDead();
    }
  });

  it('a watch resumes when its connection is cut (TCP proxy in front of its member)', async () => {
    const leader = await cluster.leaderIndex();
    const follower = (leader + 1) % 3;
    const [host, port] = endpoint(follower).split(':') as [string, string];
    const proxy = await startTcpProxy({ host, port: Number(port) }, { whileCut: 'refuse' });
    const others = startingWith(follower).slice(1).map(endpoint);
    const store = await openEtcdStore([proxy.endpoint, ...others]);
    const prefix = `/cut-${randomUUID()}/`;
    try {
      expect(store.endpoint).toBe(proxy.endpoint);
      const start = (await store.revision()) + 1;
      const c = collector();
      const watcher = await store.watch(prefix, c.listener, { onError: c.onError });
      const writes: Writes = { acked: new Map(), unknown: 0 };
      await writeKeys(store, prefix, 0, 40, writes, async (n) => {
        if (n === 15) proxy.cut();
      });
      expect(store.endpoint).not.toBe(proxy.endpoint);
      const truth = await history(startingWith(leader), prefix, start);
      await waitFor(() => c.events.length, (n) => n >= truth.length, PATIENCE_MS, 'the watch to catch up');
      expectExactly(c.events, truth, writes);
      expect(c.errors).toEqual([]);
      await watcher.cancel();
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('a member that accepts connections but never answers costs one request timeout; writes move on', async () => {
    const [host, port] = endpoint(0).split(':') as [string, string];
    const proxy = await startTcpProxy({ host, port: Number(port) }, { whileCut: 'hold' });
    proxy.cut();
    const store = await openEtcdStore([proxy.endpoint, endpoint(1), endpoint(2)], { requestTimeoutMs: 1_000 });
    try {
      // Opening read the revision: it waited out the hung member and went on to the next.
      expect(store.endpoint).toBe(endpoint(1));
      const c = collector();
      const watcher = await store.watch('/hung/', c.listener, { onError: c.onError });
      const revision = await store.put('/hung/a', '1');
      await waitFor(() => c.events, (list) => list.length === 1, PATIENCE_MS, 'the event');
      expect(brief(c.events)).toEqual([`put /hung/a=1@${revision}`]);
      await watcher.cancel();
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('a lease kept alive outlives the member, and the leader, it was renewed through', async () => {
    const leader = await cluster.leaderIndex();
    const store = await openEtcdStore(startingWith(leader).map(endpoint));
    const key = `/lease-${randomUUID()}`;
    try {
      const lease = await store.grantLease(4_000);
      await store.put(key, 'alive', { lease: lease.id });
      let lastRenewal = Date.now();
      let onTime = true;
      for (let i = 0; i < 10; i++) {
        if (i === 3) await cluster.killMember(leader);
        await new Promise((resolve) => setTimeout(resolve, 250));
        // A renewal that starts after the TTL ran out proves nothing (the machine was too slow).
        if (Date.now() - lastRenewal > lease.ttlMs * 0.8) onTime = false;
        if (!onTime) break;
        await lease.keepAlive();
        lastRenewal = Date.now();
      }
      expect(store.endpoint).not.toBe(endpoint(leader));
      if (onTime) expect((await store.get(key))?.value).toBe('alive');
      await lease.revoke();
      expect(await store.get(key)).toBeNull();
      await expect(lease.keepAlive()).rejects.toMatchObject({ code: 1168 });
    } finally {
      await store.close();
      await restartDead();
    }
  });
});
