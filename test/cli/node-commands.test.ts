/**
 * Transcripts of `wolfpack node list|state|pause|resume` against a real server: a daemon alone
 * (node2 configured but Down; pause and resume answer 5005), and one with a stand-in cluster layer
 * that leads from node2 and accepts pauses, to show the accepted answers and what the CLI sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterControl, NodeCommandResult } from '../../src/api/deps.js';
import { NodeState } from '../../src/core/states.js';
import { startServer, type CliServer } from './support/server.js';

const YAML = `
cluster: Demo
nodes: [node1, node2]
groups:
  G:
    resources:
      Disk: { type: dummy }
`;

let server: CliServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

class AcceptingCluster implements ClusterControl {
  readonly secret = 'x';
  readonly calls: unknown[] = [];
  forwardTarget(): null {
    return null;
  }
  leader(): string {
    return 'node2';
  }
  nodeUrl(node: string): string | null {
    return node === 'node2' ? 'http://10.0.0.2:7420' : 'http://10.0.0.1:7420';
  }
  pauseNode(node: string, options: unknown): Promise<NodeCommandResult> {
    this.calls.push(['pause', node, options]);
    return Promise.resolve({ code: 997, name: 'ERROR_IO_PENDING', detail: null, operation: 'op-node2-000004' });
  }
  resumeNode(node: string, options: unknown): Promise<NodeCommandResult> {
    this.calls.push(['resume', node, options]);
    return Promise.resolve({ code: 0, name: 'ERROR_SUCCESS', detail: null, operation: 'op-node2-000005' });
  }
}

describe('wolfpack node list and state', () => {
  it('lists every node with its state, leader mark, pause and address; one node as text or JSON', async () => {
    server = await startServer(YAML);
    server.engine.setNodeState('node2', NodeState.Down);
    const list = await server.run('node', 'list');
    expect([list.code, list.stdout]).toEqual([0, ['NODE   STATE  LEADER  PAUSED  URL', 'node1  Up     yes     no      -', 'node2  Down   no      no      -', ''].join('\n')]);
    const json = await server.run('node', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null },
      { name: 'node2', state: 1, stateName: 'ClusterNodeDown', leader: false, paused: false, url: null },
    ]);
    expect((await server.run('node', 'state', 'NODE1')).stdout).toBe('node node1: Up (leader)\n');
    expect(JSON.parse((await server.run('node', 'state', 'node2', '--json')).stdout)).toEqual({ state: 1, name: 'ClusterNodeDown', leader: false, paused: false, url: null });
    const unknown = await server.run('node', 'state', 'node9');
    expect([unknown.code, unknown.stderr]).toEqual([4, "error: 5042 ERROR_CLUSTER_NODE_NOT_FOUND: no node named 'node9'\n"]);
  });

  it('shows the leader and addresses the cluster layer knows', async () => {
    server = await startServer(YAML, { cluster: new AcceptingCluster() });
    server.engine.setNodeState('node2', NodeState.Paused);
    const list = await server.run('node', 'list');
    expect(list.stdout).toBe(['NODE   STATE   LEADER  PAUSED  URL', 'node1  Up      no      no      http://10.0.0.1:7420', 'node2  Paused  yes     yes     http://10.0.0.2:7420', ''].join('\n'));
    expect((await server.run('node', 'state', 'node2')).stdout).toBe('node node2: Paused (leader, http://10.0.0.2:7420)\n');
  });
});

describe('wolfpack node pause and resume', () => {
  it('answers 5005 (exit 8) on a daemon alone, after the node and flag checks', async () => {
    server = await startServer(YAML);
    const pause = await server.run('node', 'pause', 'node2');
    expect(pause.code).toBe(8);
    expect(pause.stderr).toMatch(/^error: 5005 ERROR_HOST_NODE_NOT_AVAILABLE: node commands need a cluster \(wolfpack serve --store etcd:\/\/\.\.\.\)/);
    expect((await server.run('node', 'resume', 'node2', '--failback', 'immediate')).code).toBe(8);
    expect((await server.run('node', 'pause', 'node9')).code).toBe(4);
    const badName = await server.run('node', 'pause', 'node2', '--flags', 'AVOID_PLACEMENT,NOPE');
    expect(badName.code).toBe(5);
    expect(badName.stderr).toContain("  /flags/1: 87 ERROR_INVALID_PARAMETER: 'NOPE' is not a flag of PauseClusterNodeEx");
    expect((await server.run('node', 'pause', 'node2', '--flags', '0x8')).code).toBe(5);
    const failback = await server.run('node', 'resume', 'node2', '--failback', 'sometimes');
    expect([failback.code, failback.stderr]).toEqual([5, 'error: 87 ERROR_INVALID_PARAMETER: --failback must be one of none, immediate, policy; not "sometimes"\n']);
    expect((await server.run('node', 'pause', 'node2', '--token', server.read)).code).toBe(3);
  });

  it('sends drain, flags and failback to the cluster layer and prints its answer', async () => {
    const cluster = new AcceptingCluster();
    server = await startServer(YAML, { cluster });
    const pause = await server.run('node', 'pause', 'node2', '--no-drain', '--flags', 'AVOID_PLACEMENT|RETRY_DRAIN_ON_FAILURE');
    expect([pause.code, pause.stdout, pause.stderr]).toEqual([0, 'node node2: pause accepted (997 ERROR_IO_PENDING, operation op-node2-000004)\n', '']);
    await server.run('node', 'pause', 'node1', '--flags', '1');
    const resume = await server.run('node', 'resume', 'node2', '--failback', 'policy');
    expect(resume.stdout).toBe('node node2: resumed (0 ERROR_SUCCESS, operation op-node2-000005)\n');
    await server.run('node', 'resume', 'node2');
    expect(JSON.parse((await server.run('node', 'resume', 'node2', '--json')).stdout)).toMatchObject({ code: 0, operation: 'op-node2-000005' });
    expect(cluster.calls).toEqual([
      ['pause', 'node2', { flags: 6, drain: false }],
      ['pause', 'node1', { flags: 1, drain: true }],
      ['resume', 'node2', { failback: 2, flags: 0 }],
      ['resume', 'node2', { failback: 0, flags: 0 }],
      ['resume', 'node2', { failback: 0, flags: 0 }],
    ]);
  });
});
