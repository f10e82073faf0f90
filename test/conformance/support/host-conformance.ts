/**
 * The host-level part of the conformance suite, for the built-in types: a resource brought online
 * by one resource host process is found running by the start-up probe of a brand-new host (the
 * daemon-crash case of ARCHITECTURE "Resource hosts"), which can then take it offline. It needs
 * src/host, which the suite in src/resources/conformance may not import, so it lives here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HostPool } from '../../../src/host/index.js';
import type { ConformanceSubject } from '../../../src/resources/conformance/index.js';
import { OfflineReason, type EntryArgs, type EntryPoint, type ResourceProperties } from '../../../src/resources/sdk/index.js';

const ONLINE: EntryArgs['online'] = { flags: 0, instructions: null, raw: null };
const OFFLINE: EntryArgs['offline'] = { destinationNode: null, flags: 0, reason: OfflineReason.USER_REQUESTED, instructions: null, raw: null };

export function defineHostConformance(name: string, subject: ConformanceSubject & { readonly type: string }): void {
  describe(`${name} conformance in resource hosts`, () => {
    const pools: HostPool[] = [];
    afterEach(async () => {
      await Promise.all(pools.splice(0).map((pool) => pool.close()));
    });

    it('a fresh host probes a resource another host started as running, and takes it offline', async () => {
      const fixture = await subject.setup();
      const resource = fixture.resourceName ?? `${name.replace(/[^A-Za-z0-9_-]/g, '_')}-host-${process.pid}`;
      const pool = (): HostPool => {
        const created = new HostPool({ baseDir: subject.baseDir ?? process.cwd() });
        pools.push(created);
        return created;
      };
      const call = <E extends EntryPoint>(on: HostPool, entry: E, args: EntryArgs[E], properties: ResourceProperties = fixture.properties) =>
        on.call({ resource, type: subject.type, entry, args, properties, deadlineMs: subject.callLimitMs ?? 20_000 });
      try {
        const first = pool();
        expect(await call(first, 'online', ONLINE)).toMatchObject({ exec: 'done', outcome: 'ok' });
        const firstPid = first.pidFor(resource, subject.type);
        await first.close();

        const second = pool();
        expect(await call(second, 'isAlive', null)).toMatchObject({ exec: 'done', outcome: 'ok' });
        expect(second.pidFor(resource, subject.type)).not.toBe(firstPid);
        expect(await call(second, 'offline', OFFLINE)).toMatchObject({ exec: 'done', outcome: 'ok' });
        expect(await call(second, 'isAlive', null)).toMatchObject({ exec: 'done', outcome: 'not-running' });
      } finally {
        const cleaner = pools.at(-1);
        if (cleaner) await call(cleaner, 'terminate', null);
        await fixture.teardown?.();
      }
    });
  });
}
