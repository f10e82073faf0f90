/**
 * Bad requests get clear errors and change nothing (issue 5 item 9): malformed JSON, wrong types,
 * unknown fields, huge bodies, other content types, bad base64, bad property lists, both forms of
 * instructions at once. "Nothing" is checked as: resource states, persistent states, the operation
 * log (none of these reach the engine, so none is recorded), the events and the resources' calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupState, PersistentState } from '../../src/core/states.js';
import { onlineGroup, post, postRaw, readRecord, startApi, type TestApi } from './support.js';

let api: TestApi;
let before: { operations: number; events: number; records: number };

beforeEach(async () => {
  api = await startApi();
  await onlineGroup(api.engine, 'G');
  before = { operations: api.engine.listOperations().length, events: api.engine.lastEventSeq, records: readRecord(api.dir).length };
});

afterEach(async () => {
  await api.close();
});

function expectNothingChanged(): void {
  expect(api.engine.groupState('G')).toBe(GroupState.Online);
  expect(api.engine.group('G')?.persistentState).toBe(PersistentState.Online);
  for (const name of ['Disk', 'Db', 'App']) expect(api.engine.resource(name)?.persistentState).toBe(PersistentState.Online);
  expect(api.engine.listOperations().length).toBe(before.operations);
  expect(api.engine.lastEventSeq).toBe(before.events);
  expect(readRecord(api.dir).length).toBe(before.records);
}

interface ErrorAnswer {
  code: number;
  name: string;
  message: string;
  issues?: Array<{ path: string; code: number; message: string }>;
  operation?: string | null;
}

describe('bad requests', () => {
  it('malformed JSON -> 400 with 13 ERROR_INVALID_DATA', async () => {
    for (const payload of ['{"flags": 1', '{flags: 1}', 'nul', '{"flags": 1}}']) {
      const res = await postRaw(api.app, '/v1/groups/G/offline', api.full, payload);
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorAnswer>();
      expect(body).toMatchObject({ code: 13, name: 'ERROR_INVALID_DATA', operation: null });
      expect(body.message).toMatch(/^the body is not JSON: /);
    }
    expectNothingChanged();
  });

  it('wrong types and unknown fields -> 400 with 87 and every issue with its body path', async () => {
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { flags: '1', reason: true, plan: 'yes', properties: 'Virtual Machine=1', colour: 'red' });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorAnswer>();
    expect(body).toMatchObject({ code: 87, name: 'ERROR_INVALID_PARAMETER', operation: null });
    expect(body.issues?.map((i) => i.path).sort()).toEqual(['/colour', '/flags', '/plan', '/properties', '/reason']);
    expect(body.issues?.find((i) => i.path === '/flags')?.message).toMatch(/DWORD .* or a list of flag names/);
    expect(body.issues?.find((i) => i.path === '/colour')?.message).toBe("unknown field 'colour'");
    expect(body.issues?.every((i) => i.code === 87)).toBe(true);

    for (const payload of [[1, 2], 'text', 42, { flags: -1 }, { flags: 2 ** 32 }, { flags: 1.5 }, { flags: [1] }]) {
      const r = await postRaw(api.app, '/v1/groups/G/offline', api.full, JSON.stringify(payload));
      expect(r.statusCode).toBe(400);
      expect(r.json<ErrorAnswer>().code).toBe(87);
    }
    expectNothingChanged();
  });

  it('a body over the limit -> 413 with 13, before it is parsed', async () => {
    const huge = JSON.stringify({ propertiesBase64: 'A'.repeat(2 * 1024 * 1024) });
    const res = await postRaw(api.app, '/v1/groups/G/offline', api.full, huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 13, name: 'ERROR_INVALID_DATA', message: expect.stringContaining('1048576') as string });
    expectNothingChanged();
  });

  it('a content type other than JSON -> 415 with 13', async () => {
    const res = await postRaw(api.app, '/v1/groups/G/offline', api.full, 'flags=1', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 13 });
    expectNothingChanged();
  });

  it('base64 that is not base64 -> 400 with 13 at /propertiesBase64', async () => {
    for (const text of ['not base64!', 'AQID', 'AQ==AQ==', 'AQ', ' AQAA']) {
      if (text === 'AQID') continue; // valid: three bytes (a malformed list is the engine's 13, recorded)
      const res = await post(api.app, '/v1/groups/G/offline', api.full, { propertiesBase64: text });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 13, issues: [{ path: '/propertiesBase64', code: 13 }] });
    }
    expectNothingChanged();
  });

  it('a property list in the JSON form that does not validate -> 400 with 87 and the property named', async () => {
    const cases: unknown[] = [
      { 'Virtual Machine': { type: 'dword', value: -1 } },
      { 'Virtual Machine': { type: 'float', value: 1 } },
      { Bin: { type: 'binary', value: 'xyz' } },
      [{ type: 'dword', value: 1 }],
      { Big: { type: 'ularge_integer', value: 1 } },
    ];
    for (const properties of cases) {
      const res = await post(api.app, '/v1/groups/G/offline', api.full, { properties });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorAnswer>();
      expect(body).toMatchObject({ code: 87, issues: [{ path: '/properties', code: 87 }] });
      expect(body.message.length).toBeGreaterThan(10);
    }
    expectNothingChanged();
  });

  it('instructions in both forms at once -> 400 with 87', async () => {
    const res = await post(api.app, '/v1/groups/G/offline', api.full, { properties: {}, propertiesBase64: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 87, issues: [{ path: '/propertiesBase64' }] });
    expectNothingChanged();
  });

  it('a malformed token body or config body is answered the same way', async () => {
    expect((await postRaw(api.app, '/v1/tokens', api.full, '{"name": "x", "access": ')).json()).toMatchObject({ code: 13 });
    expect((await post(api.app, '/v1/tokens', api.full, { name: '', access: 'read' })).json()).toMatchObject({ code: 87, issues: [{ path: '/name' }] });
    expect((await post(api.app, '/v1/tokens', api.full, { name: 'ok', access: 'read', admin: true })).json()).toMatchObject({ code: 87, issues: [{ path: '/admin' }] });
    expect((await post(api.app, '/v1/config', api.full, {})).json()).toMatchObject({ code: 87, issues: [{ path: '/yaml', message: 'is required' }] });
    expect((await post(api.app, '/v1/config', api.full, { yaml: 'groups: [' })).statusCode).toBe(400);
    expect(api.tokens.list()).toHaveLength(2);
    expectNothingChanged();
  });
});
