/**
 * The read routes against a real engine: cluster, nodes, groups, resources and their states
 * (views as the contract shapes them), the operation log with its filters, configuration get and
 * apply, /metrics in the Prometheus format, and the OpenAPI document listing every route.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterView, GroupView, OperationView, ResourceView } from '../../src/client/contract.js';
import { get, onlineGroup, post, startApi, yamlOf, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('read views', () => {
  it('shows the cluster, nodes, groups and resources as the contract shapes them', async () => {
    api = await startApi({
      yaml: () =>
        yamlOf({
          G: {
            Disk: {},
            Cache: {},
            Net: {},
            Db: { dependsOn: '[Disk] and ([Cache] or [Net])', properties: { OnlineDelayMs: 0 }, PendingTimeout: 60000 },
          },
        }),
    });
    await onlineGroup(api.engine, 'G');
    const cluster = (await get(api.app, '/v1/cluster', api.read)).json<ClusterView>();
    expect(cluster).toMatchObject({ name: 'Test', nodes: [{ name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null }], configRevision: 0, lastEventId: api.engine.lastEventSeq });
    expect(cluster.groups.map((g) => g.name)).toEqual(['G']);

    expect((await get(api.app, '/v1/nodes', api.read)).json()).toEqual([{ name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null }]);

    const group = (await get(api.app, '/v1/groups/g', api.read)).json<GroupView>();
    expect(group).toMatchObject({ name: 'G', state: 0, stateName: 'ClusterGroupOnline', owner: 'node1', persistentState: 1, preferredOwners: [], locked: false, moving: false });
    expect(group.resources.map((r) => r.name)).toEqual(['Disk', 'Cache', 'Net', 'Db']);
    expect((await get(api.app, '/v1/groups', api.read)).json<GroupView[]>()).toHaveLength(1);

    const db = (await get(api.app, '/v1/resources/DB', api.read)).json<ResourceView>();
    expect(db).toEqual({
      name: 'Db',
      group: 'G',
      type: 'dummy',
      state: 2,
      stateName: 'ClusterResourceOnline',
      persistentState: 1,
      locked: false,
      lockedReason: null,
      failureReason: null,
      owner: 'node1',
      dependsOn: '[Disk] and ([Cache] or [Net])',
      providers: ['Disk', 'Cache', 'Net'],
      operation: null,
      properties: { OnlineDelayMs: 0 },
      common: expect.objectContaining({ PendingTimeout: 60000, RestartAction: 2 }) as Record<string, number>,
    });
    expect((await get(api.app, '/v1/resources', api.read)).json<ResourceView[]>().map((r) => r.name)).toEqual(['Disk', 'Cache', 'Net', 'Db']);

    expect((await get(api.app, '/v1/groups/G/state', api.read)).json()).toEqual({ state: 0, name: 'ClusterGroupOnline', owner: 'node1' });
    expect((await get(api.app, '/v1/resources/disk/state', api.read)).json()).toEqual({ state: 2, name: 'ClusterResourceOnline', owner: 'node1', group: 'G' });
  });

  it('answers unknown names 404 with 5013 / 5007, and unknown routes 404 with 1168', async () => {
    api = await startApi();
    for (const url of ['/v1/groups/Nope', '/v1/groups/Nope/state']) expect((await get(api.app, url, api.read)).json()).toMatchObject({ code: 5013, name: 'ERROR_GROUP_NOT_FOUND' });
    for (const url of ['/v1/resources/Nope', '/v1/resources/Nope/state']) {
      const res = await get(api.app, url, api.read);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 5007, name: 'ERROR_RESOURCE_NOT_FOUND' });
    }
    const op = await get(api.app, '/v1/operations/op-999999', api.read);
    expect(op.statusCode).toBe(404);
    expect(op.json()).toMatchObject({ code: 1168 });
    const route = await get(api.app, '/v1/nothing-here', api.read);
    expect(route.statusCode).toBe(404);
    expect(route.json()).toMatchObject({ code: 1168, name: 'ERROR_NOT_FOUND' });
  });
});

describe('operation log', () => {
  it('lists newest first with filters, and shows one operation with its steps', async () => {
    api = await startApi();
    const on = await post(api.app, '/v1/groups/G/online', api.full, {});
    await api.engine.waitForOperation(on.json<{ operation: string }>().operation);
    await post(api.app, '/v1/groups/G/online', api.read, {});
    await post(api.app, '/v1/groups/Nope/offline', api.full, {});

    const all = (await get(api.app, '/v1/operations', api.read)).json<OperationView[]>();
    expect(all.map((o) => [o.kind, o.target, o.outcome])).toEqual([
      ['offline-group', 'Nope', 'rejected'],
      ['online-group', 'G', 'rejected'],
      ['online-group', 'G', 'succeeded'],
    ]);
    expect((await get(api.app, '/v1/operations?limit=1', api.read)).json<OperationView[]>()).toHaveLength(1);
    expect((await get(api.app, '/v1/operations?principal=viewer', api.read)).json<OperationView[]>().map((o) => o.code)).toEqual([5]);
    expect((await get(api.app, '/v1/operations?target=g&outcome=succeeded', api.read)).json<OperationView[]>()).toHaveLength(1);
    expect((await get(api.app, '/v1/operations?kind=offline-group', api.read)).json<OperationView[]>().map((o) => o.codeName)).toEqual(['ERROR_GROUP_NOT_FOUND']);
    expect((await get(api.app, '/v1/operations?limit=0', api.read)).json()).toMatchObject({ code: 87 });
    expect((await get(api.app, '/v1/operations?limit=ten', api.read)).json()).toMatchObject({ code: 87, issues: [{ path: 'querystring:/limit' }] });
    expect((await get(api.app, '/v1/operations?colour=red', api.read)).json()).toMatchObject({ code: 87, issues: [{ path: 'querystring:/colour' }] });

    const id = on.json<{ operation: string }>().operation;
    const one = (await get(api.app, `/v1/operations/${id}`, api.read)).json<OperationView>();
    expect(one).toMatchObject({ id, kind: 'online-group', target: 'G', actor: 'admin', client: 'api', flags: 0, reason: null, input: null, code: 997, codeName: 'ERROR_IO_PENDING', outcome: 'succeeded' });
    expect(one.steps.map((s) => [s.action, s.resource, s.status])).toEqual([
      ['online', 'Disk', 'succeeded'],
      ['online', 'Db', 'succeeded'],
      ['online', 'App', 'succeeded'],
    ]);
    expect(one.steps[1]).toMatchObject({ after: [0], exec: 'done', code: 0 });
  });
});

describe('configuration', () => {
  it('reads the YAML with its revision, previews and applies, and reports YAML errors with paths', async () => {
    api = await startApi();
    const initial = (await get(api.app, '/v1/config', api.read)).json<{ yaml: string; revision: number }>();
    expect(initial.yaml).toContain('cluster: Test');
    const next = initial.yaml.replace('cluster: Test', 'cluster: Renamed');
    const preview = await post(api.app, '/v1/config', api.full, { yaml: next, plan: true });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ code: 0, changed: false, diff: ['~ cluster "Test" -> "Renamed"'] });
    const applied = (await post(api.app, '/v1/config', api.full, { yaml: next })).json<{ changed: boolean; revision: number }>();
    expect(applied.changed).toBe(true);
    expect((await get(api.app, '/v1/config', api.read)).json()).toMatchObject({ revision: applied.revision });
    expect((await get(api.app, '/v1/cluster', api.read)).json()).toMatchObject({ configRevision: applied.revision });

    const bad = await post(api.app, '/v1/config', api.full, { yaml: 'cluster: X\nnodes: [n1]\ngroups:\n  G:\n    resources:\n      A: {type: dummy, dependsOn: [Missing]}\n' });
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ code: number; issues: Array<{ path: string; code: number }> }>();
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues[0]?.path).toMatch(/^groups\.G\.resources\.A\.dependsOn.*\(line \d+\)$/);
    expect((await post(api.app, '/v1/config', api.full, { yaml: 1 })).json()).toMatchObject({ code: 87, issues: [{ path: '/yaml' }] });
  });
});

describe('metrics and OpenAPI', () => {
  it('exposes Prometheus series for operations, durations, states, events and HTTP requests', async () => {
    api = await startApi();
    const on = await post(api.app, '/v1/groups/G/online', api.full, {});
    await api.engine.waitForOperation(on.json<{ operation: string }>().operation);
    await post(api.app, '/v1/groups/L/offline', api.full, {});
    await post(api.app, '/v1/groups/G/online', api.read, {});
    await get(api.app, '/v1/groups/G/state', api.read);
    const res = await get(api.app, '/metrics', api.read);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('# TYPE wolfpack_operations_total counter');
    expect(text).toContain('wolfpack_operations_total{kind="online-group",outcome="succeeded"} 1');
    expect(text).toContain('wolfpack_operations_total{kind="offline-group",outcome="nothing-to-do"} 1');
    expect(text).toContain('wolfpack_operations_total{kind="online-group",outcome="rejected"} 1');
    expect(text).toContain('# TYPE wolfpack_operation_duration_seconds histogram');
    expect(text).toMatch(/wolfpack_operation_duration_seconds_bucket\{kind="online-group",le="\+Inf"\} 1/);
    expect(text).toMatch(/wolfpack_operation_duration_seconds_count\{kind="online-group"\} 1/);
    expect(text).toContain('wolfpack_resources{state="Online"} 3');
    expect(text).toContain('wolfpack_resources{state="Offline"} 1');
    expect(text).toContain('wolfpack_groups{state="Online"} 1');
    expect(text).toMatch(/wolfpack_events_published_total\{type="resource-state"\} \d+/);
    expect(text).toContain('wolfpack_http_requests_total{method="GET",route="/v1/groups/:name/state",status="200"} 1');
    expect(text).toContain('wolfpack_http_requests_total{method="POST",route="/v1/groups/:name/online",status="403"} 1');
    expect((await get(api.app, '/metrics')).statusCode).toBe(401);
  });

  it('publishes an OpenAPI 3 document listing every route, with the validation schemas as components', async () => {
    api = await startApi();
    const res = await get(api.app, '/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { security: unknown[]; requestBody?: unknown; parameters: Array<{ name: string }> }>>; components: { schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toBe('3.0.3');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /v1/cluster',
        'GET /v1/nodes',
        'GET /v1/nodes/{name}',
        'POST /v1/nodes/{name}/pause',
        'POST /v1/nodes/{name}/resume',
        'GET /v1/whoami',
        'GET /v1/groups',
        'GET /v1/groups/{name}',
        'GET /v1/groups/{name}/state',
        'POST /v1/groups/{name}/offline',
        'POST /v1/groups/{name}/online',
        'POST /v1/groups/{name}/move',
        'POST /v1/groups/{name}/cancel',
        'GET /v1/resources',
        'GET /v1/resources/{name}',
        'GET /v1/resources/{name}/state',
        'POST /v1/resources/{name}/offline',
        'POST /v1/resources/{name}/online',
        'GET /v1/operations',
        'GET /v1/operations/{id}',
        'GET /v1/events',
        'GET /v1/config',
        'POST /v1/config',
        'GET /v1/tokens',
        'POST /v1/tokens',
        'DELETE /v1/tokens/{id}',
        'GET /v1/openapi.json',
        'GET /metrics',
      ].sort(),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CommandBody', 'CommandAnswer', 'ErrorBody', 'GroupView', 'ResourceView', 'OperationView', 'TokenCreated', 'PlanView', 'MoveBody', 'CancelBody', 'NodePauseBody', 'NodeResumeBody', 'NodeView']));
    expect(doc.paths['/v1/groups/{name}/offline']?.['post']?.requestBody).toEqual({ required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandBody' } } } });
    expect(doc.paths['/v1/groups/{name}/move']?.['post']?.requestBody).toEqual({ required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/MoveBody' } } } });
    expect(doc.paths['/v1/openapi.json']?.['get']?.security).toEqual([]);
    expect(doc.paths['/v1/operations']?.['get']?.parameters.map((p) => p.name)).toEqual(['limit', 'principal', 'target', 'kind', 'outcome']);
    // OpenAPI 3.0 has no type arrays: nullable fields are translated.
    expect(JSON.stringify(doc)).not.toMatch(/"type":\[/);
  });
});
