/**
 * The ClusAPI facade against a live daemon: `wolfpack serve` as a real child process, reached over
 * HTTP with a bearer token and over its owner-only Unix socket (src/clusapi/http-connection.ts).
 * The two sample programs run unchanged: their OpenCluster(NULL) finds the daemon as the CLI does
 * (WOLFPACK_SERVER + WOLFPACK_TOKEN, or ./.wolfpack in the working directory). The demo
 * configuration is examples/demo-cluster.yaml with dummies only, plus a second node for the move
 * check. Every daemon is killed by pid after each test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { WolfpackClient, type OperationView } from '../../src/client/index.js';
import * as api from '../../src/clusapi/index.js';
import { encodePropertyList, propertyListFromJson } from '../../src/proplist/index.js';
import { main as offlineGroupMain } from '../../examples/offline-group.js';
import { main as offlineResourceMain } from '../../examples/offline-resource.js';
import { DaemonProcess, freePort } from '../support/daemon-process.js';
import { TestDir } from './support/local-cluster.js';

interface DemoDoc {
  nodes: string[];
  groups: Record<string, { resources: Record<string, { type: string; properties?: Record<string, unknown> }> }>;
}

/** examples/demo-cluster.yaml with every resource a dummy (no OCF agent, no fixed port) and a node2. */
function demoYaml(): string {
  const doc = parse(readFileSync(new URL('../../examples/demo-cluster.yaml', import.meta.url), 'utf8')) as DemoDoc;
  doc.nodes = ['node1', 'node2'];
  for (const group of Object.values(doc.groups)) {
    for (const resource of Object.values(group.resources)) {
      if (resource.type !== 'dummy') {
        resource.type = 'dummy';
        resource.properties = {};
      }
    }
  }
  return stringify(doc);
}

interface LiveDaemon {
  readonly process: DaemonProcess;
  readonly url: string;
  readonly dataDir: string;
  /** Full access over the owner-only socket, for setting up and checking. */
  readonly local: WolfpackClient;
  readonly fullToken: string;
  readonly readToken: string;
}

let dir: TestDir;
let daemons: DaemonProcess[] = [];
let clients: WolfpackClient[] = [];
const undo: Array<() => void> = [];
const startCwd = process.cwd();

beforeEach(() => {
  dir = new TestDir();
  // Whatever the developer's shell exports must not steer OpenCluster(NULL) in these tests.
  vi.stubEnv('WOLFPACK_SERVER', '');
  vi.stubEnv('WOLFPACK_TOKEN', '');
});

afterEach(async () => {
  process.chdir(startCwd);
  vi.unstubAllEnvs();
  api.setClusterToken(null);
  for (const u of undo.splice(0)) u();
  for (const c of clients) c.close();
  clients = [];
  for (const d of daemons) await d.kill();
  daemons = [];
  dir.remove();
});

/** `wolfpack serve` on a free port with the demo online, and a Full and a Read token. */
async function startDaemon(dataDir = dir.file('data')): Promise<LiveDaemon> {
  const config = dir.file('cluster.yaml');
  writeFileSync(config, demoYaml());
  const port = await freePort();
  const daemon = new DaemonProcess(['--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--config', config, '--online-at-first-start']);
  daemons.push(daemon);
  await daemon.ready();
  const local = new WolfpackClient({ kind: 'socket', socketPath: join(dataDir, 'wolfpack.sock') });
  clients.push(local);
  await waitForGroup(local, 'DemoGroup', api.ClusterGroupOnline);
  const fullToken = (await local.createToken({ name: 'operator', access: 'full' })).token;
  const readToken = (await local.createToken({ name: 'viewer', access: 'read' })).token;
  return { process: daemon, url: `http://127.0.0.1:${port}`, dataDir, local, fullToken, readToken };
}

async function waitForGroup(client: WolfpackClient, group: string, state: number): Promise<void> {
  let last = -2;
  const deadline = Date.now() + 15_000;
  while ((last = (await client.getGroupState(group)).state) !== state) {
    if (Date.now() > deadline) throw new Error(`${group} is ${last}, not ${state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs a sample's main() and returns its code with what it printed. */
async function run(main: () => Promise<number>): Promise<{ code: number; printed: string[] }> {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });
  try {
    return { code: await main(), printed };
  } finally {
    spy.mockRestore();
  }
}

/** Who the daemon says a token stands for (the actor its operations are recorded with). */
async function principalOf(d: LiveDaemon, token: string): Promise<string> {
  const client = new WolfpackClient({ kind: 'tcp', url: new URL(d.url), token });
  clients.push(client);
  return (await client.whoami()).principal;
}

async function newestOperation(client: WolfpackClient, target: string): Promise<OperationView | undefined> {
  return (await client.listOperations({ target, limit: 1 }))[0];
}

async function openOrThrow(address: string | null): Promise<api.HCLUSTER> {
  const hCluster = await api.OpenCluster(address);
  if (hCluster === null) throw new Error(`OpenCluster(${String(address)}) failed: ${api.GetLastError()}`);
  return hCluster;
}

describe('the sample programs against a live daemon', () => {
  it('run unchanged over HTTP with WOLFPACK_SERVER and a Full WOLFPACK_TOKEN, and return 0', async () => {
    const d = await startDaemon();
    vi.stubEnv('WOLFPACK_SERVER', d.url);
    vi.stubEnv('WOLFPACK_TOKEN', d.fullToken);
    const handlesBefore = api.openHandleCount();

    expect(await run(offlineResourceMain)).toEqual({ code: 0, printed: ['Offlined the resource DemoResource'] });
    expect((await d.local.getResourceState('DemoResource')).state).toBe(api.ClusterResourceOffline);
    expect((await d.local.getResourceState('App')).state).toBe(api.ClusterResourceOnline);

    expect(await run(offlineGroupMain)).toEqual({ code: 0, printed: ['Offlined the group DemoGroup'] });
    await waitForGroup(d.local, 'DemoGroup', api.ClusterGroupOffline);
    for (const resource of (await d.local.getGroup('DemoGroup')).resources) expect(resource.state, resource.name).toBe(api.ClusterResourceOffline);
    expect(api.openHandleCount()).toBe(handlesBefore);

    // Recorded as the token's principal, through the facade, with the flags the samples pass.
    const group = await newestOperation(d.local, 'DemoGroup');
    expect(group).toMatchObject({ kind: 'offline-group', actor: await principalOf(d, d.fullToken), client: 'clusapi', flags: api.CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, input: null });
    expect(await newestOperation(d.local, 'DemoResource')).toMatchObject({ kind: 'offline-resource', client: 'clusapi', flags: api.CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS, reason: api.CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED });
  });

  it('run unchanged over ./.wolfpack/wolfpack.sock in the working directory, without a token', async () => {
    const d = await startDaemon(join(dir.path, '.wolfpack'));
    process.chdir(dir.path);
    expect(await run(offlineGroupMain)).toEqual({ code: 0, printed: ['Offlined the group DemoGroup'] });
    expect((await d.local.getGroupState('DemoGroup')).state).toBe(api.ClusterGroupOffline);
    expect(await newestOperation(d.local, 'DemoGroup')).toMatchObject({ actor: (await d.local.whoami()).principal, client: 'clusapi' });
    // Nothing left to do: both answer 0 at once.
    expect(await run(offlineResourceMain)).toEqual({ code: 0, printed: ['Offlined the resource DemoResource'] });
  });

  it('report 1722 (0x6ba) when no daemon answers where OpenCluster(NULL) looks', async () => {
    vi.stubEnv('WOLFPACK_SERVER', `http://127.0.0.1:${await freePort()}`);
    expect(await run(offlineGroupMain)).toEqual({ code: api.RPC_S_SERVER_UNAVAILABLE, printed: ['Failed to open cluster: 0x6ba'] });
    mkdirSync(join(dir.path, '.wolfpack'));
    vi.stubEnv('WOLFPACK_SERVER', '');
    process.chdir(dir.path);
    expect(await run(offlineResourceMain)).toEqual({ code: api.RPC_S_SERVER_UNAVAILABLE, printed: ['Failed to open cluster: 0x6ba'] });
  });
});

describe('OpenCluster("http://…") and the handles it gives', () => {
  it('opens objects by any casing, reads states and owners, and answers 5013 / 5007 / 5042 for unknown names', async () => {
    const d = await startDaemon();
    api.setClusterToken(d.fullToken);
    const hCluster = await openOrThrow(d.url);

    const hGroup = await api.OpenClusterGroup(hCluster, 'demogroup');
    const owner = { value: '' };
    expect(await api.GetClusterGroupState(hGroup, owner)).toBe(api.ClusterGroupOnline);
    expect(owner.value).toBe('node1');
    const hResource = await api.OpenClusterResource(hCluster, 'DEMORESOURCE');
    const node = { value: '' };
    const group = { value: '' };
    expect(await api.GetClusterResourceState(hResource, node, group)).toBe(api.ClusterResourceOnline);
    expect([node.value, group.value]).toEqual(['node1', 'DemoGroup']);
    const hNode = await api.OpenClusterNode(hCluster, 'NODE1');
    expect(await api.GetClusterNodeState(hNode)).toBe(api.ClusterNodeUp);

    expect(await api.OpenClusterGroup(hCluster, 'NoSuchGroup')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_GROUP_NOT_FOUND);
    expect(await api.OpenClusterResource(hCluster, 'NoSuchResource')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_RESOURCE_NOT_FOUND);
    expect(await api.OpenClusterNode(hCluster, 'node9')).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_CLUSTER_NODE_NOT_FOUND);
    expect(await api.OfflineClusterGroupEx(hGroup, 0x80, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);
    expect(await api.OfflineClusterGroupEx(hGroup, 2 ** 32, null, 0)).toBe(api.ERROR_INVALID_PARAMETER);

    // Online to the owner is an online; to another node a move, which the API does not do.
    const hNode2 = await api.OpenClusterNode(hCluster, 'node2');
    expect(await api.OfflineClusterGroup(hGroup)).toBe(api.ERROR_IO_PENDING);
    await waitForGroup(d.local, 'DemoGroup', api.ClusterGroupOffline);
    expect(await api.OnlineClusterGroup(hGroup, hNode2)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.OnlineClusterGroup(hGroup, hNode)).toBe(api.ERROR_IO_PENDING);
    await waitForGroup(d.local, 'DemoGroup', api.ClusterGroupOnline);

    // A daemon alone: node2 is Down, a move there is 5005, to its own node 0; node commands need a cluster.
    expect(await api.GetClusterNodeState(hNode2)).toBe(api.ClusterNodeDown);
    expect(await api.MoveClusterGroup(hGroup, hNode2)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);
    expect(await api.MoveClusterGroup(hGroup, hNode)).toBe(api.ERROR_SUCCESS);
    expect(await api.CancelClusterGroupOperation(hGroup, 0)).toBe(api.ERROR_INVALID_STATE);
    expect(await api.PauseClusterNode(hNode2)).toBe(api.ERROR_HOST_NODE_NOT_AVAILABLE);

    for (const h of [hGroup, hResource, hNode, hNode2, hCluster]) expect(h).not.toBeNull();
    api.CloseClusterGroup(hGroup);
    api.CloseClusterResource(hResource);
    api.CloseClusterNode(hNode);
    api.CloseClusterNode(hNode2);
    expect(api.CloseCluster(hCluster)).toBe(true);
  });

  it('gives Read access with a Read token (Full calls 5, recorded by the server) and 5 without a valid token', async () => {
    const d = await startDaemon();
    vi.stubEnv('WOLFPACK_TOKEN', d.readToken);
    expect(await api.OpenCluster(d.url)).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);

    const granted = { value: 0 };
    const hCluster = await api.OpenClusterEx(d.url, api.MAXIMUM_ALLOWED, granted);
    expect(granted.value).toBe(api.GENERIC_READ);
    const hGroup = await api.OpenClusterGroup(hCluster, 'DemoGroup');
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupOnline);
    expect(await api.OfflineClusterGroup(hGroup)).toBe(api.ERROR_ACCESS_DENIED);
    // Access comes before flags, as in admission, also for flags the API's schema cannot carry.
    expect(await api.OfflineClusterGroupEx(hGroup, 0x80, null, 0)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.OfflineClusterGroupEx(hGroup, -1, null, 0)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.OpenClusterGroupEx(hCluster, 'DemoGroup', api.GENERIC_ALL)).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);
    expect(await newestOperation(d.local, 'DemoGroup')).toMatchObject({ actor: await principalOf(d, d.readToken), client: 'clusapi', outcome: 'rejected', code: 5 });
    expect((await d.local.getGroupState('DemoGroup')).state).toBe(api.ClusterGroupOnline);

    vi.stubEnv('WOLFPACK_TOKEN', '');
    expect(await api.OpenClusterEx(d.url, api.GENERIC_READ)).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);
    api.setClusterToken('not-a-token');
    expect(await api.OpenClusterEx(d.url, api.GENERIC_READ)).toBeNull();
    expect(api.GetLastError()).toBe(api.ERROR_ACCESS_DENIED);
  });

  it('refuses Full calls on a Read handle opened over a Full token with 5, before sending', async () => {
    const d = await startDaemon();
    api.setClusterToken(d.fullToken);
    const before = (await d.local.listOperations()).length;
    const hRead = await api.OpenClusterEx(d.url, api.GENERIC_READ);
    const hGroup = await api.OpenClusterGroup(hRead, 'DemoGroup');
    expect(await api.OfflineClusterGroup(hGroup)).toBe(api.ERROR_ACCESS_DENIED);
    const hFull = await openOrThrow(d.url);
    const hResource = await api.OpenClusterResourceEx(hFull, 'DemoResource', api.GENERIC_READ);
    expect(await api.OfflineClusterResource(hResource)).toBe(api.ERROR_ACCESS_DENIED);
    expect(await api.OnlineClusterResource(hResource)).toBe(api.ERROR_ACCESS_DENIED);
    // The API cannot act below the token's access, so these refusals are not in the log.
    expect((await d.local.listOperations()).length).toBe(before);
    expect((await d.local.getGroupState('DemoGroup')).state).toBe(api.ClusterGroupOnline);
  });

  it('sends the input buffer byte for byte: exactly cbInBufferSize bytes reach the operation record', async () => {
    const d = await startDaemon();
    api.setClusterToken(d.fullToken);
    const list = encodePropertyList(
      propertyListFromJson({
        Reason: { type: 'sz', value: 'Wartung – Ünïcode ✓' },
        Blob: { type: 'binary', value: '00ff800102feff' },
        Count: { type: 'dword', value: 0xfffffffe },
      }),
    );
    const buffer = new Uint8Array(list.byteLength + 7);
    buffer.set(list);
    buffer.fill(0xcc, list.byteLength);
    const hCluster = await openOrThrow(d.url);
    const hGroup = await api.OpenClusterGroup(hCluster, 'DemoGroup');
    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, list.byteLength)).toBe(api.ERROR_IO_PENDING);
    const op = await newestOperation(d.local, 'DemoGroup');
    expect(op?.input?.base64).toBe(Buffer.from(list).toString('base64'));
    expect((await d.local.getOperation(op?.id ?? '')).input?.base64).toBe(Buffer.from(list).toString('base64'));

    // A list that does not parse is the cluster's 13, recorded with the bytes as sent.
    await waitForGroup(d.local, 'DemoGroup', api.ClusterGroupOffline);
    const hResource = await api.OpenClusterResource(hCluster, 'Disk');
    const garbage = Uint8Array.from([1, 2, 3, 4, 5]);
    expect(await api.OnlineClusterResourceEx(hResource, 0, garbage, garbage.byteLength)).toBe(api.ERROR_INVALID_DATA);
    expect((await newestOperation(d.local, 'Disk'))?.input?.base64).toBe(Buffer.from(garbage).toString('base64'));
  });

  it('opens unix:/path/wolfpack.sock with the owner\'s Full access', async () => {
    const d = await startDaemon();
    const hCluster = await openOrThrow(`unix:${join(d.dataDir, 'wolfpack.sock')}`);
    const hResource = await api.OpenClusterResource(hCluster, 'WebServer');
    expect(await api.OfflineClusterResource(hResource)).toBe(api.ERROR_IO_PENDING);
    expect(await newestOperation(d.local, 'WebServer')).toMatchObject({ actor: (await d.local.whoami()).principal, client: 'clusapi' });
  });

  it('answers 1722 when no daemon answers, and on open handles once the daemon is gone', async () => {
    expect(await api.OpenCluster(`http://127.0.0.1:${await freePort()}`)).toBeNull();
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);
    expect(await api.OpenCluster(`unix:${dir.file('nowhere/wolfpack.sock')}`)).toBeNull();
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);
    expect(await api.OpenCluster('http://[not a host')).toBeNull();
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);

    const d = await startDaemon();
    api.setClusterToken(d.fullToken);
    const hCluster = await openOrThrow(d.url);
    const hGroup = await api.OpenClusterGroup(hCluster, 'DemoGroup');
    await d.process.kill();
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupStateUnknown);
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);
    expect(await api.OfflineClusterGroup(hGroup)).toBe(api.RPC_S_SERVER_UNAVAILABLE);
    expect(await api.OpenClusterResource(hCluster, 'Disk')).toBeNull();
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);
  });
});

describe('the connectors in the registry', () => {
  it('prefers an in-process cluster for NULL, and puts back the built-in connector when a stand-in is undone', async () => {
    const d = await startDaemon();
    api.setClusterToken(d.fullToken);
    const standIn = api.registerClusterConnector('http:', () => Promise.resolve({ ok: false, code: 1234, detail: 'stand-in' }));
    expect(await api.OpenCluster(d.url)).toBeNull();
    expect(api.GetLastError()).toBe(1234);
    standIn();
    const hRemote = await openOrThrow(d.url);

    const remote = await api.connectRemoteCluster(d.url);
    if (!remote.ok) throw new Error(remote.detail);
    expect(remote.value.clusterName).toBe('Demo');
    undo.push(api.registerLocalCluster('InProcess', remote.value));
    vi.stubEnv('WOLFPACK_SERVER', `http://127.0.0.1:${await freePort()}`);
    // NULL opens the registered cluster, not the (dead) WOLFPACK_SERVER.
    const hLocal = await openOrThrow(null);
    expect(await api.GetClusterGroupState(await api.OpenClusterGroup(hLocal, 'DemoGroup'))).toBe(api.ClusterGroupOnline);
    api.CloseCluster(hLocal);
    api.CloseCluster(hRemote);
  });
});
