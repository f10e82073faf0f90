/**
 * The built-in `script` type (Generic Script) against the shared conformance suite, with a small
 * shell script that keeps its state in a file next to itself (exit 7 from the health actions
 * means cleanly stopped).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { defineConformanceSuite } from '../../src/resources/conformance/index.js';
import { defineHostConformance } from './support/host-conformance.js';
import { tempDir } from './support/temp-dir.js';

const SCRIPT = `#!/bin/sh
state="$(dirname "$0")/state"
case "$1" in
  online) touch "$state" ;;
  offline|terminate) rm -f "$state" ;;
  looks-alive|is-alive) [ -f "$state" ] && exit 0; exit 7 ;;
  *) exit 3 ;;
esac
`;

const subject = {
  type: 'script',
  setup() {
    const dir = tempDir('script');
    const script = dir.file('service.sh');
    writeFileSync(script, SCRIPT);
    chmodSync(script, 0o755);
    return { properties: { Script: script }, teardown: () => dir.remove() };
  },
  invalidProperties: () => [
    { why: 'no Script', properties: {} },
    { why: 'a Script that does not exist', properties: { Script: '/nonexistent/wolfpack-script.sh' } },
    { why: 'a negative TimeoutMs', properties: { Script: '/bin/true', TimeoutMs: -5 } },
  ],
};

defineConformanceSuite('script', subject);
defineHostConformance('script', subject);
