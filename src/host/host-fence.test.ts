/**
 * Self-fencing inside HostRuntime, in-process with a manual clock (real host processes and a real
 * `process` resource: test/integration/host-fencing.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { resolveResourceType } from '../resources/registry.js';
import { FENCED_CODE } from './host-fence.js';
import { HostRuntime } from './host-runtime.js';
import type { HostMessage, HostRequest } from './protocol.js';

const resolved = resolveResourceType('dummy', { baseDir: '/' });
if (!resolved.ok) throw new Error('dummy must resolve');
const dummy = resolved.type;

const onlineArgs = { flags: 0, instructions: null, raw: null };
const offlineArgs = { destinationNode: null, flags: 0, reason: 4, instructions: null, raw: null } as const;

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const limit = Date.now() + 5_000; // the first load transforms and imports the dummy module
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > limit) throw new Error(`no ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function runtime() {
  const sent: HostMessage[] = [];
  const clock = new ManualClock(0);
  const host = new HostRuntime({ send: (m) => sent.push(m), clock, onShutdown: () => undefined });
  let nextId = 1;
  const request = (r: Omit<Extract<HostRequest, { kind: 'call' }>, 'kind' | 'id' | 'type'>): number => {
    const id = nextId++;
    host.handle({ kind: 'call', id, type: 'dummy', ...r } as HostRequest);
    return id;
  };
  const resultOf = (id: number) => until(() => sent.find((m): m is Extract<HostMessage, { kind: 'result' }> => m.kind === 'result' && m.id === id)?.result, `result for ${id}`);
  const fenced = () => sent.filter((m): m is Extract<HostMessage, { kind: 'fenced' }> => m.kind === 'fenced');
  host.handle({ kind: 'load', id: nextId++, type: 'dummy', specifier: dummy.specifier, parameter: null });
  return { host, clock, sent, request, resultOf, fenced };
}

describe('HostRuntime fencing', () => {
  it('terminates what may run when the deadline passes, reports it, and refuses online until re-armed', async () => {
    const { host, clock, request, resultOf, fenced } = runtime();
    expect(await resultOf(request({ resource: 'F-On', entry: 'online', args: onlineArgs, properties: {} }))).toMatchObject({ outcome: 'ok' });
    // Touched but never brought online: nothing to terminate.
    expect(await resultOf(request({ resource: 'F-Probe', entry: 'isAlive', args: null, properties: {} }))).toMatchObject({ outcome: 'not-running' });
    const offId = request({ resource: 'F-Off', entry: 'online', args: onlineArgs, properties: {} });
    await resultOf(offId);
    await resultOf(request({ resource: 'F-Off', entry: 'offline', args: offlineArgs }));

    host.handle({ kind: 'fence', inMs: 400 });
    clock.advance(399);
    expect(fenced()).toEqual([]);
    clock.advance(1);
    expect(host.fenced).toBe(true);
    const report = await until(() => fenced()[0], 'fenced message');
    expect(report.resources).toEqual(['F-On']);
    expect(await resultOf(request({ resource: 'F-On', entry: 'isAlive', args: null }))).toMatchObject({ outcome: 'not-running' });

    expect(await resultOf(request({ resource: 'F-On', entry: 'online', args: onlineArgs }))).toMatchObject({ exec: 'done', outcome: 'failed', code: FENCED_CODE });
    // Offline and health checks still run on a fenced host.
    expect(await resultOf(request({ resource: 'F-On', entry: 'offline', args: offlineArgs }))).toMatchObject({ outcome: 'ok' });

    host.handle({ kind: 'fence', inMs: 1_000 });
    expect(host.fenced).toBe(false);
    expect(await resultOf(request({ resource: 'F-On', entry: 'online', args: onlineArgs }))).toMatchObject({ outcome: 'ok' });
    host.handle({ kind: 'fence', inMs: null });
    clock.advance(10_000);
    expect(fenced()).toHaveLength(1);
  });

  it('aborts a hung online and terminates its resource', async () => {
    const { host, request, resultOf, fenced } = runtime();
    const id = request({ resource: 'F-Hang', entry: 'online', args: onlineArgs, properties: { HangOnline: true } });
    await until(() => (host.resourceNames().includes('F-Hang') ? true : undefined), 'hosted resource');
    host.handle({ kind: 'fence', inMs: 0 });
    expect(await resultOf(id)).toMatchObject({ exec: 'done', outcome: 'failed', code: 995 });
    expect((await until(() => fenced()[0], 'fenced message')).resources).toEqual(['F-Hang']);
  });

  it('renewals keep it from firing; afterFence is null unless armed', async () => {
    const { host, clock, request, resultOf, fenced } = runtime();
    await resultOf(request({ resource: 'F-Renewed', entry: 'online', args: onlineArgs, properties: {} }));
    expect(host.afterFence()).toBeNull();
    for (let i = 0; i < 10; i++) {
      host.handle({ kind: 'fence', inMs: 400 });
      clock.advance(100);
    }
    expect(fenced()).toEqual([]);
    expect(host.fenced).toBe(false);

    let done = false;
    void host.afterFence()?.then(() => (done = true));
    clock.advance(300);
    await until(() => (done ? true : undefined), 'afterFence to settle');
    expect(fenced()[0]?.resources).toEqual(['F-Renewed']);
    expect(host.afterFence()).toBeNull();
  });
});
