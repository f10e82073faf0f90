/**
 * MoveClusterGroupEx and CancelClusterGroupOperation over HTTP against a real engine with real
 * resource hosts (a cluster of node1 and node2 where this engine is node1 and runs alone): every
 * admission answer with its HTTP status, flags by name and number, the move's dry run, and the
 * request errors the API answers itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandAnswer } from '../../src/client/contract.js';
import { GroupState, NodeState } from '../../src/core/states.js';
import { get, onlineGroup, post, startApi, yamlOf, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

type Answer = CommandAnswer;

/** G: App -> Disk; node2 exists in the configuration, so it can be named (and is Down unless a test says). */
function twoNodes(): Promise<TestApi> {
  const yaml = yamlOf({ G: { Disk: {}, App: { dependsOn: ['Disk'] } } }).replace('- node1', '- node1\n  - node2');
  return startApi({ yaml: () => yaml });
}

describe('POST /v1/groups/:name/move', () => {
  it('answers 0 with an operation id for a move to the node that owns the group', async () => {
    api = await twoNodes();
    await onlineGroup(api.engine, 'G');
    const res = await post(api.app, '/v1/groups/g/move', api.full, { to: 'NODE1' });
    expect(res.statusCode).toBe(200);
    const answer = res.json<Answer>();
    expect(answer).toMatchObject({ code: 0, name: 'ERROR_SUCCESS', operation: expect.stringMatching(/^op-/) });
    expect(api.engine.operation(answer.operation as string)).toMatchObject({ kind: 'move-group', target: 'G', actor: 'admin', outcome: 'nothing-to-do' });
    expect(api.engine.groupState('G')).toBe(GroupState.Online);
  });

  it('answers 5042 (404) for an unknown node and 5005 (409) for a Down one, both recorded', async () => {
    api = await twoNodes();
    await onlineGroup(api.engine, 'G');
    const unknown = await post(api.app, '/v1/groups/G/move', api.full, { to: 'node9' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Answer>()).toMatchObject({ code: 5042, name: 'ERROR_CLUSTER_NODE_NOT_FOUND', operation: expect.stringMatching(/^op-/) });
    expect(api.engine.operation(unknown.json<Answer>().operation as string)).toMatchObject({ outcome: 'rejected', code: 5042 });

    api.engine.setNodeState('node2', NodeState.Down);
    const down = await post(api.app, '/v1/groups/G/move', api.full, { to: 'node2' });
    expect(down.statusCode).toBe(409);
    expect(down.json<Answer>()).toMatchObject({ code: 5005, name: 'ERROR_HOST_NODE_NOT_AVAILABLE' });
    // No destination: the cluster picks, and there is no other node that is Up.
    const anywhere = await post(api.app, '/v1/groups/G/move', api.full, { to: null });
    expect(anywhere.json<Answer>()).toMatchObject({ code: 5005 });
    expect(api.engine.groupState('G')).toBe(GroupState.Online);
  });

  it('answers 87 for IGNORE_RESOURCE_STATUS with QUEUE_ENABLED, by names or by number, recorded by the engine', async () => {
    api = await twoNodes();
    const byName = await post(api.app, '/v1/groups/G/move', api.full, { to: 'node1', flags: ['IGNORE_RESOURCE_STATUS', 'CLUSAPI_GROUP_MOVE_QUEUE_ENABLED'] });
    expect(byName.statusCode).toBe(400);
    expect(byName.json<Answer>()).toMatchObject({ code: 87, operation: expect.stringMatching(/^op-/) });
    expect(api.engine.operation(byName.json<Answer>().operation as string)).toMatchObject({ flags: 5, outcome: 'rejected' });
    const byNumber = await post(api.app, '/v1/groups/G/move', api.full, { flags: 0x40 });
    expect(byNumber.json<Answer>()).toMatchObject({ code: 87, operation: expect.stringMatching(/^op-/) });
  });

  it('answers an unknown flag name, a wrong type or an offline-only field with 87 and its JSON path, unrecorded', async () => {
    api = await twoNodes();
    const before = api.engine.listOperations().length;
    const name = await post(api.app, '/v1/groups/G/move', api.full, { flags: ['QUEUE_ENABLED', 'FORCE_WITH_TERMINATION'] });
    expect(name.statusCode).toBe(400);
    expect(name.json<Answer>()).toMatchObject({ code: 87, operation: null, issues: [{ path: '/flags/1', code: 87 }] });
    expect(name.json<Answer>().issues?.[0]?.message).toContain('RETURN_TO_SOURCE_NODE_ON_ERROR');
    expect((await post(api.app, '/v1/groups/G/move', api.full, { to: 2 })).json<Answer>()).toMatchObject({ code: 87, issues: [{ path: '/to' }] });
    expect((await post(api.app, '/v1/groups/G/move', api.full, { reason: 'user' })).json<Answer>()).toMatchObject({ code: 87, issues: [{ path: '/reason' }] });
    expect(api.engine.listOperations().length).toBe(before);
  });

  it('answers 5013 for an unknown group and 5 for a Read principal, both recorded', async () => {
    api = await twoNodes();
    const unknown = await post(api.app, '/v1/groups/Nope/move', api.full, { to: 'node1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Answer>()).toMatchObject({ code: 5013 });
    const read = await post(api.app, '/v1/groups/G/move', api.read, { to: 'node1' });
    expect(read.statusCode).toBe(403);
    expect(api.engine.operation(read.json<Answer>().operation as string)).toMatchObject({ kind: 'move-group', actor: 'viewer', code: 5 });
  });

  it('shows a move\'s plan in a dry run and changes nothing', async () => {
    api = await twoNodes();
    await onlineGroup(api.engine, 'G');
    const operations = api.engine.listOperations().length;
    const lastEvent = api.engine.lastEventSeq;
    const res = await post(api.app, '/v1/groups/G/move', api.full, { to: 'node2', flags: ['RETURN_TO_SOURCE_NODE_ON_ERROR'], plan: true });
    const answer = res.json<Answer>();
    expect(answer).toMatchObject({ code: 997, operation: null, plan: { code: 997, move: { from: 'node1', to: 'node2', queued: false } } });
    expect(answer.plan?.steps.map((s) => [s.action, s.resource])).toEqual([
      ['offline', 'App'],
      ['offline', 'Disk'],
    ]);
    expect(answer.plan?.text).toMatch(/^command: move-group G/);
    expect(api.engine.listOperations().length).toBe(operations);
    expect(api.engine.lastEventSeq).toBe(lastEvent);
    expect(api.engine.groupState('G')).toBe(GroupState.Online);
  });
});

describe('POST /v1/groups/:name/cancel', () => {
  it('answers 87 for reserved flags and 5023 when the group is not moving, both recorded', async () => {
    api = await twoNodes();
    const flags = await post(api.app, '/v1/groups/G/cancel', api.full, { flags: 1 });
    expect(flags.statusCode).toBe(400);
    expect(flags.json<Answer>()).toMatchObject({ code: 87, operation: expect.stringMatching(/^op-/) });
    const idle = await post(api.app, '/v1/groups/G/cancel', api.full);
    expect(idle.statusCode).toBe(409);
    expect(idle.json<Answer>()).toMatchObject({ code: 5023, name: 'ERROR_INVALID_STATE' });
    expect(api.engine.operation(idle.json<Answer>().operation as string)).toMatchObject({ kind: 'cancel-group', target: 'G', outcome: 'rejected' });
    // The reserved word takes no names and no input buffer.
    expect((await post(api.app, '/v1/groups/G/cancel', api.full, { flags: ['X'] })).json<Answer>()).toMatchObject({ code: 87, issues: [{ path: '/flags' }] });
    expect((await post(api.app, '/v1/groups/G/cancel', api.full, { properties: {} })).json<Answer>()).toMatchObject({ code: 87, issues: [{ path: '/properties' }] });
  });

  it('is listed in the operation log by kind', async () => {
    api = await twoNodes();
    await post(api.app, '/v1/groups/G/cancel', api.full);
    await post(api.app, '/v1/groups/G/move', api.full, { to: 'node1' });
    const cancels = (await get(api.app, '/v1/operations?kind=cancel-group', api.read)).json<Array<{ kind: string; code: number }>>();
    expect(cancels).toEqual([expect.objectContaining({ kind: 'cancel-group', code: 5023 })]);
    const moves = (await get(api.app, '/v1/operations?kind=move-group', api.read)).json<Array<{ kind: string; destinationNode: string | null }>>();
    expect(moves).toEqual([expect.objectContaining({ kind: 'move-group', destinationNode: 'node1' })]);
  });
});
