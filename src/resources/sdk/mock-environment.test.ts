/**
 * The SDK's contract, checked through MockResourceEnvironment with small hand-written types:
 * how returns, throws and rejections become results, the open-once rule, signals and progress.
 */
import { describe, expect, it } from 'vitest';
import { MockResourceEnvironment, defineResourceType, type ResourceContext } from './index.js';

const base = {
  name: 'test',
  online: () => undefined,
  offline: () => undefined,
  terminate: () => undefined,
};

describe('MockResourceEnvironment', () => {
  it('maps returns, failures, throws and rejections to results', async () => {
    const type = defineResourceType({
      ...base,
      online: (_ctx: ResourceContext) => ({ state: 'failed' as const, detail: 'no disk', code: 5943 }),
      offline: () => {
        throw new Error('boom');
      },
      isAlive: () => Promise.reject(new Error('probe broke')),
      looksAlive: () => false,
    });
    const env = new MockResourceEnvironment(type);
    expect(await env.online()).toEqual({ exec: 'done', outcome: 'failed', code: 5943, detail: 'no disk' });
    expect(await env.offline()).toEqual({ exec: 'done', outcome: 'failed', code: 5930, detail: 'boom' });
    expect(await env.isAlive()).toEqual({ exec: 'done', outcome: 'failed', code: 5930, detail: 'probe broke' });
    expect(await env.looksAlive()).toMatchObject({ outcome: 'failed', code: 5038 });
  });

  it('opens a resource once, before the first other call, and again after close', async () => {
    const calls: string[] = [];
    const type = defineResourceType({
      ...base,
      open: () => void calls.push('open'),
      online: () => void calls.push('online'),
      close: () => void calls.push('close'),
    });
    const env = new MockResourceEnvironment(type);
    await Promise.all([env.online(), env.online()]);
    await env.close();
    await env.online();
    expect(calls).toEqual(['open', 'online', 'online', 'close', 'open', 'online']);
  });

  it('without health checks, answers from the last online/offline', async () => {
    const env = new MockResourceEnvironment(defineResourceType(base));
    expect(await env.looksAlive()).toMatchObject({ outcome: 'not-running' });
    await env.online();
    expect(await env.isAlive()).toMatchObject({ outcome: 'ok' });
    await env.terminate();
    expect(await env.isAlive()).toMatchObject({ outcome: 'not-running' });
  });

  it('aborts in-flight signals on terminate and drops progress after settling', async () => {
    let seen: AbortSignal | null = null;
    const type = defineResourceType({
      ...base,
      offline: async (ctx: ResourceContext) => {
        seen = ctx.signal;
        ctx.reportProgress('starting');
        await ctx.sleep(10_000);
      },
    });
    const env = new MockResourceEnvironment(type);
    const pending = env.offline();
    await env.advance(100);
    await env.terminate();
    expect(await pending).toMatchObject({ outcome: 'failed', code: 995 });
    expect((seen as AbortSignal | null)?.reason).toBe('terminate');
    expect(env.progress).toEqual([{ at: env.clock.now() - 100, callId: 1, note: 'starting' }]);
  });

  it('sleep resolves in virtual time only', async () => {
    const type = defineResourceType({ ...base, online: (ctx: ResourceContext) => ctx.sleep(500).then(() => ctx.sleep(500)) });
    const env = new MockResourceEnvironment(type);
    let done = false;
    const pending = env.online().then(() => (done = true));
    await env.advance(999);
    expect(done).toBe(false);
    await env.advance(1);
    await pending;
    expect(done).toBe(true);
  });
});
