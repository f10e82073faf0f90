/**
 * Many nodes on a real three-member etcd with three real `wolfpack serve` processes (the e2e
 * harness). Bars from issue 6:
 * - failover after kill -9 of the owner (detection + placement + online of a zero-delay group):
 *   median <= 3 s with etcd's default timings and the default 2 s lease; the documented tuning
 *   (etcd heartbeat 50 ms / election 500 ms, --lease-ttl 1000) <= 1.5 s (docs/failover.md);
 * - move of a 10-resource zero-delay group, command to Online on the destination: <= 100 ms;
 * - command latency through etcd (admission written to etcd, answer back) p50 <= 10 ms.
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { NODES, ThreeNodes } from '../test/e2e/support/three-nodes.js';
import { median, percentile, type BenchRow } from './harness.js';

function zeroDelayConfig(): string {
  const chain = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`M${i}`, { type: 'dummy', ...(i > 0 ? { dependsOn: `[M${i - 1}]` } : {}) }]));
  return stringify({
    cluster: 'Bench',
    nodes: [...NODES],
    groups: {
      Fail: { preferredOwners: ['node1', 'node2', 'node3'], FailoverThreshold: 1000, resources: { F0: { type: 'dummy' }, F1: { type: 'dummy', dependsOn: '[F0]' } } },
      Move: { preferredOwners: ['node2', 'node3', 'node1'], resources: chain },
      Cmd: { preferredOwners: ['node3', 'node1', 'node2'], resources: { C0: { type: 'dummy' } } },
    },
  });
}

/** Polls finely (2 ms): the figures are tens of milliseconds. */
function poll<T>(cluster: ThreeNodes, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  return cluster.until('the bench step', read, done, 30_000, 2);
}

async function failoverTimes(cluster: ThreeNodes, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = await cluster.online('Fail');
    const victim = before.owner as string;
    const watcher = cluster.anyClient(victim);
    const start = performance.now();
    await cluster.kill9(victim);
    await poll(cluster, () => watcher.getGroup('Fail'), (g) => g.state === 0 && g.owner !== null && g.owner !== victim);
    samples.push(performance.now() - start);
    await cluster.startNode(victim as (typeof NODES)[number]);
    await poll(cluster, () => cluster.anyClient(victim).getNode(victim), (n) => n.state === 0);
  }
  return samples;
}

async function withCluster<T>(options: Parameters<typeof ThreeNodes.start>[0], work: (cluster: ThreeNodes) => Promise<T>): Promise<T> {
  const cluster = await ThreeNodes.start({ groups: ['Fail', 'Move', 'Cmd'], configYaml: zeroDelayConfig, ...options });
  try {
    for (const group of cluster.groups) {
      await cluster.anyClient().onlineGroup(group);
      await cluster.online(group);
    }
    return await work(cluster);
  } finally {
    await cluster.stop();
  }
}

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  await withCluster({ etcd: { heartbeatMs: 100, electionMs: 1000 } }, async (cluster) => {
    const failover = await failoverTimes(cluster, 5);
    out.push({ name: 'failover after kill -9 of the owner, etcd defaults, lease 2 s (median)', value: median(failover), unit: 'ms', bar: { op: '<=', limit: 3000 }, detail: { min: Math.min(...failover), max: Math.max(...failover), runs: failover.length } });

    const moves: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = await cluster.online('Move');
      const to = NODES.find((n) => n !== before.owner) as string;
      const client = cluster.node(before.owner as string).client;
      const destination = cluster.node(to).client;
      if (!client || !destination) throw new Error('bench: node not running');
      const start = performance.now();
      const answer = await client.moveGroup('Move', { to });
      if (answer.code !== 997) throw new Error(`bench: move answered ${answer.code}`);
      await poll(cluster, () => destination.getGroup('Move'), (g) => g.owner === to && g.state === 0);
      moves.push(performance.now() - start);
    }
    out.push({ name: 'move of a 10-resource zero-delay group to Online on the destination (median)', value: median(moves), unit: 'ms', bar: { op: '<=', limit: 100 }, detail: { p90: percentile(moves, 90), runs: moves.length } });

    const owner = (await cluster.online('Cmd')).owner as string;
    const client = cluster.node(owner).client;
    if (!client) throw new Error('bench: owner not running');
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      const answer = i % 2 === 0 ? await client.offlineGroup('Cmd') : await client.onlineGroup('Cmd');
      latencies.push(performance.now() - start);
      if (answer.code !== 997 && answer.code !== 0) throw new Error(`bench: command answered ${answer.code}`);
      await poll(cluster, () => client.getGroup('Cmd'), (g) => g.state === (i % 2 === 0 ? 1 : 0));
    }
    out.push({ name: 'command latency through etcd, answer to the caller (p50)', value: median(latencies), unit: 'ms', bar: { op: '<=', limit: 10 }, detail: { p99: percentile(latencies, 99), runs: latencies.length } });
  });
  await withCluster({ etcd: { heartbeatMs: 50, electionMs: 500 }, leaseTtlMs: 1000 }, async (cluster) => {
    const failover = await failoverTimes(cluster, 5);
    out.push({ name: 'failover after kill -9, tuned: etcd 50/500 ms, --lease-ttl 1000 (median)', value: median(failover), unit: 'ms', bar: { op: '<=', limit: 1500 }, detail: { min: Math.min(...failover), max: Math.max(...failover), runs: failover.length } });
  });
  return out;
}
