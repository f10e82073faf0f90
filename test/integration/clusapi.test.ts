/**
 * The ClusAPI facade against an in-process cluster with real resource host processes: every call
 * goes handle -> facade -> localConnection -> Engine -> host child process -> dummy type, and the
 * dummy's RecordFile shows what reached the resource. Each test stops every host it started.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/core/commands.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { PersistentState, ResourceState } from '../../src/core/states.js';
import { encodePropertyList, parsePropertyListJson } from '../../src/proplist/index.js';
import * as api from '../../src/clusapi/index.js';
import type { HCLUSTER, HGROUP, HRESOURCE } from '../../src/clusapi/index.js';
import { closeWatched, watch, type WatchedCluster } from './support/watched-clusters.js';
import { FULL, READ, TestDir, clusterYaml, readRecord, startCluster, waitFor } from './support/local-cluster.js';

let dir: TestDir;
let record: string;
const running: WatchedCluster[] = [];
const registrations: Array<() => void> = [];

/** A cluster whose hosts are all watched from the first probe on, so teardown can prove them gone. */
async function start(yaml: string): Promise<LocalCluster> {
  const cluster = await startCluster(yaml, { start: false });
  running.push(watch(cluster));
  await cluster.engine.start();
  return cluster;
}

function register(name: string, cluster: LocalCluster, caller: Caller = FULL, options: api.RegisterOptions = {}): void {
  registrations.push(api.registerLocalCluster(name, api.localConnection(cluster.engine, caller), options));
}

const props = (more: Record<string, unknown> = {}) => ({ properties: { RecordFile: record, ...more } });

/**
 * G: Top -> Base. L: Lock (locked once online) -> Under. F: Flaky (its online fails).
 */
function testYaml(): string {
  return clusterYaml({
    G: { Base: props(), Top: { dependsOn: ['Base'], ...props({ OfflineDelayMs: 150 }) } },
    L: { Under: props(), Lock: { dependsOn: ['Under'], ...props({ Locked: true }) } },
    F: { Flaky: props({ FailOnline: true }) },
  });
}

async function waitForGroupState(hGroup: HGROUP | null, wanted: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await api.GetClusterGroupState(hGroup);
    if (state === wanted) return;
    if (Date.now() > deadline) throw new Error(`group state ${state}, waited for ${wanted}`);
    await api.Sleep(10);
  }
}

async function waitForResourceState(hResource: HRESOURCE | null, wanted: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await api.GetClusterResourceState(hResource);
    if (state === wanted) return;
    if (Date.now() > deadline) throw new Error(`resource state ${state}, waited for ${wanted}`);
    await api.Sleep(10);
  }
}

async function openGroupOnline(hCluster: HCLUSTER | null, name: string): Promise<HGROUP> {
  const hGroup = await api.OpenClusterGroup(hCluster, name);
  expect(hGroup).not.toBeNull();
  expect(await api.OnlineClusterGroup(hGroup)).toBe(api.ERROR_IO_PENDING);
  await waitForGroupState(hGroup, api.ClusterGroupOnline);
  return hGroup as HGROUP;
}

beforeEach(() => {
  dir = new TestDir();
  record = dir.file('record.jsonl');
});

afterEach(async () => {
  for (const undo of registrations.splice(0)) undo();
  const leftovers = await closeWatched(running);
  dir.remove();
  expect(leftovers, 'host processes left running').toEqual([]);
});

describe('ClusAPI facade on a live in-process cluster', () => {
  it('reads states with owner node and group name, names in any casing', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster(null);
    const hGroup = await openGroupOnline(hCluster, 'g');
    const owner = { value: '' };
    expect(await api.GetClusterGroupState(hGroup, owner)).toBe(api.ClusterGroupOnline);
    expect(owner.value).toBe('node1');

    const hResource = await api.OpenClusterResource(hCluster, 'TOP');
    const node = { value: '' };
    const group = { value: '' };
    expect(await api.GetClusterResourceState(hResource, node, group)).toBe(api.ClusterResourceOnline);
    expect([node.value, group.value]).toEqual(['node1', 'G']);

    const hNode = await api.OpenClusterNode(hCluster, 'NODE1');
    expect(await api.GetClusterNodeState(hNode)).toBe(api.ClusterNodeUp);
    for (const ok of [api.CloseClusterNode(hNode), api.CloseClusterResource(hResource), api.CloseClusterGroup(hGroup), api.CloseCluster(hCluster)]) expect(ok).toBe(true);
  });

  it('answers NULL with 5013 / 5007 / 5042 for unknown names', async () => {
    register('Test', await start(testYaml()));
    const hCluster = await api.OpenCluster('test');
    expect(await api.OpenClusterGroup(hCluster, 'NoSuchGroup')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_GROUP_NOT_FOUND);
    expect(await api.OpenClusterResource(hCluster, 'NoSuchResource')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_RESOURCE_NOT_FOUND);
    expect(await api.OpenClusterNode(hCluster, 'node9')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_CLUSTER_NODE_NOT_FOUND);
    api.CloseCluster(hCluster);
  });

  it('refuses an offline of a locked group with 5960 and changes nothing; IGNORE takes it offline', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    const hGroup = await openGroupOnline(hCluster, 'L');
    await waitFor('Lock to report locked mode', () => cluster.engine.resource('Lock')?.locked === true);
    const hUnder = await api.OpenClusterResource(hCluster, 'Under');

    expect(await api.OfflineClusterGroupEx(hGroup, 0, null, 0)).toBe(api.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
    expect(await api.OfflineClusterGroup(hGroup)).toBe(api.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
    // Under has no lock of its own, but its dependent Lock would have to go offline with it.
    expect(await api.OfflineClusterResource(hUnder)).toBe(api.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);
    for (const name of ['Lock', 'Under']) {
      expect(cluster.engine.resource(name)?.state).toBe(ResourceState.Online);
      expect(cluster.engine.resource(name)?.persistentState).toBe(PersistentState.Online);
    }
    expect(readRecord(record, 'offline')).toEqual([]);

    expect(await api.OfflineClusterGroupEx(hGroup, api.CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, null, 0)).toBe(api.ERROR_IO_PENDING);
    await waitForGroupState(hGroup, api.ClusterGroupOffline);
    const offlines = readRecord(record, 'offline');
    expect(offlines.map((l) => l.resource)).toEqual(['Lock', 'Under']);
    for (const line of offlines) expect(line.flags).toBe(api.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS);
  });

  it('answers 6 for closed handles, handles of the wrong kind and handles of another cluster', async () => {
    register('Test', await start(testYaml()));
    register('Other', await start(clusterYaml({ OtherGroup: { Solo: {} } }).replace('cluster: Test', 'cluster: Other')));
    const hCluster = await api.OpenCluster('Test');
    const hOther = await api.OpenCluster('Other');
    const hGroup = await api.OpenClusterGroup(hCluster, 'G');
    const hResource = await api.OpenClusterResource(hCluster, 'Top');
    const hForeignNode = await api.OpenClusterNode(hOther, 'node1');
    expect(hForeignNode).not.toBeNull();

    expect(await api.OnlineClusterGroup(hGroup, hForeignNode)).toBe(api.ERROR_INVALID_HANDLE);
    expect(await api.OfflineClusterGroup(hResource as never)).toBe(api.ERROR_INVALID_HANDLE);
    expect(await api.OfflineClusterResource(hGroup as never)).toBe(api.ERROR_INVALID_HANDLE);
    expect(await api.GetClusterResourceState(hGroup as never)).toBe(api.ClusterResourceStateUnknown);
    expect(api.GetLastError()).toBe(api.ERROR_INVALID_HANDLE);

    expect(api.CloseClusterGroup(hGroup)).toBe(true);
    expect(await api.OnlineClusterGroup(hGroup)).toBe(api.ERROR_INVALID_HANDLE);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupStateUnknown);
    expect(api.CloseClusterGroup(hGroup)).toBe(false);
    expect(api.GetLastError()).toBe(api.ERROR_INVALID_HANDLE);
    // Nothing of this reached either engine.
    expect(readRecord(record, 'online')).toEqual([]);
    for (const h of [hCluster, hOther]) api.CloseCluster(h);
    api.CloseClusterResource(hResource);
    api.CloseClusterNode(hForeignNode);
  });

  it('gives a Read handle 5 for every state change, and records the refusal with its principal', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster, FULL);
    register('TestRead', cluster, READ);
    register('TestNone', cluster, { principal: 'stranger', access: 'none' });
    const hFull = await api.OpenCluster('Test');
    const hGroupFull = await openGroupOnline(hFull, 'G');

    // Plain OpenCluster asks for All, which a Read principal does not hold (wsfc.md §9).
    expect(await api.OpenCluster('TestRead')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.OpenClusterEx('TestNone', api.GENERIC_READ)).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);

    // A Full principal may still ask for Read only; its handles then act as Read.
    for (const [name, desired] of [['TestRead', api.MAXIMUM_ALLOWED], ['Test', api.GENERIC_READ]] as const) {
      const granted = { value: 0 };
      const hRead = await api.OpenClusterEx(name, desired, granted);
      expect(granted.value).toBe(api.GENERIC_READ);
      const hGroup = await api.OpenClusterGroup(hRead, 'G');
      const hResource = await api.OpenClusterResource(hRead, 'Top');
      expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);
      expect(await api.OfflineClusterGroupEx(hGroup, api.CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, null, 0)).toBe(api.ERROR_ACCESS_DENIED);
      expect(await api.OfflineClusterResourceEx(hResource, 0, null, 0)).toBe(api.ERROR_ACCESS_DENIED);
      expect(await api.OnlineClusterResource(hResource)).toBe(api.ERROR_ACCESS_DENIED);
      // Access is checked before flags (ARCHITECTURE.md admission order).
      expect(await api.OfflineClusterGroupEx(hGroup, 0x80, null, 0)).toBe(api.ERROR_ACCESS_DENIED);
      api.CloseClusterGroup(hGroup);
      api.CloseClusterResource(hResource);
      api.CloseCluster(hRead);
    }
    expect(await api.GetClusterGroupState(hGroupFull)).toBe(api.ClusterGroupOnline);
    const refusals = cluster.engine.listOperations().filter((op) => op.code === api.ERROR_ACCESS_DENIED);
    expect(refusals.map((op) => op.actor)).toEqual(expect.arrayContaining(['viewer', 'tester']));
    expect(refusals.every((op) => op.client === 'clusapi' && op.outcome === 'rejected')).toBe(true);
  });

  it('answers 87 for flags outside each call\'s set, and nothing changes', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    const hGroup = await openGroupOnline(hCluster, 'G');
    const hTop = await api.OpenClusterResource(hCluster, 'Top');
    expect(await api.OfflineClusterGroupEx(hGroup, 0x2, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    // A reason value is not a flag (wsfc.md §13 item 3): 0x40 is outside the offline flags.
    expect(await api.OfflineClusterResourceEx(hTop, api.CLUSAPI_RESOURCE_OFFLINE_REASON_SHUTTING_DOWN, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.OnlineClusterResourceEx(hTop, 0x10, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.OnlineClusterGroupEx(hGroup, null, 0x100, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);
    expect(readRecord(record, 'offline')).toEqual([]);
  });

  it('delivers the input buffer to every resource, exactly cbInBufferSize bytes of it', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    const hGroup = await openGroupOnline(hCluster, 'G');
    const list = encodePropertyList(parsePropertyListJson('{"Virtual Machine": {"type": "dword", "value": 1}, "Note": {"type": "sz", "value": "save state"}}'));
    // Trailing bytes past cbInBufferSize must not travel: they would make the list malformed.
    const buffer = new Uint8Array(list.byteLength + 7).fill(0xee);
    buffer.set(list);

    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, buffer.byteLength + 1)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, list.byteLength - 3)).toBe(api.ERROR_INVALID_DATA);
    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, buffer.byteLength)).toBe(api.ERROR_INVALID_DATA);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);

    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, list.byteLength)).toBe(api.ERROR_IO_PENDING);
    // A second request while the first runs is refused: its resources are pending.
    expect(await api.OfflineClusterGroupEx(hGroup, 0, null, 0)).toBe(api.ERROR_INVALID_STATE);
    await waitForGroupState(hGroup, api.ClusterGroupOffline);
    const offlines = readRecord(record, 'offline');
    expect(offlines.map((l) => l.resource)).toEqual(['Top', 'Base']);
    for (const line of offlines) {
      expect(Buffer.from(line.raw as string, 'base64').equals(Buffer.from(list))).toBe(true);
      expect(line.instructions).toEqual({ 'Virtual Machine': { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'save state' } });
      expect(line.reason).toBe(api.CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED);
    }

    // Online Ex calls carry their buffer too.
    const hBase = await api.OpenClusterResource(hCluster, 'Base');
    expect(await api.OnlineClusterResourceEx(hBase, 0, buffer, list.byteLength)).toBe(api.ERROR_IO_PENDING);
    await waitForResourceState(hBase, api.ClusterResourceOnline);
    const online = readRecord(record, 'online').filter((l) => l.resource === 'Base').at(-1);
    expect(Buffer.from(online?.raw as string, 'base64').equals(Buffer.from(list))).toBe(true);
  });

  it('takes a Failed resource to Offline with 0', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    const hFlaky = await api.OpenClusterResource(hCluster, 'Flaky');
    expect(await api.OnlineClusterResource(hFlaky)).toBe(api.ERROR_IO_PENDING);
    await waitForResourceState(hFlaky, api.ClusterResourceFailed);
    const hGroup = await api.OpenClusterGroup(hCluster, 'F');
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupFailed);

    expect(await api.OfflineClusterResource(hFlaky)).toBe(api.ERROR_SUCCESS);
    expect(await api.GetClusterResourceState(hFlaky)).toBe(api.ClusterResourceOffline);
    expect(cluster.engine.resource('Flaky')?.persistentState).toBe(PersistentState.Offline);
    // Already offline: nothing to do.
    expect(await api.OfflineClusterResourceEx(hFlaky, 0, null, 0)).toBe(api.ERROR_SUCCESS);
  });

  it('passes resource offline flags through: FORCE_WITH_TERMINATION terminates, DO_NOT_UPDATE keeps persistent state', async () => {
    const cluster = await start(testYaml());
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    await openGroupOnline(hCluster, 'G');
    const hTop = await api.OpenClusterResource(hCluster, 'Top');
    const flags = api.CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION | api.CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE;
    expect(await api.OfflineClusterResourceEx(hTop, flags, null, 0)).toBe(api.ERROR_IO_PENDING);
    await waitForResourceState(hTop, api.ClusterResourceOffline);
    // The resource is marked Offline at once; the terminate call runs on and is recorded when it returns.
    await waitFor('the terminate call to return', () => readRecord(record, 'terminate').length > 0);
    expect(readRecord(record, 'terminate').map((l) => l.resource)).toEqual(['Top']);
    expect(readRecord(record, 'offline')).toEqual([]);
    expect(cluster.engine.resource('Top')?.persistentState).toBe(PersistentState.Online);
    expect(await api.GetClusterResourceState(await api.OpenClusterResource(hCluster, 'Base'))).toBe(api.ClusterResourceOnline);
  });

  it('brings a group online on its owner node given as hDestinationNode; another node would be a move (5005)', async () => {
    const cluster = await start(testYaml().replace('  - node1', '  - node1\n  - node2'));
    register('Test', cluster);
    const hCluster = await api.OpenCluster();
    const hGroup = await api.OpenClusterGroup(hCluster, 'G');
    const hOtherNode = await api.OpenClusterNode(hCluster, 'node2');
    expect(await api.OnlineClusterGroup(hGroup, hOtherNode)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOffline);
    const hNode = await api.OpenClusterNode(hCluster, 'node1');
    expect(await api.OnlineClusterGroupEx(hGroup, hNode, 0, null, 0)).toBe(api.ERROR_IO_PENDING);
    await waitForGroupState(hGroup, api.ClusterGroupOnline);
    expect(await api.OnlineClusterGroup(hGroup, hNode)).toBe(api.ERROR_SUCCESS);
    expect(cluster.engine.group('G')?.persistentState).toBe(PersistentState.Online);
  });
});
