/**
 * Store adapters: put and txn latency (median, p99), watch throughput (events delivered per second
 * to one prefix watcher while writing), and a range over 10,000 keys, for memory and for sqlite
 * (WAL, synchronous=FULL: every commit fsyncs the WAL). The sqlite file lives under the OS temp
 * directory, so the figures are that disk's fsync. A raw fsync row gives the floor. The etcd rows
 * run against a three-member cluster on 127.0.0.1 (test/support/etcd-cluster.ts) with fsync on
 * and etcd's default raft timings: a write is a raft round to a quorum plus an fsync on each.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClusterStore } from '../src/store/port.js';
import { createMemoryStore, openEtcdStore, openSqliteStore } from '../src/store/index.js';
import { startEtcdCluster } from '../test/support/etcd-cluster.js';
import { median, percentile, type BenchRow } from './harness.js';

const WRITES = 2_000;
const WATCH_EVENTS = 10_000;
const RANGE_KEYS = 10_000;
const ETCD_WRITES = 1_000;

async function latencies(n: number, write: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 50; i++) await write(-i - 1);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await write(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

function latencyRow(name: string, samples: number[]): BenchRow {
  return { name, value: median(samples), unit: 'ms', detail: { p99: percentile(samples, 99), max: Math.max(...samples), samples: samples.length } };
}

async function watchThroughput(store: ClusterStore): Promise<number> {
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const watcher = await store.watch('/bench/watch/', () => {
    if (++seen === WATCH_EVENTS) done();
  });
  const start = performance.now();
  // Batched into transactions of 100 puts, as the daemon's persistence batches a turn's writes.
  for (let i = 0; i < WATCH_EVENTS; i += 100) {
    const ops = Array.from({ length: 100 }, (_, j) => ({ op: 'put' as const, key: `/bench/watch/${(i + j) % 500}-${i + j}`, value: 'v' }));
    await store.txn({ success: ops });
  }
  await all;
  const seconds = (performance.now() - start) / 1000;
  await watcher.cancel();
  return WATCH_EVENTS / seconds;
}

async function putToEvent(store: ClusterStore, writes = WRITES): Promise<number[]> {
  let arrived: () => void = () => undefined;
  const watcher = await store.watch('/bench/latency/', () => arrived());
  const samples = await latencies(writes, async (i) => {
    const event = new Promise<void>((resolve) => (arrived = resolve));
    await store.put(`/bench/latency/${i % 10}`, 'v');
    await event;
  });
  await watcher.cancel();
  return samples;
}

/** Every event since the store began, replayed to a new watcher (an SSE client resuming from 0). */
async function replayThroughput(store: ClusterStore): Promise<number> {
  const target = await store.revision();
  let count = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const start = performance.now();
  const watcher = await store.watch('', (e) => {
    count += 1;
    if (e.revision >= target) done();
  }, { fromRevision: 0 });
  await all;
  const seconds = (performance.now() - start) / 1000;
  await watcher.cancel();
  return count / seconds;
}

async function txnRound(store: ClusterStore, i: number): Promise<void> {
  const current = await store.get('/bench/txn/counter');
  await store.txn({
    compare: [{ key: '/bench/txn/counter', target: 'modRevision', op: '=', value: current?.modRevision ?? 0 }],
    success: [
      { op: 'put', key: '/bench/txn/counter', value: String(i) },
      { op: 'put', key: `/bench/txn/op/${i}`, value: 'record' },
      { op: 'put', key: `/bench/txn/state/${i % 10}`, value: '1' },
    ],
  });
}

async function adapterRows(kind: string, open: () => Promise<ClusterStore>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const store = await open();
  try {
    rows.push(latencyRow(`${kind}: put`, await latencies(WRITES, (i) => store.put(`/bench/put/${i % 100}`, `value-${i}`))));
    rows.push(latencyRow(`${kind}: txn (compare + 3 puts)`, await latencies(WRITES, (i) => txnRound(store, i))));
    rows.push({ name: `${kind}: watch throughput (txns of 100 puts)`, value: await watchThroughput(store), unit: 'events/s' });
    rows.push(latencyRow(`${kind}: put -> watch event delivered`, await putToEvent(store)));
    rows.push({ name: `${kind}: watch replay from revision 0`, value: await replayThroughput(store), unit: 'events/s' });
    await store.txn({ success: Array.from({ length: RANGE_KEYS }, (_, i) => ({ op: 'put' as const, key: `/bench/range/${i}`, value: 'x'.repeat(200) })) });
    rows.push(latencyRow(`${kind}: range 10,000 keys`, await latencies(20, () => store.range('/bench/range/'))));
  } finally {
    await store.close();
  }
  return rows;
}

function rawFsync(dir: string): number[] {
  const fd = openSync(join(dir, 'fsync-probe'), 'w');
  const samples: number[] = [];
  try {
    for (let i = 0; i < 500; i++) {
      const start = performance.now();
      writeSync(fd, 'x'.repeat(4096));
      fsyncSync(fd);
      samples.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
  }
  return samples;
}

/**
 * etcd: put, the txn the daemon's admission does (a get, then compare + 3 puts), and put to watch
 * event, through the adapter. Not the other rows: a 10,000-put txn is over etcd's 128-op limit,
 * and the replay row measures etcd's batching more than the adapter.
 */
async function etcdRows(): Promise<BenchRow[]> {
  const cluster = await startEtcdCluster({ members: 3, fsync: true, heartbeatMs: 100, electionMs: 1_000 });
  const store = await openEtcdStore(cluster.endpoints);
  const kind = 'etcd (3 members, fsync)';
  try {
    return [
      latencyRow(`${kind}: put`, await latencies(ETCD_WRITES, (i) => store.put(`/bench/put/${i % 100}`, `value-${i}`))),
      latencyRow(`${kind}: txn (compare + 3 puts)`, await latencies(ETCD_WRITES, (i) => txnRound(store, i))),
      latencyRow(`${kind}: put -> watch event delivered`, await putToEvent(store, ETCD_WRITES)),
    ];
  } finally {
    await store.close();
    await cluster.stop();
  }
}

export async function rows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-store-bench-'));
  try {
    return [
      latencyRow('disk: write 4 KiB + fsync (floor for sqlite commits)', rawFsync(dir)),
      ...(await adapterRows('memory', async () => createMemoryStore())),
      ...(await adapterRows('sqlite', () => openSqliteStore(join(dir, 'bench.db')))),
      ...(await etcdRows()),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
