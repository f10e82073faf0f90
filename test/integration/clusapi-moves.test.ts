/**
 * MoveClusterGroup(Ex), CancelClusterGroupOperation and the node calls (OpenClusterNode,
 * GetClusterNodeState, Pause/ResumeClusterNode(Ex)) against a live in-process cluster with real
 * resource hosts, over both connections: the in-process one (localConnection) and the HTTP one
 * (the real API listening on 127.0.0.1, reached with a bearer token). The cluster is node1 and
 * node2, this engine runs node1 alone and node2 is Down -- what a single-node daemon sees -- so
 * every answer here is an admission answer: 0 to the owner, 5005 elsewhere, 87, 5023, 5, 6.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApi, EventJournal, TokenService } from '../../src/api/index.js';
import * as api from '../../src/clusapi/index.js';
import type { HCLUSTER, HGROUP } from '../../src/clusapi/index.js';
import { NodeState } from '../../src/core/states.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { createMemoryStore } from '../../src/store/index.js';
import { StoreConfigService } from '../api/support.js';
import { FULL, READ, TestDir, clusterYaml, startCluster } from './support/local-cluster.js';
import { closeWatched, watch, type WatchedCluster } from './support/watched-clusters.js';

interface Opened {
  /** A cluster handle with All access. */
  full(): Promise<HCLUSTER | null>;
  /** A cluster handle whose calls act for a Read principal. */
  read(): Promise<HCLUSTER | null>;
}

let dir: TestDir;
let cluster: LocalCluster;
const running: WatchedCluster[] = [];
const cleanup: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  dir = new TestDir();
  cluster = await startCluster(clusterYaml({ G: { Disk: {}, App: { dependsOn: ['Disk'] } } }).replace('  - node1', '  - node1\n  - node2'), { start: false });
  running.push(watch(cluster));
  await cluster.engine.start();
  cluster.engine.setNodeState('node2', NodeState.Down);
});

afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
  const leftovers = await closeWatched(running);
  dir.remove();
  expect(leftovers, 'host processes left running').toEqual([]);
});

function inProcess(): Opened {
  cleanup.push(api.registerLocalCluster('Full', api.localConnection(cluster.engine, FULL)), api.registerLocalCluster('Read', api.localConnection(cluster.engine, READ)));
  return { full: () => api.OpenCluster('Full'), read: () => api.OpenClusterEx('Read', api.GENERIC_READ) };
}

async function overHttp(): Promise<Opened> {
  const store = createMemoryStore();
  const tokens = new TokenService(store);
  const journal = new EventJournal(cluster.engine);
  const app = buildApi({ engine: cluster.engine, tokens, config: new StoreConfigService(store, cluster.engine), journal, clusterName: 'Test', localNode: 'node1' }, { transport: 'tcp' });
  cleanup.push(async () => {
    api.setClusterToken(null);
    await app.close();
    journal.close();
    await tokens.close();
    await store.close();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const full = (await tokens.create('operator', 'full')).token;
  const read = (await tokens.create('viewer', 'read')).token;
  const open = async (token: string, desired: number): Promise<HCLUSTER | null> => {
    api.setClusterToken(token);
    return api.OpenClusterEx(url, desired);
  };
  return { full: () => open(full, api.GENERIC_ALL), read: () => open(read, api.GENERIC_READ) };
}

async function onlineG(hCluster: HCLUSTER | null): Promise<HGROUP | null> {
  const hGroup = await api.OpenClusterGroup(hCluster, 'g');
  expect(await api.OnlineClusterGroup(hGroup)).toBe(api.ERROR_IO_PENDING);
  const deadline = Date.now() + 10_000;
  while ((await api.GetClusterGroupState(hGroup)) !== api.ClusterGroupOnline) {
    if (Date.now() > deadline) throw new Error('G did not come online');
    await api.Sleep(10);
  }
  return hGroup;
}

describe.each([
  ['in-process', async () => inProcess()],
  ['HTTP', overHttp],
] as const)('moves and nodes over the %s connection', (name, connect) => {
  it('reads node states: the local node is Up, the other Down; unknown names and bad handles fail', async () => {
    const opened = await connect();
    const hCluster = await opened.full();
    const hNode1 = await api.OpenClusterNode(hCluster, 'NODE1');
    expect(await api.GetClusterNodeState(hNode1)).toBe(api.ClusterNodeUp);
    expect(await api.GetClusterNodeState(await api.OpenClusterNode(hCluster, 'node2'))).toBe(api.ClusterNodeDown);
    expect(await api.OpenClusterNode(hCluster, 'node9')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_CLUSTER_NODE_NOT_FOUND);
    expect(await api.GetClusterNodeState(null)).toBe(api.ClusterNodeStateUnknown);
    expect(api.GetLastError()).toBe(api.ERROR_INVALID_HANDLE);
    expect(api.CloseClusterNode(hNode1)).toBe(true);
    expect(await api.GetClusterNodeState(hNode1)).toBe(api.ClusterNodeStateUnknown);
    // Reading a node needs Read only.
    expect(await api.GetClusterNodeState(await api.OpenClusterNode(await opened.read(), 'node1'))).toBe(api.ClusterNodeUp);
  });

  it('moves to the owner (0, recorded), refuses a Down node or none (5005), bad flags (87) and a malformed list (13)', async () => {
    const opened = await connect();
    const hCluster = await opened.full();
    const hGroup = await onlineG(hCluster);
    const hNode1 = await api.OpenClusterNode(hCluster, 'node1');
    const hNode2 = await api.OpenClusterNode(hCluster, 'node2');
    const before = cluster.engine.listOperations().length;
    expect(await api.MoveClusterGroup(hGroup, hNode1)).toBe(api.ERROR_SUCCESS);
    expect(cluster.engine.listOperations(1)[0]).toMatchObject({ kind: 'move-group', target: 'G', destinationNode: 'node1', client: 'clusapi', outcome: 'nothing-to-do' });
    expect(await api.MoveClusterGroup(hGroup, hNode2)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.MoveClusterGroup(hGroup, null)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    const both = api.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS | api.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED;
    expect(await api.MoveClusterGroupEx(hGroup, hNode1, both, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.MoveClusterGroupEx(hGroup, hNode1, 0x40, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.MoveClusterGroupEx(hGroup, hNode1, -1, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.MoveClusterGroupEx(hGroup, hNode1, 0, new Uint8Array([1, 0, 0, 0, 3]), 5)).toBe(api.ERROR_INVALID_DATA);
    // Every answer is in the log, but over HTTP the non-DWORD flags (which the API cannot carry).
    expect(cluster.engine.listOperations().length - before).toBe(name === 'HTTP' ? 6 : 7);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);
  });

  it('cancels: 87 for reserved flags, 5023 when nothing moves; a Read handle gets 5 for moves, cancels and node commands', async () => {
    const opened = await connect();
    const hGroup = await api.OpenClusterGroup(await opened.full(), 'G');
    expect(await api.CancelClusterGroupOperation(hGroup, 1)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.CancelClusterGroupOperation(hGroup, 0)).toBe(api.ERROR_INVALID_STATE);

    const hRead = await opened.read();
    const hReadGroup = await api.OpenClusterGroup(hRead, 'G');
    const hReadNode = await api.OpenClusterNode(hRead, 'node1');
    expect(await api.MoveClusterGroup(hReadGroup, hReadNode)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.CancelClusterGroupOperation(hReadGroup, 0)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.PauseClusterNode(hReadNode)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.ResumeClusterNode(hReadNode)).toBe(api.ERROR_ACCESS_DENIED);
  });

  it('answers node pause and resume with 5005 (no cluster to drain to), after 87 for bad flags and failback', async () => {
    const opened = await connect();
    const hCluster = await opened.full();
    const hNode2 = await api.OpenClusterNode(hCluster, 'node2');
    expect(await api.PauseClusterNode(hNode2)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.PauseClusterNodeEx(hNode2, true, api.CLUSAPI_NODE_AVOID_PLACEMENT, null)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.PauseClusterNodeEx(hNode2, true, 0x8, null)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.ResumeClusterNodeEx(hNode2, api.FailbackGroupsImmediately, 0)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.ResumeClusterNodeEx(hNode2, api.ClusterNodeResumeFailbackTypeCount, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.ResumeClusterNode(await api.OpenClusterNode(hCluster, 'node1'))).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.PauseClusterNodeEx(hNode2, true, 0, hNode2)).toBe(api.ERROR_INVALID_PARAMETER);
  });
});
