/**
 * The shared resource-type conformance suite (STYLE 8: every type has the same face). One call
 * registers one vitest test per check for a type:
 *
 *   // test/conformance/my-type.test.ts
 *   import { defineConformanceSuite } from '<wolfpack>/src/resources/conformance/index.js';
 *   defineConformanceSuite('my-type', {
 *     type: './types/my-type.js',
 *     setup: () => ({ properties: { Port: 8080 } }),
 *     invalidProperties: () => [{ why: 'a negative port', properties: { Port: -1 } }],
 *   });
 *
 * It runs the type in this process under MockResourceEnvironment (no daemon, no host). The
 * built-in types also run the host-level check in test/conformance/support (a fresh host process
 * probes a resource a previous host started), which needs src/host and so cannot live here.
 */
import { afterEach, beforeAll, describe, it } from 'vitest';
import type { ResourceType } from '../sdk/index.js';
import { CONFORMANCE_CHECKS } from './checks.js';
import { ConformanceResource, loadSubjectType } from './harness.js';
import type { ConformanceSubject } from './subject.js';

export { CONFORMANCE_CHECKS, type ConformanceCheck } from './checks.js';
export { ConformanceResource, loadSubjectType } from './harness.js';
export type { ConformanceFixture, ConformanceSubject, InvalidCase } from './subject.js';

let counter = 0;

/** Registers `describe('<name> conformance')` with one `it` per check. */
export function defineConformanceSuite(name: string, subject: ConformanceSubject): void {
  describe(`${name} conformance`, () => {
    let type: ResourceType;
    let current: ConformanceResource | null = null;

    beforeAll(async () => {
      type = await loadSubjectType(subject);
    });

    afterEach(async () => {
      await current?.cleanUp();
      current = null;
    });

    for (const check of CONFORMANCE_CHECKS) {
      it(check.name, async () => {
        const fixture = await subject.setup();
        counter += 1;
        current = new ConformanceResource(type, fixture.resourceName ?? `${name.replace(/[^A-Za-z0-9_-]/g, "_")}-${process.pid}-${counter}`, fixture, subject.callLimitMs);
        await check.run(current, subject);
      });
    }
  });
}
