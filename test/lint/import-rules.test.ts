import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, findCycles, importsOf, listSources } from '../../scripts/import-rules.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'wolfpack-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, 'src');
}

function check(src: string) {
  const edges = listSources(src).flatMap((f) => importsOf(f));
  return { layers: checkLayers(src, edges), cycles: findCycles(edges) };
}

describe('import rules', () => {
  it('reports an upward import with its file and line', () => {
    const src = tree({ 'src/core/a.ts': "export const a = 1;\nimport { b } from '../cli/b.js';\n", 'src/cli/b.ts': 'export const b = 1;\n' });
    const { layers } = check(src);
    expect(layers).toHaveLength(1);
    expect(layers[0]).toMatchObject({ line: 2 });
    expect(layers[0]?.message).toContain('src/core may not import src/cli');
  });

  it('allows imports down the layers', () => {
    const src = tree({ 'src/cli/a.ts': "import { b } from '../core/b.js';\nexport const a = b;\n", 'src/core/b.ts': 'export const b = 1;\n' });
    expect(check(src)).toEqual({ layers: [], cycles: [] });
  });

  it('finds a cycle, also through multi-line and re-export statements', () => {
    const src = tree({
      'src/engine/a.ts': "import {\n  b,\n} from './b.js';\nexport const a = () => b;\n",
      'src/engine/b.ts': "export * from './c.js';\nexport const b = 1;\n",
      'src/engine/c.ts': "import { a } from './a.js';\nexport const c = a;\n",
    });
    const { cycles } = check(src);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.map((f) => f.split('/').pop()).sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
  });

  it('ignores cycles made only of type imports, which vanish at run time', () => {
    const src = tree({
      'src/engine/a.ts': "import type { B } from './b.js';\nexport interface A { b: B }\n",
      'src/engine/b.ts': "import { type A } from './a.js';\nexport interface B { a: A }\n",
    });
    expect(check(src).cycles).toEqual([]);
  });

  it('holds for this repository', () => {
    const src = fileURLToPath(new URL('../../src', import.meta.url));
    expect(check(src)).toEqual({ layers: [], cycles: [] });
  });
});
