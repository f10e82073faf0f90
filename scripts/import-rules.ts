/**
 * The architecture's import rules, checked over the source tree: imports point down the layers of
 * ARCHITECTURE.md only (one table, below), and there are no import cycles. Type-only imports count
 * for layering (a type is still knowledge of the layer above) but not for cycles (they vanish at
 * run time). Used by `npm run lint` through scripts/check-imports.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const LAYERS = ['core', 'proplist', 'store', 'host', 'resources', 'engine', 'cluster', 'api', 'client', 'clusapi', 'cli', 'daemon'] as const;
export type Layer = (typeof LAYERS)[number];

/** What each layer may import from src/ besides itself. */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  core: [],
  proplist: ['core'],
  store: ['core'],
  host: ['core', 'proplist', 'resources'],
  resources: ['core', 'proplist'],
  engine: ['core', 'proplist', 'store', 'host', 'resources'],
  cluster: ['core', 'proplist', 'store', 'host', 'resources', 'engine'],
  api: ['core', 'proplist', 'store', 'engine', 'cluster', 'resources', 'client'],
  client: ['core', 'proplist'],
  clusapi: ['core', 'proplist', 'client', 'engine'],
  cli: ['core', 'proplist', 'client', 'clusapi', 'daemon', 'store', 'resources', 'engine'],
  daemon: ['core', 'proplist', 'store', 'host', 'resources', 'engine', 'cluster', 'api', 'client'],
};

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

// Across lines: `import {\n  a,\n  b,\n} from './x.js'` is one statement.
const IMPORT = /^[ \t]*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^[ \t]*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function listSources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

/** Relative imports of one file, resolved to .ts files (`./x.js` is written for `./x.ts`). */
export function importsOf(file: string, text: string = readFileSync(file, 'utf8')): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const add = (specifier: string, line: number, typeOnly: boolean): void => {
    if (!specifier.startsWith('.')) return;
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    const path = existsSync(target) ? target : existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts');
    edges.push({ from: file, to: path, line, typeOnly });
  };
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  for (const match of text.matchAll(IMPORT)) {
    add(match[4] as string, lineAt(match.index ?? 0), match[2] !== undefined || everyNameIsType(match[3] as string));
  }
  for (const match of text.matchAll(SIDE_EFFECT)) add(match[1] as string, lineAt(match.index ?? 0), false);
  for (const match of text.matchAll(DYNAMIC)) add(match[1] as string, lineAt(match.index ?? 0), false);
  return edges;
}

/** `import { type A, type B } from '...'`: erased at run time like `import type`. */
function everyNameIsType(clause: string): boolean {
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] as string).split(',').map((n) => n.trim()).filter((n) => n !== '');
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

export function layerOf(srcRoot: string, file: string): Layer | null {
  const first = relative(srcRoot, file).split(sep)[0];
  return (LAYERS as readonly string[]).includes(first ?? '') ? (first as Layer) : null;
}

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function checkLayers(srcRoot: string, edges: readonly ImportEdge[]): Problem[] {
  const problems: Problem[] = [];
  for (const edge of edges) {
    const from = layerOf(srcRoot, edge.from);
    const to = layerOf(srcRoot, edge.to);
    if (!from || !to || from === to || ALLOWED[from].includes(to)) continue;
    problems.push({ file: edge.from, line: edge.line, message: `src/${from} may not import src/${to} (${relative(srcRoot, edge.to)}): imports point down the layers of ARCHITECTURE.md` });
  }
  return problems;
}

/** Every cycle of run-time imports, as strongly connected components of more than one file (or a self-import). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.typeOnly) continue;
    const list = graph.get(edge.from) ?? [];
    list.push(edge.to);
    graph.set(edge.from, list);
  }
  // Tarjan's algorithm, iterative so deep import chains cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const targets = graph.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
