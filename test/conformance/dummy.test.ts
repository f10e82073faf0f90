/**
 * The built-in `dummy` type against the shared conformance suite. A StateFile keeps its running
 * state outside the instance, so a fresh instance (a new host) can probe it.
 */
import { defineConformanceSuite } from '../../src/resources/conformance/index.js';
import { defineHostConformance } from './support/host-conformance.js';
import { tempDir } from './support/temp-dir.js';

const subject = {
  type: 'dummy',
  setup() {
    const dir = tempDir('dummy');
    return { properties: { StateFile: dir.file('state') }, teardown: () => dir.remove() };
  },
  invalidProperties: () => [
    { why: 'OnlineDelayMs that is not a number', properties: { OnlineDelayMs: 'soon' } },
    { why: 'FailOnline set', properties: { FailOnline: true } },
  ],
};

defineConformanceSuite('dummy', subject);
defineHostConformance('dummy', subject);
