/**
 * HostRuntime in-process: the request rules a host follows, without spawning one (the real
 * processes are exercised in test/integration/host-*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { resolveResourceType } from '../resources/registry.js';
import { HostRuntime } from './host-runtime.js';
import type { HostMessage, HostRequest } from './protocol.js';

function runtime() {
  const sent: HostMessage[] = [];
  let shutdown = false;
  const host = new HostRuntime({ send: (m) => sent.push(m), clock: new ManualClock(0), onShutdown: () => (shutdown = true) });
  const resultOf = async (id: number) => {
    const until = Date.now() + 5_000; // the first load transforms and imports the dummy module
    while (Date.now() < until) {
      const found = sent.find((m) => m.kind === 'result' && m.id === id);
      if (found && found.kind === 'result') return found.result;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no result for ${id}`);
  };
  return { host, sent, resultOf, isShutdown: () => shutdown };
}

const dummy = resolveResourceType('dummy', { baseDir: '/' });
if (!dummy.ok) throw new Error('dummy must resolve');
const load: HostRequest = { kind: 'load', id: 1, type: 'dummy', specifier: dummy.type.specifier, parameter: null };

describe('HostRuntime', () => {
  it('refuses calls for a type it was not told to load', async () => {
    const { host, resultOf } = runtime();
    host.handle({ kind: 'call', id: 2, type: 'dummy', resource: 'A', entry: 'isAlive', args: null });
    expect(await resultOf(2)).toMatchObject({ exec: 'error', code: 5078 });
  });

  it('runs a call sent right behind a load once the load completes', async () => {
    const { host, resultOf, sent } = runtime();
    host.handle(load);
    host.handle({ kind: 'call', id: 2, type: 'dummy', resource: 'A', entry: 'online', args: { flags: 0, instructions: null, raw: 'AQI=' }, properties: { Locked: true } });
    expect(await resultOf(1)).toMatchObject({ exec: 'done', outcome: 'ok' });
    expect(await resultOf(2)).toMatchObject({ exec: 'done', outcome: 'ok' });
    // Calls are not serialized per resource (wsfc.md §5.1); this one is sent after online settled.
    host.handle({ kind: 'call', id: 3, type: 'dummy', resource: 'A', entry: 'isAlive', args: null });
    expect(await resultOf(3)).toMatchObject({ exec: 'done', outcome: 'ok' });
    expect(sent).toContainEqual({ kind: 'locked', resource: 'A', locked: true, reason: 0 });
    expect(host.resourceNames()).toEqual(['A']);
  });

  it('answers an unknown entry point with 87 and forgets a closed resource', async () => {
    const { host, resultOf } = runtime();
    host.handle(load);
    host.handle({ kind: 'call', id: 2, type: 'dummy', resource: 'A', entry: 'bogus', args: null } as unknown as HostRequest);
    expect(await resultOf(2)).toMatchObject({ exec: 'error', code: 87 });
    host.handle({ kind: 'call', id: 3, type: 'dummy', resource: 'B', entry: 'open', args: null });
    await resultOf(3);
    host.handle({ kind: 'call', id: 4, type: 'dummy', resource: 'B', entry: 'close', args: null });
    await resultOf(4);
    expect(host.resourceNames()).not.toContain('B');
  });

  it('runs a call made conditional on another (after) only once that one succeeded', async () => {
    const { host, resultOf, sent } = runtime();
    host.handle(load);
    const offline = { destinationNode: null, flags: 0, reason: 4, instructions: null, raw: null } as const;
    host.handle({ kind: 'call', id: 2, type: 'dummy', resource: 'Top', entry: 'offline', args: offline, properties: {} });
    host.handle({ kind: 'call', id: 3, type: 'dummy', resource: 'Base', entry: 'offline', args: offline, after: 2 });
    expect(await resultOf(3)).toMatchObject({ exec: 'done', outcome: 'ok' });
    const order = sent.filter((m) => m.kind === 'result').map((m) => (m.kind === 'result' ? m.id : -1));
    expect(order.indexOf(2)).toBeLessThan(order.indexOf(3));
    // A call that follows one which already ended well runs at once.
    host.handle({ kind: 'call', id: 4, type: 'dummy', resource: 'Base', entry: 'isAlive', args: null, after: 3 });
    expect(await resultOf(4)).toMatchObject({ exec: 'done' });
  });

  it('cancels a conditional call without running it when the call it follows fails', async () => {
    const { host, resultOf } = runtime();
    host.handle(load);
    const offline = { destinationNode: null, flags: 0, reason: 4, instructions: null, raw: null } as const;
    host.handle({ kind: 'call', id: 2, type: 'dummy', resource: 'Top', entry: 'offline', args: offline, properties: { FailOffline: true } });
    host.handle({ kind: 'call', id: 3, type: 'dummy', resource: 'Base', entry: 'offline', args: offline, after: 2 });
    expect(await resultOf(2)).toMatchObject({ exec: 'done', outcome: 'failed' });
    expect(await resultOf(3)).toMatchObject({ exec: 'cancelled', code: 1223 });
    expect(host.resourceNames()).toEqual(['Top']);
  });

  it('answers shutdown and hands over to the exit', async () => {
    const { host, resultOf, isShutdown } = runtime();
    host.handle({ kind: 'shutdown', id: 9 });
    expect(await resultOf(9)).toMatchObject({ exec: 'done', outcome: 'ok' });
    expect(isShutdown()).toBe(true);
  });
});
