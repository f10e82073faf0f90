/**
 * Three daemons in this process sharing one memory store as their cluster database: the cluster
 * layer exactly as on etcd (membership leases, election, ownership CAS, status mirroring), with
 * real resource host processes. The same behaviour on a real etcd with real daemon processes and
 * kill -9 is test/e2e.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Daemon } from '../../src/daemon/daemon.js';
import { GroupState, NodeState, ResourceState } from '../../src/core/states.js';
import { encodePropertyList, propertyListFromJson } from '../../src/proplist/index.js';
import { createMemoryStore } from '../../src/store/index.js';
import type { ClusterStore } from '../../src/store/port.js';
import { FULL, TestDir, readRecord, waitFor } from './support/local-cluster.js';

let daemons: Daemon[] = [];
let store: ClusterStore | null = null;
let dir: TestDir | null = null;

afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  await store?.close();
  store = null;
  dir?.remove();
  dir = null;
});

function config(record: string, extra: Record<string, unknown> = {}): string {
  return stringify({
    cluster: 'Three',
    nodes: ['node1', 'node2', 'node3'],
    groups: {
      Web: {
        preferredOwners: ['node1', 'node2'],
        FailoverThreshold: 100,
        resources: {
          Disk: { type: 'dummy', properties: { RecordFile: record } },
          App: { type: 'dummy', dependsOn: '[Disk]', properties: { RecordFile: record, ...extra } },
        },
      },
    },
  });
}

async function startNodes(yamlFor: string | ((dir: TestDir) => string)): Promise<Daemon[]> {
  dir = new TestDir();
  const yaml = typeof yamlFor === 'string' ? yamlFor : yamlFor(dir);
  store = createMemoryStore();
  const file = dir.file('cluster.yaml');
  writeFileSync(file, yaml);
  const shared = store;
  const base = dir.path;
  const quiet = (): void => undefined;
  daemons = [];
  for (const node of ['node1', 'node2', 'node3']) {
    daemons.push(await Daemon.start({ dataDir: `${base}/${node}`, listen: { host: '127.0.0.1', port: 0 }, configFile: file, node, sharedStore: shared, leaseTtlMs: 2000, log: quiet }));
  }
  return daemons;
}

function ownerEverywhere(group: string, node: string): boolean {
  return daemons.every((d) => d.engine.group(group)?.owner === node);
}

function stateEverywhere(group: string, state: GroupState): boolean {
  return daemons.every((d) => d.engine.groupState(group) === state);
}

describe('many nodes on one shared store', () => {
  it('places a group on its preferred owner, brings it online there, and every node sees it', async () => {
    const [n1] = await startNodes(config('/dev/null'));
    await waitFor('Web owned by node1 everywhere', () => ownerEverywhere('Web', 'node1'));
    expect(daemons.map((d) => d.engine.records.nodes.get('node2')?.state)).toEqual([NodeState.Up, NodeState.Up, NodeState.Up]);
    const answer = await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    expect(answer.code).toBe(997);
    await waitFor('Web online on every node', () => stateEverywhere('Web', GroupState.Online));
    // The non-owners mirror: they run nothing themselves.
    expect(daemons[1]!.engine.resource('App')?.state).toBe(ResourceState.Online);
  });

  it('moves a group: offline with MOVING and the destination on the source, online on the destination', async () => {
    let record = '';
    const [n1, n2] = await startNodes((d) => config((record = d.file('record.jsonl'))));
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));

    // A non-owner refuses to run it itself (the API forwards before this).
    expect((await n2!.engine.submit({ kind: 'offline-group', group: 'Web', flags: 0, caller: FULL })).code).toBe(5016);

    // "Virtual Machine" = 4 asks for live migration (wsfc.md §10): delivered on both sides.
    const inputBytes = encodePropertyList(propertyListFromJson({ 'Virtual Machine': { type: 'dword', value: 4 } }));
    const move = await n1!.engine.submit({ kind: 'move-group', group: 'Web', flags: 0, destinationNode: 'node2', caller: FULL, inputBytes });
    expect(move.code).toBe(997);
    // While the move runs, conflicting operations are refused with 5908.
    expect((await n1!.engine.submit({ kind: 'offline-group', group: 'Web', flags: 0, caller: FULL })).code).toBe(5908);
    await waitFor('owned by node2 and online', () => ownerEverywhere('Web', 'node2') && stateEverywhere('Web', GroupState.Online));

    const offlines = readRecord(record, 'offline');
    expect(offlines.map((l) => l.resource)).toEqual(['App', 'Disk']);
    expect(offlines.every((l) => l.reason === 2 && l.destinationNode === 'node2')).toBe(true);
    const asked = { 'Virtual Machine': { type: 'dword', value: 4 } };
    expect(offlines.map((l) => l.instructions)).toEqual([asked, asked]);
    expect(readRecord(record, 'online').slice(-2).map((l) => l.instructions)).toEqual([asked, asked]);
    // The destination's onlines know where the group came from (a live-migratable type migrates).
    const onlines = readRecord(record, 'online').slice(-2);
    expect(onlines.map((l) => [l.resource, l.sourceNode])).toEqual([['Disk', 'node1'], ['App', 'node1']]);
    const op = n1!.engine.operation(move.operation as string);
    expect(op).toMatchObject({ kind: 'move-group', outcome: 'succeeded', destinationNode: 'node2' });
    // Moves keep persistent state: node2 brought it back because it was online.
    expect(n2!.engine.group('Web')?.persistentState).toBe(1);
  });

  it('holds a QUEUE_ENABLED move while a resource is locked, and CancelClusterGroupOperation ends it', async () => {
    const [n1] = await startNodes(config('/dev/null', { Locked: true }));
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));
    await waitFor('locked', () => n1!.engine.resource('App')?.locked === true);

    expect((await n1!.engine.submit({ kind: 'move-group', group: 'Web', flags: 0, destinationNode: 'node2', caller: FULL })).code).toBe(5960);
    const queued = await n1!.engine.submit({ kind: 'move-group', group: 'Web', flags: 0x4, destinationNode: 'node2', caller: FULL });
    expect(queued.code).toBe(997);
    await waitFor('moving everywhere', () => daemons.every((d) => d.engine.group('Web')?.moving === true));
    expect((await n1!.engine.submit({ kind: 'cancel-group', group: 'Web', flags: 1, caller: FULL })).code).toBe(87);
    const cancel = await n1!.engine.submit({ kind: 'cancel-group', group: 'Web', flags: 0, caller: FULL });
    expect(cancel.code).toBe(0);
    expect(n1!.engine.operation(queued.operation as string)?.outcome).toBe('cancelled');
    await waitFor('not moving', () => daemons.every((d) => d.engine.group('Web')?.moving === false));
    expect(ownerEverywhere('Web', 'node1')).toBe(true);
    expect((await n1!.engine.submit({ kind: 'cancel-group', group: 'Web', flags: 0, caller: FULL })).code).toBe(5023);
  });

  it('fails a group over when its owner leaves, recording the failover with its reason', async () => {
    const [n1, n2] = await startNodes(config('/dev/null'));
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));
    // Stop node1's membership without its graceful offline: as if it died (its lease is revoked).
    await n1!.cluster!.membership.leave();
    n1!.engine.fence('test: node1 is taken for dead');
    const rest = daemons.slice(1);
    await waitFor('node1 Down on the others', () => rest.every((d) => d.engine.records.nodes.get('node1')?.state === NodeState.Down));
    await waitFor('Web on node2 and online', () => rest.every((d) => d.engine.group('Web')?.owner === 'node2' && d.engine.groupState('Web') === GroupState.Online), 10_000);
    const all = rest.flatMap((d) => d.engine.listOperations(100));
    const failover = all.find((op) => op.kind === 'failover-group');
    expect(failover?.detail).toMatch(/node1 -> node2: node node1 is down/);
    expect(n2!.engine.listOperations(100).some((op) => op.kind === 'online-group' && op.cause?.startsWith('failover'))).toBe(true);
  });
});

describe('pause, drain and failback', () => {
  it('drains a paused node to the next preferred owner and fails back after resume (AutoFailbackType 1)', async () => {
    const yaml = config('/dev/null').replace('FailoverThreshold: 100', 'FailoverThreshold: 100\n    AutoFailbackType: 1');
    const [n1, , n3] = await startNodes(yaml);
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));

    expect((await n3!.cluster!.pauseNode('node9', { flags: 0, drain: true }, FULL, 'test')).code).toBe(5042);
    expect((await n3!.cluster!.pauseNode('node1', { flags: 0x80, drain: true }, FULL, 'test')).code).toBe(87);
    expect((await n3!.cluster!.resumeNode('node1', { failback: 0, flags: 0 }, FULL, 'test')).code).toBe(5023);
    const paused = await n3!.cluster!.pauseNode('node1', { flags: 0, drain: true }, FULL, 'test');
    expect(paused.code).toBe(0);
    await waitFor('node1 Paused everywhere', () => daemons.every((d) => d.engine.records.nodes.get('node1')?.state === NodeState.Paused));
    await waitFor('Web drained to node2 and online', () => ownerEverywhere('Web', 'node2') && stateEverywhere('Web', GroupState.Online));
    const drain = n1!.engine.listOperations(50).find((op) => op.kind === 'move-group');
    expect(drain?.cause).toMatch(/drain: node node1 is paused/);

    expect((await n3!.cluster!.resumeNode('node1', { failback: 2, flags: 0 }, FULL, 'test')).code).toBe(0);
    await waitFor('Web back on its preferred owner', () => ownerEverywhere('Web', 'node1') && stateEverywhere('Web', GroupState.Online));
    const failback = daemons[1]!.engine.listOperations(50).find((op) => op.kind === 'move-group' && op.cause?.startsWith('failback'));
    expect(failback?.destinationNode).toBe('node1');
  });
});

describe('restart policy across nodes', () => {
  it('fails the group over when a resource exhausts its restarts with RestartAction 2, within FailoverThreshold', async () => {
    let health = '';
    const yaml = (d: TestDir): string => {
      health = d.file('unhealthy');
      return stringify({
        cluster: 'Three',
        nodes: ['node1', 'node2', 'node3'],
        groups: {
          Fragile: {
            preferredOwners: ['node1', 'node2'],
            FailoverThreshold: 1,
            resources: { App: { type: 'dummy', RestartAction: 2, RestartThreshold: 0, LooksAlivePollInterval: 50, IsAlivePollInterval: 50, properties: { HealthFile: health } } },
          },
        },
      });
    };
    const [n1] = await startNodes(yaml);
    await waitFor('placed', () => ownerEverywhere('Fragile', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Fragile', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Fragile', GroupState.Online));
    writeFileSync(health, 'sick');
    await waitFor('Fragile failed over to node2', () => ownerEverywhere('Fragile', 'node2'));
    const failover = n1!.engine.listOperations(50).find((op) => op.kind === 'move-group');
    expect(failover?.cause).toMatch(/^failover: /);
    expect(failover?.destinationNode).toBe('node2');
    // The threshold (1 in FailoverPeriod) is spent: node2 keeps the group whatever happens to it.
    await new Promise((r) => setTimeout(r, 500));
    expect(ownerEverywhere('Fragile', 'node2')).toBe(true);
  });
});

describe('FailoverThreshold on node loss', () => {
  it('gives the group of a dead node to a live one but leaves it Failed when the threshold is spent', async () => {
    const [n1, n2] = await startNodes(config('/dev/null').replace('FailoverThreshold: 100', 'FailoverThreshold: 0'));
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));
    await n1!.cluster!.membership.leave();
    n1!.engine.fence('test: node1 is taken for dead');
    await waitFor('Web on node2, Failed', () => n2!.engine.group('Web')?.owner === 'node2' && n2!.engine.groupState('Web') === GroupState.Failed, 10_000);
    expect(n2!.engine.resource('App')?.failureReason).toMatch(/FailoverThreshold reached/);
    const record = daemons.slice(1).flatMap((d) => d.engine.listOperations(50)).find((op) => op.kind === 'failover-group');
    expect(record?.detail).toMatch(/left Failed/);
  });
});

describe('a move that cannot take its group offline', () => {
  it('does not hand the group over while a resource may still run on the source', async () => {
    const [n1] = await startNodes(config('/dev/null', { FailOffline: true }));
    await waitFor('placed', () => ownerEverywhere('Web', 'node1'));
    await n1!.engine.submit({ kind: 'online-group', group: 'Web', flags: 0, caller: FULL });
    await waitFor('online', () => stateEverywhere('Web', GroupState.Online));
    const move = await n1!.engine.submit({ kind: 'move-group', group: 'Web', flags: 0, destinationNode: 'node2', caller: FULL });
    expect(move.code).toBe(997);
    const op = await n1!.engine.waitForOperation(move.operation as string);
    expect(op?.outcome).toBe('failed');
    expect(op?.detail).toMatch(/App did not go offline on node1/);
    expect(ownerEverywhere('Web', 'node1')).toBe(true);
    expect(daemons[1]!.engine.listOperations(20).some((o) => o.id.startsWith('op-node2-') && o.kind === 'online-group')).toBe(false);
  });
});

describe('lease options', () => {
  it('refuses a fence margin that is not shorter than the lease (87), changing nothing', async () => {
    dir = new TestDir();
    store = createMemoryStore();
    const start = Daemon.start({ dataDir: `${dir.path}/n1`, listen: null, node: 'node1', sharedStore: store, leaseTtlMs: 1000, fenceMarginMs: 1000, log: () => undefined });
    await expect(start).rejects.toMatchObject({ code: 87 });
    expect((await store.range('/wolfpack/')).kvs).toEqual([]);
  });
});
