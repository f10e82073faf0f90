/**
 * The built-in `process` type (Generic Application) against the shared conformance suite: a
 * long-running `sleep` with its pid file in a temp dir, so a fresh instance (or host) adopts it.
 */
import { defineConformanceSuite } from '../../src/resources/conformance/index.js';
import { defineHostConformance } from './support/host-conformance.js';
import { tempDir } from './support/temp-dir.js';

const subject = {
  type: 'process',
  setup() {
    const dir = tempDir('process');
    return {
      properties: { CommandLine: 'sleep 300', PidFile: dir.file('sleep.pid'), StopTimeoutMs: 2_000, OnlineSettleMs: 50 },
      teardown: () => dir.remove(),
    };
  },
  invalidProperties: () => [
    { why: 'no command line', properties: {} },
    { why: 'a negative StopTimeoutMs', properties: { CommandLine: 'sleep 300', StopTimeoutMs: -1 } },
    { why: 'a program that does not exist', properties: { CommandLine: '/nonexistent/wolfpack-program' } },
  ],
};

defineConformanceSuite('process', subject);
defineHostConformance('process', subject);
