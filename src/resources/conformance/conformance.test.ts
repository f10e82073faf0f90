/**
 * The suite checks itself: a well-behaved type passes every check, and types with one flaw each
 * fail the check meant to catch that flaw (a suite that cannot fail proves nothing).
 */
import { describe, expect, it } from 'vitest';
import { defineResourceType, type ResourceType } from '../sdk/index.js';
import { CONFORMANCE_CHECKS } from './checks.js';
import { ConformanceResource } from './harness.js';
import type { ConformanceSubject } from './subject.js';

/** Running state kept outside the instance (as a pid file would), keyed by resource name. */
function wellBehaved(overrides: Partial<ResourceType> = {}): ResourceType {
  const running = new Set<string>();
  return defineResourceType({
    name: 'well-behaved',
    async online(ctx) {
      if (ctx.properties['Broken'] === true) return { state: 'failed', code: 5943, detail: 'Broken is set' };
      await ctx.sleep(20); // virtual time: the harness must pace it
      running.add(ctx.resourceName);
      return undefined;
    },
    offline(ctx) {
      running.delete(ctx.resourceName);
    },
    terminate(ctx) {
      running.delete(ctx.resourceName);
    },
    isAlive: (ctx) => (running.has(ctx.resourceName) ? true : 'not-running'),
    ...overrides,
  });
}

const subject: ConformanceSubject = {
  type: 'unused',
  setup: () => ({ properties: {} }),
  invalidProperties: () => [{ why: 'Broken set', properties: { Broken: true } }],
};

let n = 0;
async function runCheck(type: ResourceType, name: string, limitMs = 2_000): Promise<void> {
  const check = CONFORMANCE_CHECKS.find((c) => c.name.startsWith(name));
  if (!check) throw new Error(`no check ${name}`);
  const resource = new ConformanceResource(type, `self-${n++}`, { properties: {} }, limitMs);
  try {
    await check.run(resource, subject);
  } finally {
    await resource.cleanUp();
  }
}

describe('the conformance checks', () => {
  it('pass for a well-behaved type', async () => {
    const type = wellBehaved();
    for (const check of CONFORMANCE_CHECKS) await runCheck(type, check.name);
  });

  it('catch an offline that leaves the resource running', async () => {
    await expect(runCheck(wellBehaved({ offline: () => undefined }), 'offline after online')).rejects.toThrow(/isAlive after offline: expected outcome 'not-running'/);
  });

  it('catch a type that only remembers in its instance (no probe from a fresh host)', async () => {
    const forgetful = wellBehaved();
    const { isAlive: _dropped, ...withoutHealth } = forgetful;
    await expect(runCheck(withoutHealth as ResourceType, 'a fresh instance')).rejects.toThrow(/fresh instance/);
  });

  it('catch a type that throws on bad properties', async () => {
    const thrower = wellBehaved({
      online(ctx) {
        if (ctx.properties['Broken'] === true) throw new Error('boom');
      },
    });
    await expect(runCheck(thrower, 'bad properties')).rejects.toThrow(/threw \(5930\)/);
  });

  it('catch a call that never settles, within the limit', async () => {
    const hang = wellBehaved({ online: () => new Promise<void>(() => undefined) });
    await expect(runCheck(hang, 'online succeeds', 300)).rejects.toThrow(/did not settle within 300 ms/);
  });
});
