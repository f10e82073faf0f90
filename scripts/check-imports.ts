/**
 * `npm run lint` step: the layer rule and the no-cycle rule over src/ (scripts/import-rules.ts).
 * Prints every problem with file and line; exits 1 when there is any.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayers, findCycles, importsOf, listSources } from './import-rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = fileURLToPath(new URL('../src', import.meta.url));
const files = listSources(src);
const edges = files.flatMap((file) => importsOf(file));
const problems = checkLayers(src, edges);
for (const p of problems) console.error(`${relative(root, p.file)}:${p.line}  ${p.message}`);
const cycles = findCycles(edges);
for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')} -> ${relative(root, cycle[0] as string)}`);
if (problems.length > 0 || cycles.length > 0) process.exit(1);
console.log(`imports: ${files.length} files, ${edges.length} imports, layers respected, no cycles`);
