// The conformance suite on the sqlite adapter, each case in its own file under a temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { defineStoreConformance } from '../../src/store/conformance/index.js';

const dir = mkdtempSync(join(tmpdir(), 'wolfpack-sqlite-conformance-'));
let n = 0;
const freshPath = (): string => join(dir, `store-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineStoreConformance('sqlite', () => openSqliteStore(freshPath()), {
  persistent: async () => {
    const path = freshPath();
    return { store: await openSqliteStore(path), reopen: () => openSqliteStore(path) };
  },
});
