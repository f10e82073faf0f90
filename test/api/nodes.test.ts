/**
 * Nodes over HTTP: the views (state from the engine, leader and address from the cluster layer, or
 * the daemon alone as its own leader), GET /v1/nodes/:name, and PauseClusterNodeEx /
 * ResumeClusterNodeEx with and without a cluster layer. The cluster layer here is a recording
 * stand-in for src/cluster: what the API hands it (canonical node, flags, drain, failback, caller,
 * client) and how its answers come back is what these tests are about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterControl, NodeCommandResult } from '../../src/api/deps.js';
import type { Caller } from '../../src/core/commands.js';
import { NodeState } from '../../src/core/states.js';
import { get, post, startApi, yamlOf, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const YAML = yamlOf({ G: { Disk: {} } }).replace('- node1', '- node1\n  - node2');

interface Call {
  readonly what: 'pause' | 'resume';
  readonly node: string;
  readonly options: unknown;
  readonly caller: Caller;
  readonly client: string;
}

class RecordingCluster implements ClusterControl {
  readonly secret = 's3cret';
  readonly calls: Call[] = [];
  answer: NodeCommandResult = { code: 997, name: 'ERROR_IO_PENDING', detail: null, operation: 'op-node2-000007' };

  forwardTarget(): null {
    return null;
  }

  leader(): string | null {
    return 'node2';
  }

  nodeUrl(node: string): string | null {
    return node === 'node2' ? 'http://127.0.0.1:7422' : null;
  }

  pauseNode(node: string, options: { flags: number; drain: boolean }, caller: Caller, client: string): Promise<NodeCommandResult> {
    this.calls.push({ what: 'pause', node, options, caller, client });
    return Promise.resolve(this.answer);
  }

  resumeNode(node: string, options: { failback: number; flags: number }, caller: Caller, client: string): Promise<NodeCommandResult> {
    this.calls.push({ what: 'resume', node, options, caller, client });
    return Promise.resolve(this.answer);
  }
}

describe('node views', () => {
  it('shows a daemon alone as its own leader with no addresses, and one node by name in any casing', async () => {
    api = await startApi({ yaml: () => YAML });
    api.engine.setNodeState('node2', NodeState.Down);
    expect((await get(api.app, '/v1/nodes', api.read)).json()).toEqual([
      { name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null },
      { name: 'node2', state: 1, stateName: 'ClusterNodeDown', leader: false, paused: false, url: null },
    ]);
    expect((await get(api.app, '/v1/nodes/NODE2', api.read)).json()).toMatchObject({ name: 'node2', state: 1 });
    const unknown = await get(api.app, '/v1/nodes/node9', api.read);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 5042, name: 'ERROR_CLUSTER_NODE_NOT_FOUND' });
    expect((await get(api.app, '/v1/nodes/node1')).statusCode).toBe(401);
  });

  it('takes the leader and addresses from the cluster layer, and Paused from the engine', async () => {
    api = await startApi({ yaml: () => YAML, cluster: new RecordingCluster() });
    api.engine.setNodeState('node2', NodeState.Paused);
    expect((await get(api.app, '/v1/nodes/node2', api.read)).json()).toEqual({ name: 'node2', state: 2, stateName: 'ClusterNodePaused', leader: true, paused: true, url: 'http://127.0.0.1:7422' });
    expect((await get(api.app, '/v1/cluster', api.read)).json<{ nodes: unknown[] }>().nodes).toEqual([
      { name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: false, paused: false, url: null },
      { name: 'node2', state: 2, stateName: 'ClusterNodePaused', leader: true, paused: true, url: 'http://127.0.0.1:7422' },
    ]);
  });
});

describe('POST /v1/nodes/:name/pause and /resume', () => {
  it('answers 5005 without a cluster, after the node (5042) and flag (87) checks', async () => {
    api = await startApi({ yaml: () => YAML });
    const alone = await post(api.app, '/v1/nodes/node2/pause', api.full);
    expect(alone.statusCode).toBe(409);
    expect(alone.json()).toMatchObject({ code: 5005, name: 'ERROR_HOST_NODE_NOT_AVAILABLE', operation: null });
    expect(alone.json<{ message: string }>().message).toContain('--store etcd://');
    expect((await post(api.app, '/v1/nodes/node1/resume', api.full, { failback: 'immediate' })).json()).toMatchObject({ code: 5005 });
    const unknown = await post(api.app, '/v1/nodes/node9/pause', api.full, {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 5042, operation: null });
    expect((await post(api.app, '/v1/nodes/node2/pause', api.full, { flags: ['AVOID_PLACEMENT', 'QUEUE_ENABLED'] })).json()).toMatchObject({ code: 87, issues: [{ path: '/flags/1' }] });
    expect((await post(api.app, '/v1/nodes/node2/pause', api.full, { flags: 8 })).json()).toMatchObject({ code: 87, issues: [{ path: '/flags' }] });
    expect((await post(api.app, '/v1/nodes/node2/resume', api.full, { failback: 'sometimes' })).json()).toMatchObject({ code: 87, issues: [{ path: '/failback' }] });
    expect((await post(api.app, '/v1/nodes/node2/resume', api.full, { failback: 3 })).json()).toMatchObject({ code: 87, issues: [{ path: '/failback' }] });
    const read = await post(api.app, '/v1/nodes/node2/pause', api.read);
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ code: 5, operation: null });
    // Counted as today's commands are: the coded answers (5005 here), not request errors.
    const metrics = (await get(api.app, '/metrics', api.read)).body;
    expect(metrics).toContain('wolfpack_operations_total{kind="pause-node",outcome="rejected"} 1');
    expect(metrics).toContain('wolfpack_operations_total{kind="resume-node",outcome="rejected"} 1');
  });

  it('hands the cluster layer the canonical node, flags, drain, failback, caller and client, and answers with its code', async () => {
    const cluster = new RecordingCluster();
    api = await startApi({ yaml: () => YAML, cluster });
    const paused = await api.app.inject({ method: 'POST', url: '/v1/nodes/NODE2/pause', headers: { authorization: `Bearer ${api.full}`, 'x-wolfpack-client': 'cli' }, payload: { flags: ['AVOID_PLACEMENT'], drain: false } });
    expect(paused.statusCode).toBe(202);
    expect(paused.json()).toEqual({ code: 997, name: 'ERROR_IO_PENDING', message: 'Accepted: the operation is running.', operation: 'op-node2-000007' });
    await post(api.app, '/v1/nodes/node2/pause', api.full);
    await post(api.app, '/v1/nodes/node2/resume', api.full, { failback: 'policy', flags: 1 });
    await post(api.app, '/v1/nodes/node2/resume', api.full, { failback: 1 });
    await post(api.app, '/v1/nodes/node2/resume', api.full);
    const admin = { principal: 'admin', access: 'full' };
    expect(cluster.calls).toEqual([
      { what: 'pause', node: 'node2', options: { flags: 2, drain: false }, caller: admin, client: 'cli' },
      { what: 'pause', node: 'node2', options: { flags: 0, drain: true }, caller: admin, client: 'api' },
      { what: 'resume', node: 'node2', options: { failback: 2, flags: 1 }, caller: admin, client: 'api' },
      { what: 'resume', node: 'node2', options: { failback: 1, flags: 0 }, caller: admin, client: 'api' },
      { what: 'resume', node: 'node2', options: { failback: 0, flags: 0 }, caller: admin, client: 'api' },
    ]);

    cluster.answer = { code: 5070, name: 'ERROR_CLUSTER_NODE_PAUSED', detail: '5070 ERROR_CLUSTER_NODE_PAUSED: node2 is already paused', operation: 'op-node2-000008' };
    const refused = await post(api.app, '/v1/nodes/node2/pause', api.full);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: 5070, name: 'ERROR_CLUSTER_NODE_PAUSED', message: '5070 ERROR_CLUSTER_NODE_PAUSED: node2 is already paused', operation: 'op-node2-000008' });
  });
});
