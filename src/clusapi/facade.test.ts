/**
 * The facade's own duties, seen at its port: handles, argument checks, out-parameters, last error
 * and name resolution, against a recording ClusterConnection. What the cluster decides (access,
 * flags, states, locked) is tested against a real cluster in test/integration/clusapi.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Access } from '../core/commands.js';
import { GroupState, NodeState, ResourceState } from '../core/states.js';
import type { Answer, ClusterConnection, CommandAnswer, ConnectionCommand, GroupStatus, NodeCommand, NodeStatus, ObjectKind, ResourceStatus } from './connection.js';
import * as api from './index.js';

/** A cluster with group G (resource R) and node n1, where objects can be made to vanish. */
class RecordingConnection implements ClusterConnection {
  readonly submitted: ConnectionCommand[] = [];
  readonly nodeCommands: NodeCommand[] = [];
  readonly objects = new Map<string, string>([['group:g', 'G'], ['resource:r', 'R'], ['node:n1', 'n1']]);
  answer = 997;

  constructor(
    readonly clusterName = 'Fake',
    private readonly access: Access = 'full',
    readonly principal = 'tester',
  ) {}

  grantedAccess(): Promise<Access> {
    return Promise.resolve(this.access);
  }

  findObject(kind: ObjectKind, name: string): Promise<Answer<string>> {
    const found = this.objects.get(`${kind}:${name.toLowerCase()}`);
    const code = { node: 5042, group: 5013, resource: 5007 }[kind];
    return Promise.resolve(found ? { ok: true, value: found } : { ok: false, code, detail: 'not found' });
  }

  groupStatus(name: string): Promise<Answer<GroupStatus>> {
    if (!this.objects.has(`group:${name.toLowerCase()}`)) return Promise.resolve({ ok: false, code: 5013, detail: 'gone' });
    return Promise.resolve({ ok: true, value: { name, state: GroupState.PartialOnline, owner: 'n1' } });
  }

  resourceStatus(name: string): Promise<Answer<ResourceStatus>> {
    if (!this.objects.has(`resource:${name.toLowerCase()}`)) return Promise.resolve({ ok: false, code: 5007, detail: 'gone' });
    return Promise.resolve({ ok: true, value: { name, state: ResourceState.OfflinePending, owner: null, group: 'G' } });
  }

  nodeStatus(name: string): Promise<Answer<NodeStatus>> {
    return Promise.resolve({ ok: true, value: { name, state: NodeState.Paused } });
  }

  submit(command: ConnectionCommand): Promise<CommandAnswer> {
    this.submitted.push(command);
    const target = command.kind.endsWith('group') ? `group:${command.target.toLowerCase()}` : `resource:${command.target.toLowerCase()}`;
    if (!this.objects.has(target)) return Promise.resolve({ code: command.kind.endsWith('group') ? 5013 : 5007, detail: null, operation: null });
    return Promise.resolve({ code: this.answer, detail: null, operation: 'op-1' });
  }

  nodeCommand(command: NodeCommand): Promise<CommandAnswer> {
    this.nodeCommands.push(command);
    return Promise.resolve({ code: this.answer, detail: null, operation: 'op-2' });
  }
}

const unregister: Array<() => void> = [];
afterEach(() => {
  for (const undo of unregister.splice(0)) undo();
});

async function openAll(connection: RecordingConnection) {
  const hCluster = await api.OpenCluster(connection);
  if (!hCluster) throw new Error('OpenCluster failed');
  const hGroup = await api.OpenClusterGroup(hCluster, 'g');
  const hResource = await api.OpenClusterResource(hCluster, 'r');
  const hNode = await api.OpenClusterNode(hCluster, 'N1');
  if (!hGroup || !hResource || !hNode) throw new Error('Open* failed');
  return { hCluster, hGroup, hResource, hNode };
}


afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OpenCluster name resolution', () => {
  it('answers NULL with 1722 when no cluster answers to the name', async () => {
    // OpenCluster(null) falls back to a daemon (WOLFPACK_SERVER, ./.wolfpack, 127.0.0.1:7420): point
    // it at a port nothing listens on, so a developer's running `npm start` cannot answer.
    vi.stubEnv('WOLFPACK_SERVER', 'http://127.0.0.1:1');
    expect(await api.OpenCluster(null)).toBeNull();
    expect(api.GetLastError()).toBe(api.RPC_S_SERVER_UNAVAILABLE);
    expect(await api.OpenCluster('nosuch')).toBeNull();
    expect(await api.OpenCluster('http://127.0.0.1:1')).toBeNull();
    expect(api.GetLastError()).toBe(1722);
  });

  it('opens the first registered cluster for NULL, others by name in any casing', async () => {
    const first = new RecordingConnection('First');
    const second = new RecordingConnection('Second');
    unregister.push(api.registerLocalCluster('First', first), api.registerLocalCluster('Second', second));
    const byNull = await api.OpenCluster(null);
    const byName = await api.OpenCluster('SECOND');
    expect(byNull && byName).toBeTruthy();
    await api.OfflineClusterGroup(await api.OpenClusterGroup(byNull, 'G'));
    await api.OfflineClusterGroup(await api.OpenClusterGroup(byName, 'G'));
    expect(first.submitted).toHaveLength(1);
    expect(second.submitted).toHaveLength(1);
  });

  it('lets a registration claim the default, and hands it on when unregistered', async () => {
    const first = new RecordingConnection('First');
    const second = new RecordingConnection('Second');
    unregister.push(api.registerLocalCluster('First', first));
    const undoSecond = api.registerLocalCluster('Second', second, { default: true });
    await api.OfflineClusterGroup(await api.OpenClusterGroup(await api.OpenCluster(), 'G'));
    expect(second.submitted).toHaveLength(1);
    undoSecond();
    await api.OfflineClusterGroup(await api.OpenClusterGroup(await api.OpenCluster(), 'G'));
    expect(first.submitted).toHaveLength(1);
  });

  it('goes to the connector registered for an address scheme', async () => {
    const remote = new RecordingConnection('Remote');
    const seen: string[] = [];
    unregister.push(
      api.registerClusterConnector('http', (address) => {
        seen.push(address);
        return Promise.resolve({ ok: true, value: remote });
      }),
    );
    expect(await api.OpenCluster('http://127.0.0.1:7420')).not.toBeNull();
    expect(seen).toEqual(['http://127.0.0.1:7420']);
  });
});

describe('access of handles', () => {
  it('refuses plain OpenCluster to a Read principal (it asks for All) and grants OpenClusterEx Read', async () => {
    const reader = new RecordingConnection('Fake', 'read');
    expect(await api.OpenCluster(reader)).toBeNull();
    expect(api.GetLastError()).toBe(5);
    const granted = { value: 0 };
    const hCluster = await api.OpenClusterEx(reader, api.MAXIMUM_ALLOWED, granted);
    expect(granted.value).toBe(api.GENERIC_READ);
    const hGroup = await api.OpenClusterGroup(hCluster, 'G');
    await api.OfflineClusterGroup(hGroup);
    expect(reader.submitted[0]?.access).toBe('read');
  });

  it('lets Open*Ex ask for its own level, checked against the principal', async () => {
    const connection = new RecordingConnection();
    const hCluster = await api.OpenClusterEx(connection, api.GENERIC_READ);
    const granted = { value: 0 };
    const hResource = await api.OpenClusterResourceEx(hCluster, 'R', api.GENERIC_ALL, granted);
    expect(granted.value).toBe(api.GENERIC_ALL);
    await api.OfflineClusterResource(hResource);
    await api.OfflineClusterResource(await api.OpenClusterResource(hCluster, 'R'));
    expect(connection.submitted.map((c) => c.access)).toEqual(['full', 'read']);
    expect(await api.OpenClusterGroupEx(hCluster, 'G', 0)).toBeNull();
    expect(api.GetLastError()).toBe(87);
  });
});

describe('handles', () => {
  it('gives NULL and 5013 / 5007 / 5042 for unknown names, 6 for a bad cluster handle', async () => {
    const { hCluster } = await openAll(new RecordingConnection());
    expect(await api.OpenClusterGroup(hCluster, 'nope')).toBeNull();
    expect(api.GetLastError()).toBe(5013);
    expect(await api.OpenClusterResource(hCluster, 'nope')).toBeNull();
    expect(api.GetLastError()).toBe(5007);
    expect(await api.OpenClusterNode(hCluster, 'nope')).toBeNull();
    expect(api.GetLastError()).toBe(5042);
    expect(await api.OpenClusterGroup(null, 'G')).toBeNull();
    expect(api.GetLastError()).toBe(6);
  });

  it('answers 6 for closed handles, handles of the wrong kind and forged ones; closing twice is false', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hResource } = await openAll(connection);
    expect(await api.OfflineClusterGroup(hResource as never)).toBe(6);
    expect(await api.OnlineClusterResource(hGroup as never)).toBe(6);
    expect(await api.OfflineClusterGroup({} as never)).toBe(6);
    expect(api.CloseClusterResource(hGroup as never)).toBe(false);
    expect(api.CloseClusterGroup(hGroup)).toBe(true);
    expect(await api.OfflineClusterGroup(hGroup)).toBe(6);
    expect(await api.GetClusterGroupState(hGroup)).toBe(api.ClusterGroupStateUnknown);
    expect(api.GetLastError()).toBe(6);
    api.SetLastError(0);
    expect(api.CloseClusterGroup(hGroup)).toBe(false);
    expect(api.GetLastError()).toBe(6);
    expect(connection.submitted).toHaveLength(0);
  });

  it('keeps object handles usable after their cluster handle is closed', async () => {
    const connection = new RecordingConnection();
    const { hCluster, hGroup } = await openAll(connection);
    expect(api.CloseCluster(hCluster)).toBe(true);
    expect(await api.OfflineClusterGroup(hGroup)).toBe(997);
    expect(await api.OpenClusterGroup(hCluster, 'G')).toBeNull();
    expect(api.GetLastError()).toBe(6);
  });

  it('refuses a destination node of another cluster with 6', async () => {
    const one = await openAll(new RecordingConnection('One'));
    const two = await openAll(new RecordingConnection('Two'));
    expect(await api.OnlineClusterGroup(one.hGroup, two.hNode)).toBe(6);
    expect(await api.OnlineClusterGroup(one.hGroup, one.hGroup as never)).toBe(6);
    expect(await api.OnlineClusterGroup(one.hGroup, one.hNode)).toBe(997);
  });

  it('answers 5012 / 5006 when the object left the cluster after its handle was opened', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hResource } = await openAll(connection);
    connection.objects.delete('group:g');
    connection.objects.delete('resource:r');
    expect(await api.OfflineClusterGroup(hGroup)).toBe(5012);
    expect(await api.OnlineClusterGroupEx(hGroup, null, 0, null, 0)).toBe(5012);
    expect(await api.GetClusterGroupState(hGroup)).toBe(-1);
    expect(api.GetLastError()).toBe(5012);
    expect(await api.OfflineClusterResourceEx(hResource, 0, null, 0)).toBe(5006);
    expect(await api.GetClusterResourceState(hResource)).toBe(-1);
    expect(api.GetLastError()).toBe(5006);
  });
});

describe('input buffers', () => {
  it('sends exactly cbInBufferSize bytes, copied', async () => {
    const connection = new RecordingConnection();
    const { hGroup } = await openAll(connection);
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, 4)).toBe(997);
    buffer[0] = 9;
    expect([...(connection.submitted[0]?.input ?? [])]).toEqual([1, 2, 3, 4]);
    expect(await api.OfflineClusterGroupEx(hGroup, 0, buffer, 0)).toBe(997);
    expect(connection.submitted[1]?.input).toBeUndefined();
  });

  it('answers 87 without calling the cluster for a size past the buffer, a size with no buffer, or a non-DWORD size', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hResource } = await openAll(connection);
    expect(await api.OfflineClusterGroupEx(hGroup, 0, new Uint8Array(4), 5)).toBe(87);
    expect(await api.OfflineClusterResourceEx(hResource, 0, null, 4)).toBe(87);
    expect(await api.OnlineClusterResourceEx(hResource, 0, new Uint8Array(4), -1)).toBe(87);
    expect(await api.OnlineClusterGroupEx(hGroup, null, 0, new Uint8Array(4), 2.5)).toBe(87);
    expect(connection.submitted).toHaveLength(0);
  });

  it('passes flags through untouched for the cluster to judge', async () => {
    const connection = new RecordingConnection();
    const { hResource } = await openAll(connection);
    await api.OfflineClusterResourceEx(hResource, 0xdead, null, 0);
    expect(connection.submitted[0]).toMatchObject({ kind: 'offline-resource', target: 'R', flags: 0xdead, access: 'full' });
  });
});

describe('state calls', () => {
  it('fill the out-objects and answer the state', async () => {
    const { hGroup, hResource, hNode } = await openAll(new RecordingConnection());
    const node = { value: 'x' };
    expect(await api.GetClusterGroupState(hGroup, node)).toBe(api.ClusterGroupPartialOnline);
    expect(node.value).toBe('n1');
    const group = { value: '' };
    expect(await api.GetClusterResourceState(hResource, node, group)).toBe(api.ClusterResourceOfflinePending);
    expect([node.value, group.value]).toEqual(['', 'G']);
    expect(await api.GetClusterNodeState(hNode)).toBe(api.ClusterNodePaused);
  });
});

describe('moves and cancel', () => {
  it('sends the destination by canonical name, or none for NULL, with flags and input untouched', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hNode } = await openAll(connection);
    expect(await api.MoveClusterGroup(hGroup, null)).toBe(997);
    expect(await api.MoveClusterGroupEx(hGroup, hNode, api.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED | 0x40, new Uint8Array([1, 2, 3]), 2)).toBe(997);
    expect(await api.CancelClusterGroupOperation(hGroup, 7)).toBe(997);
    expect(connection.submitted).toMatchObject([
      { kind: 'move-group', target: 'G', flags: 0, access: 'full' },
      { kind: 'move-group', target: 'G', flags: 0x44, destinationNode: 'n1' },
      { kind: 'cancel-group', target: 'G', flags: 7 },
    ]);
    expect(connection.submitted[0]?.destinationNode).toBeUndefined();
    expect([...(connection.submitted[1]?.input ?? [])]).toEqual([1, 2]);
  });

  it('answers 6 for bad group or node handles and 87 for a bad size, without calling the cluster', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hResource, hNode } = await openAll(connection);
    const other = await openAll(new RecordingConnection('Other'));
    expect(await api.MoveClusterGroup(hResource as never, hNode)).toBe(6);
    expect(await api.MoveClusterGroup(hGroup, other.hNode)).toBe(6);
    expect(await api.MoveClusterGroupEx(hGroup, hGroup as never, 0, null, 0)).toBe(6);
    expect(await api.MoveClusterGroupEx(hGroup, null, 0, null, 3)).toBe(87);
    expect(await api.CancelClusterGroupOperation(null, 0)).toBe(6);
    expect(connection.submitted).toHaveLength(0);
  });

  it('answers 5012 for a group that left the cluster after its handle was opened', async () => {
    const connection = new RecordingConnection();
    const { hGroup } = await openAll(connection);
    connection.objects.delete('group:g');
    expect(await api.MoveClusterGroup(hGroup)).toBe(5012);
    expect(await api.CancelClusterGroupOperation(hGroup, 0)).toBe(5012);
  });
});

describe('node pause and resume', () => {
  it('sends the node by canonical name with the handle\'s access; plain calls neither drain nor fail back', async () => {
    const connection = new RecordingConnection();
    const { hNode } = await openAll(connection);
    expect(await api.PauseClusterNode(hNode)).toBe(997);
    expect(await api.PauseClusterNodeEx(hNode, 1, api.CLUSAPI_NODE_AVOID_PLACEMENT, null)).toBe(997);
    expect(await api.ResumeClusterNode(hNode)).toBe(997);
    expect(await api.ResumeClusterNodeEx(hNode, api.FailbackGroupsPerPolicy, api.CLUSAPI_NODE_RESUME_FAILBACK_STORAGE)).toBe(997);
    expect(connection.nodeCommands).toEqual([
      { kind: 'pause-node', node: 'n1', drain: false, flags: 0, access: 'full' },
      { kind: 'pause-node', node: 'n1', drain: true, flags: 2, access: 'full' },
      { kind: 'resume-node', node: 'n1', failback: 0, flags: 0, access: 'full' },
      { kind: 'resume-node', node: 'n1', failback: 2, flags: 1, access: 'full' },
    ]);
  });

  it('answers 6 for a bad node handle, and 87 for a drain target (placement chooses where groups go)', async () => {
    const connection = new RecordingConnection();
    const { hGroup, hNode } = await openAll(connection);
    const other = await openAll(new RecordingConnection('Other'));
    expect(await api.PauseClusterNode(hGroup as never)).toBe(6);
    expect(await api.ResumeClusterNodeEx(null, 0, 0)).toBe(6);
    expect(await api.PauseClusterNodeEx(hNode, true, 0, other.hNode)).toBe(6);
    expect(await api.PauseClusterNodeEx(hNode, true, 0, hNode)).toBe(87);
    expect(connection.nodeCommands).toHaveLength(0);
  });
});
