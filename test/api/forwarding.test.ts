/**
 * Forwarding between two real API servers listening on 127.0.0.1, each over its own real engine
 * with resource host processes: node1's server is told (by its stand-in cluster layer) that node2
 * owns the groups, so it sends group and resource commands there with the caller's principal,
 * signed with the cluster secret; node2 believes the secret, records the operation with the
 * forwarded principal, and its answer comes back unchanged. A forwarded request is never forwarded
 * again; a wrong secret is 401; an owner out of reach is 5050.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterControl, ForwardTarget, NodeCommandResult } from '../../src/api/deps.js';
import { GroupState } from '../../src/core/states.js';
import { post, startApi, yamlOf, type TestApi } from './support.js';

const SECRET = 'cluster-secret-of-the-test';
const YAML = yamlOf({ G: { Disk: {}, App: { dependsOn: ['Disk'] } } }).replace('- node1', '- node1\n  - node2');

/** The cluster layer as the API sees it: this test says who owns what. */
class StandInCluster implements ClusterControl {
  owner: ForwardTarget | null = null;
  constructor(readonly secret: string) {}
  forwardTarget(): ForwardTarget | null {
    return this.owner;
  }
  leader(): string | null {
    return 'node1';
  }
  nodeUrl(): string | null {
    return null;
  }
  pauseNode(): Promise<NodeCommandResult> {
    return Promise.reject(new Error('not used'));
  }
  resumeNode(): Promise<NodeCommandResult> {
    return Promise.reject(new Error('not used'));
  }
}

let one: TestApi;
let two: TestApi;
let first: StandInCluster;
let second: StandInCluster;
let twoUrl: string;
let oneUrl: string;

beforeEach(async () => {
  first = new StandInCluster(SECRET);
  second = new StandInCluster(SECRET);
  one = await startApi({ yaml: () => YAML, cluster: first, localNode: 'node1' });
  two = await startApi({ yaml: () => YAML, cluster: second, localNode: 'node2' });
  oneUrl = await one.app.listen({ host: '127.0.0.1', port: 0 });
  twoUrl = await two.app.listen({ host: '127.0.0.1', port: 0 });
  first.owner = { url: twoUrl, node: 'node2', secret: SECRET };
});

afterEach(async () => {
  await one.close();
  await two.close();
});

async function send(url: string, path: string, headers: Record<string, string>, body: unknown = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('forwarding to the owner', () => {
  it('runs the command on the owner, recorded there with the caller\'s principal and client, and answers with its answer', async () => {
    // node2 would send it back to node1 if forwarded requests were forwarded again.
    second.owner = { url: oneUrl, node: 'node1', secret: SECRET };
    const before = one.engine.listOperations().length;
    const res = await send(oneUrl, '/v1/groups/g/online', { authorization: `Bearer ${one.full}`, 'x-wolfpack-client': 'cli' }, { flags: 0 });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-wolfpack-answered-by')).toBe('node2');
    expect(res.json).toMatchObject({ code: 997, name: 'ERROR_IO_PENDING', operation: expect.stringMatching(/^op-/) });
    const op = await two.engine.waitForOperation(res.json['operation'] as string);
    expect(op).toMatchObject({ kind: 'online-group', target: 'G', actor: 'admin', client: 'cli', outcome: 'succeeded' });
    expect(two.engine.groupState('G')).toBe(GroupState.Online);
    expect(one.engine.listOperations().length).toBe(before);
    expect(one.engine.groupState('G')).toBe(GroupState.Offline);
  });

  it('forwards resource commands by their group, dry runs too, and Read principals to be refused and recorded there', async () => {
    const plan = await send(oneUrl, '/v1/resources/disk/online', { authorization: `Bearer ${one.full}` }, { plan: true });
    expect(plan.status).toBe(202);
    expect(plan.json).toMatchObject({ code: 997, operation: null, plan: { code: 997 } });
    expect((plan.json['plan'] as { text: string }).text).toContain('caller=admin(full)');

    const read = await send(oneUrl, '/v1/resources/Disk/online', { authorization: `Bearer ${one.read}` });
    expect(read.status).toBe(403);
    expect(two.engine.operation(read.json['operation'] as string)).toMatchObject({ actor: 'viewer', code: 5, outcome: 'rejected' });

    const move = await send(oneUrl, '/v1/groups/G/move', { authorization: `Bearer ${one.full}` }, { to: 'node2' });
    expect(move.status).toBe(200);
    expect(two.engine.operation(move.json['operation'] as string)).toMatchObject({ kind: 'move-group', actor: 'admin', outcome: 'nothing-to-do' });
  });

  it('answers unknown names itself: there is no owner to ask', async () => {
    const res = await post(one.app, '/v1/groups/Nope/online', one.full, {});
    expect(res.statusCode).toBe(404);
    expect(one.engine.operation(res.json<{ operation: string }>().operation)).toMatchObject({ code: 5013 });
  });

  it('answers 5050 (503) naming the owner when it cannot be reached, and counts it', async () => {
    first.owner = { url: 'http://127.0.0.1:1', node: 'node2', secret: SECRET };
    const res = await post(one.app, '/v1/groups/G/offline', one.full, {});
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 5050, name: 'ERROR_CLUSTER_NODE_DOWN', operation: null });
    expect(res.json<{ message: string }>().message).toContain("owned by node node2, which cannot be reached");
    const metrics = await one.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${one.read}` } });
    expect(metrics.body).toContain('wolfpack_operations_total{kind="offline-group",outcome="rejected"} 1');
  });
});

describe('the receiving side', () => {
  it('answers 401 with code 5 for a wrong secret, whether forwarded by a node or sent directly', async () => {
    first.owner = { url: twoUrl, node: 'node2', secret: 'not-the-secret' };
    const forwarded = await send(oneUrl, '/v1/groups/G/online', { authorization: `Bearer ${one.full}` });
    expect(forwarded.status).toBe(401);
    expect(forwarded.json).toMatchObject({ code: 5, name: 'ERROR_ACCESS_DENIED' });
    const direct = await send(twoUrl, '/v1/groups/G/online', { 'x-wolfpack-cluster-secret': 'guess', 'x-wolfpack-forwarded-principal': 'root', 'x-wolfpack-forwarded-access': 'full' });
    expect(direct.status).toBe(401);
    const noPrincipal = await send(twoUrl, '/v1/groups/G/online', { 'x-wolfpack-cluster-secret': SECRET });
    expect(noPrincipal.status).toBe(401);
    expect(two.engine.listOperations()).toEqual([]);
  });

  it('acts for the forwarded principal with the forwarded access (via: forwarded), percent-decoded', async () => {
    const headers = { 'x-wolfpack-cluster-secret': SECRET, 'x-wolfpack-forwarded-principal': encodeURIComponent('local:jörg'), 'x-wolfpack-forwarded-access': 'read' };
    const who = await two.app.inject({ method: 'GET', url: '/v1/whoami', headers });
    expect(who.json()).toEqual({ principal: 'local:jörg', access: 'read', via: 'forwarded' });
    const config = await two.app.inject({ method: 'GET', url: '/v1/tokens', headers });
    expect(config.statusCode).toBe(403);
  });

  it('refuses a secret on a daemon without a cluster', async () => {
    const alone = await startApi();
    try {
      const res = await alone.app.inject({ method: 'GET', url: '/v1/whoami', headers: { 'x-wolfpack-cluster-secret': SECRET, 'x-wolfpack-forwarded-principal': 'a', 'x-wolfpack-forwarded-access': 'full' } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 5 });
    } finally {
      await alone.close();
    }
  });
});
