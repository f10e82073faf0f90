/**
 * /v1/events over a real TCP listener on 127.0.0.1: live engine events as SSE frames, resume after
 * Last-Event-ID (header or query) with nothing lost or repeated, the reset event when the id is
 * older than the ring or newer than anything published, heartbeats, the token in the query for
 * EventSource, and streams cleaned up when clients leave or the server closes.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupState } from '../../src/core/states.js';
import { auth, post, startApi, waitFor, type TestApi } from './support.js';
import { SseReader } from './sse-client.js';

let api: TestApi | undefined;
const readers: SseReader[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await api?.close();
  api = undefined;
});

async function listen(a: TestApi): Promise<string> {
  await a.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
}

async function open(url: string, headers: Record<string, string>): Promise<SseReader> {
  const reader = await SseReader.open(url, headers);
  readers.push(reader);
  return reader;
}

async function cycle(a: TestApi, command: 'online' | 'offline'): Promise<void> {
  const res = await post(a.app, `/v1/groups/G/${command}`, a.full, {});
  const op = res.json<{ operation: string }>().operation;
  await a.engine.waitForOperation(op);
}

describe('/v1/events', () => {
  it('streams engine events live, each as id/event/data with the sequence number', async () => {
    api = await startApi();
    const base = await listen(api);
    const reader = await open(`${base}/v1/events`, auth(api.read));
    expect(reader.status).toBe(200);
    expect(reader.headers['content-type']).toMatch(/^text\/event-stream/);
    await waitFor('subscriber', () => api?.journal.subscribers === 1);
    await cycle(api, 'online');
    const online = await reader.waitFor((m) => m.event === 'group-state' && m.data['state'] === GroupState.Online);
    expect(online.data).toMatchObject({ type: 'group-state', group: 'G', seq: Number(online.id), time: expect.any(Number) as number });
    const ids = reader.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(reader.messages.some((m) => m.event === 'operation-started' && m.data['actor'] === 'admin')).toBe(true);
    expect(reader.messages.some((m) => m.event === 'step-ended')).toBe(true);
  });

  it('resumes after Last-Event-ID (header or query) with every retained event after it, then live ones', async () => {
    api = await startApi();
    const base = await listen(api);
    const first = await open(`${base}/v1/events`, auth(api.read));
    await waitFor('subscriber', () => api?.journal.subscribers === 1);
    await cycle(api, 'online');
    await first.waitFor((m) => m.event === 'operation-ended');
    const cut = first.messages[2];
    if (!cut) throw new Error('expected a few events');
    first.close();

    const resumed = await open(`${base}/v1/events`, { ...auth(api.read), 'last-event-id': cut.id ?? '' });
    const byQuery = await open(`${base}/v1/events?lastEventId=${cut.id ?? ''}`, auth(api.read));
    const expected = first.messages.filter((m) => Number(m.id) > Number(cut.id)).map((m) => m.id);
    await resumed.waitFor((m) => m.id === expected[expected.length - 1]);
    expect(resumed.messages.map((m) => m.id)).toEqual(expected);
    await byQuery.waitFor((m) => m.id === expected[expected.length - 1]);
    expect(byQuery.messages.map((m) => m.id)).toEqual(expected);

    await cycle(api, 'offline');
    const last = String(api.engine.lastEventSeq);
    await resumed.waitFor((m) => m.id === last);
    const ids = resumed.messages.map((m) => Number(m.id));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => Number(cut.id) + 1 + i));
  });

  it('sends a reset when the id is older than the ring holds, or newer than anything published', async () => {
    api = await startApi({ journalCapacity: 4 });
    const base = await listen(api);
    await cycle(api, 'online');
    const stale = await open(`${base}/v1/events`, { ...auth(api.read), 'last-event-id': '1' });
    const reset = await stale.waitFor((m) => m.event === 'reset');
    expect(reset.id).toBe(String(api.engine.lastEventSeq));
    expect(reset.data).toMatchObject({ type: 'reset', requested: 1, oldest: api.journal.oldestSeq, seq: api.engine.lastEventSeq });
    expect(String(reset.data['reason'])).toContain('no longer retained');

    const future = await open(`${base}/v1/events`, { ...auth(api.read), 'last-event-id': '999999' });
    expect((await future.waitFor((m) => m.event === 'reset')).data['reason']).toMatch(/restarted/);

    // The newest id resumes cleanly: no reset, just what comes next.
    const current = await open(`${base}/v1/events`, { ...auth(api.read), 'last-event-id': String(api.engine.lastEventSeq) });
    await waitFor('subscribers', () => api?.journal.subscribers === 3);
    await cycle(api, 'offline');
    await current.waitFor((m) => m.event === 'operation-ended');
    expect(current.messages.some((m) => m.event === 'reset')).toBe(false);
  });

  it('needs Read access (token in the header, or ?access_token= for EventSource); a bad id is 87', async () => {
    api = await startApi();
    const base = await listen(api);
    expect((await open(`${base}/v1/events`, {})).status).toBe(401);
    expect((await open(`${base}/v1/events`, auth('wp_x_y'))).status).toBe(401);
    expect((await open(`${base}/v1/events?access_token=${api.read}`, {})).status).toBe(200);
    expect((await open(`${base}/v1/events`, { ...auth(api.read), 'last-event-id': 'abc' })).status).toBe(400);
    // The query token is for the event stream only.
    expect((await api.app.inject({ method: 'GET', url: `/v1/groups?access_token=${api.read}` })).statusCode).toBe(401);
  });

  it('sends heartbeats, forgets clients that leave, and ends open streams when the server closes', async () => {
    api = await startApi({ api: { heartbeatMs: 30 } });
    const base = await listen(api);
    const a = await open(`${base}/v1/events`, auth(api.read));
    const b = await open(`${base}/v1/events`, auth(api.read));
    await waitFor('two subscribers', () => api?.journal.subscribers === 2);
    await waitFor('heartbeat', () => a.comments.includes('heartbeat'));
    a.close();
    await waitFor('one subscriber', () => api?.journal.subscribers === 1);
    await api.app.close();
    await b.ended;
    expect(api.journal.subscribers).toBe(0);
  });
});
