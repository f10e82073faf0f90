/**
 * `ocf:heartbeat:Dummy` (Debian's resource-agents) against the shared conformance suite: its
 * `state` parameter points into a temp dir, so every instance (and a fresh host) sees the same
 * state file.
 */
import { defineConformanceSuite } from '../../src/resources/conformance/index.js';
import { defineHostConformance } from './support/host-conformance.js';
import { tempDir } from './support/temp-dir.js';

const subject = {
  type: 'ocf:heartbeat:Dummy',
  setup() {
    const dir = tempDir('ocf');
    return { properties: { state: dir.file('Dummy.state') }, teardown: () => dir.remove() };
  },
  invalidProperties: () => [
    { why: 'a parameter the agent does not have', properties: { state: '/tmp/never-used.state', bogus: 1 } },
    { why: 'a state file in a directory that does not exist', properties: { state: '/nonexistent/wolfpack/Dummy.state' } },
  ],
};

defineConformanceSuite('ocf:heartbeat:Dummy', subject);
defineHostConformance('ocf:heartbeat:Dummy', subject);
