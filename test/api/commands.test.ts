/**
 * Commands over HTTP against a real engine with real resource hosts: every answer code with its
 * HTTP status (997 202, 0 200, 5960 409, 87 400, 13 400, 5013/5007 404), flags and reasons as
 * numbers or names, instructions as JSON and as base64 reaching the resource byte for byte and
 * the operation record, and the dry run changing nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandAnswer } from '../../src/client/contract.js';
import { GroupState, PersistentState, ResourceState } from '../../src/core/states.js';
import { encodePropertyList, propertyListFromJson } from '../../src/proplist/index.js';
import { get, onlineGroup, post, readRecord, startApi, waitFor, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

type Answer = CommandAnswer;

describe('command answers', () => {
  it('997 -> 202, then 0 -> 200 when there is nothing left to do', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const res = await post(api.app, '/v1/groups/g/offline', api.full, {});
    expect(res.statusCode).toBe(202);
    const answer = res.json<Answer>();
    expect(answer).toMatchObject({ code: 997, name: 'ERROR_IO_PENDING', operation: expect.stringMatching(/^op-/) });
    const op = await api.engine.waitForOperation(answer.operation as string);
    // The engine records the target as the caller wrote it.
    expect(op).toMatchObject({ outcome: 'succeeded', target: 'G', reason: 4 });
    const again = await post(api.app, '/v1/groups/G/offline', api.full, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ code: 0, name: 'ERROR_SUCCESS' });
  });

  it('5960 -> 409 for a locked group, and IGNORE_RESOURCE_STATUS by name proceeds', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'L');
    await waitFor('locked mode', () => api?.engine.resource('Vault')?.locked === true);
    const locked = await post(api.app, '/v1/groups/L/offline', api.full, {});
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 5960, name: 'ERROR_CLUSTER_RESOURCE_LOCKED_STATUS' });
    expect(api.engine.resource('Vault')?.state).toBe(ResourceState.Online);
    expect((await get(api.app, '/v1/groups/L', api.read)).json()).toMatchObject({ locked: true });

    const forced = await post(api.app, '/v1/groups/L/offline', api.full, { flags: ['IGNORE_RESOURCE_STATUS'] });
    expect(forced.statusCode).toBe(202);
    const op = await api.engine.waitForOperation(forced.json<Answer>().operation as string);
    expect(op).toMatchObject({ flags: 1, outcome: 'succeeded' });
  });

  it('87 -> 400 for flags outside the call set, recorded by the engine; unknown flag names are 87 from the API', async () => {
    api = await startApi();
    const bad = await post(api.app, '/v1/resources/App/offline', api.full, { flags: 8 });
    expect(bad.statusCode).toBe(400);
    const answer = bad.json<Answer>();
    expect(answer).toMatchObject({ code: 87, name: 'ERROR_INVALID_PARAMETER' });
    expect(api.engine.operation(answer.operation as string)).toMatchObject({ outcome: 'rejected', code: 87, flags: 8 });

    const names = await post(api.app, '/v1/resources/App/offline', api.full, { flags: ['FORCE', 'QUEUE_ENABLED'] });
    expect(names.statusCode).toBe(400);
    expect(names.json()).toMatchObject({ code: 87, operation: null, issues: [{ path: '/flags/0' }] });
  });

  it('takes flags by short and full names, and reasons as words or numbers; a bad reason number is the engine\'s 87', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const res = await post(api.app, '/v1/resources/App/offline', api.full, {
      flags: ['FORCE_WITH_TERMINATION', 'CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE'],
      reason: 'preempted',
    });
    expect(res.statusCode).toBe(202);
    const op = await api.engine.waitForOperation(res.json<Answer>().operation as string);
    expect(op).toMatchObject({ flags: 6, reason: 0x20, outcome: 'succeeded' });
    expect(api.engine.resource('App')?.persistentState).toBe(PersistentState.Online);

    const byNumber = await post(api.app, '/v1/resources/Db/offline', api.full, { reason: 0x40, plan: true });
    expect(byNumber.json<Answer>().plan?.text).toContain('reason=SHUTTING_DOWN');
    const badNumber = await post(api.app, '/v1/resources/Db/offline', api.full, { reason: 3 });
    expect(badNumber.statusCode).toBe(400);
    expect(api.engine.operation(badNumber.json<Answer>().operation as string)).toMatchObject({ code: 87, reason: 3 });
    expect((await post(api.app, '/v1/resources/Db/offline', api.full, { reason: 'tired' })).json()).toMatchObject({ code: 87, issues: [{ path: '/reason' }] });
    expect((await post(api.app, '/v1/resources/Db/online', api.full, { reason: 'user' })).json()).toMatchObject({ code: 87, issues: [{ path: '/reason' }] });
  });

  it('5013 / 5007 -> 404 for unknown names (recorded); names are case-insensitive', async () => {
    api = await startApi();
    const group = await post(api.app, '/v1/groups/Nope/offline', api.full, {});
    expect(group.statusCode).toBe(404);
    expect(group.json()).toMatchObject({ code: 5013, name: 'ERROR_GROUP_NOT_FOUND', operation: expect.stringMatching(/^op-/) });
    const resource = await post(api.app, '/v1/resources/Nope/online', api.full, {});
    expect(resource.statusCode).toBe(404);
    expect(resource.json()).toMatchObject({ code: 5007, name: 'ERROR_RESOURCE_NOT_FOUND' });
    const res = await post(api.app, '/v1/resources/disk/online', api.full);
    expect(res.statusCode).toBe(202);
    // The log names the resource as configured, whatever casing the caller used.
    expect(api.engine.operation(res.json<Answer>().operation as string)?.target).toBe('Disk');
    await api.engine.waitForOperation(res.json<Answer>().operation as string);
    expect(api.engine.resource('Disk')?.state).toBe(ResourceState.Online);
  });

  it('13 -> 400 for a base64 property list that does not parse, recorded by the engine, nothing changed', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const before = readRecord(api.dir).length;
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { propertiesBase64: Buffer.from([1, 0, 0, 0, 3]).toString('base64') });
    expect(res.statusCode).toBe(400);
    const answer = res.json<Answer>();
    expect(answer).toMatchObject({ code: 13, name: 'ERROR_INVALID_DATA' });
    expect(api.engine.operation(answer.operation as string)).toMatchObject({ outcome: 'rejected', input: { json: null, base64: 'AQAAAAM=' } });
    expect(api.engine.groupState('G')).toBe(GroupState.Online);
    expect(readRecord(api.dir).length).toBe(before);
  });
});

describe('instructions (the input property list)', () => {
  const json = { 'Virtual Machine': { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'save state' }, Big: { type: 'ularge_integer', value: '18446744073709551615' } };

  it('reach every resource and the operation record byte for byte, given in the JSON form', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const bytes = Buffer.from(encodePropertyList(propertyListFromJson(json)));
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { properties: json, flags: 1 });
    expect(res.statusCode).toBe(202);
    const id = res.json<Answer>().operation as string;
    await api.engine.waitForOperation(id);
    const offlines = readRecord(api.dir, 'offline');
    expect(offlines).toHaveLength(3);
    for (const line of offlines) {
      expect(Buffer.from(line.raw as string, 'base64').equals(bytes)).toBe(true);
      expect(line.instructions).toEqual(json);
    }
    const view = (await get(api.app, `/v1/operations/${id}`, api.read)).json<{ input: { base64: string; json: unknown } }>();
    expect(view.input.base64).toBe(bytes.toString('base64'));
    expect(view.input.json).toEqual(json);
  });

  it('reach every resource byte for byte, given as base64 CLUSPROP bytes', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const bytes = Buffer.from(encodePropertyList(propertyListFromJson(json)));
    const res = await post(api.app, '/v1/resources/Disk/offline', api.full, { propertiesBase64: bytes.toString('base64') });
    expect(res.statusCode).toBe(202);
    const id = res.json<Answer>().operation as string;
    await api.engine.waitForOperation(id);
    const offlines = readRecord(api.dir, 'offline');
    // Offlining Disk takes its dependents first: all three get the same bytes.
    expect(offlines.map((l) => l.resource)).toEqual(['App', 'Db', 'Disk']);
    for (const line of offlines) expect(Buffer.from(line.raw as string, 'base64').equals(bytes)).toBe(true);
    expect(api.engine.operation(id)?.input?.base64).toBe(bytes.toString('base64'));
  });
});

describe('dry run (plan: true)', () => {
  it('answers with the plan and changes nothing: no state, no persistent state, no operation, no resource call', async () => {
    api = await startApi();
    await onlineGroup(api.engine, 'G');
    const operations = api.engine.listOperations().length;
    const records = readRecord(api.dir).length;
    const lastEvent = api.engine.lastEventSeq;
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { plan: true, flags: ['IGNORE_RESOURCE_STATUS'], properties: json1() });
    expect(res.statusCode).toBe(202);
    const answer = res.json<Answer>();
    expect(answer).toMatchObject({ code: 997, operation: null });
    expect(answer.plan?.steps.map((s) => [s.action, s.resource])).toEqual([
      ['offline', 'App'],
      ['offline', 'Db'],
      ['offline', 'Disk'],
    ]);
    expect(answer.plan?.text).toMatch(/^command: offline-group G flags=0x1 \(IGNORE_RESOURCE_STATUS\) reason=USER_REQUESTED input=\d+B caller=admin\(full\)\nresult: 997 ERROR_IO_PENDING/);
    expect(api.engine.groupState('G')).toBe(GroupState.Online);
    expect(api.engine.group('G')?.persistentState).toBe(PersistentState.Online);
    expect(api.engine.listOperations().length).toBe(operations);
    expect(api.engine.lastEventSeq).toBe(lastEvent);
    await new Promise((r) => setTimeout(r, 50));
    expect(readRecord(api.dir).length).toBe(records);
  });

  it('shows rejections as the planner words them, with their HTTP status', async () => {
    api = await startApi();
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { plan: true, flags: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json<Answer>()).toMatchObject({ code: 87, operation: null, plan: { code: 87, steps: [] } });
    expect(res.json<Answer>().plan?.text).toContain('result: 87 ERROR_INVALID_PARAMETER');
    const read = await post(api.app, '/v1/groups/G/offline', api.read, { plan: true });
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ code: 5, operation: null });
  });
});

function json1(): Record<string, unknown> {
  return { 'Virtual Machine': { type: 'dword', value: 2 } };
}
