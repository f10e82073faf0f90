/**
 * `npm run bench [-- filter]`: runs every bench/*.bench.ts (or those whose file name contains the
 * filter), prints one table, and writes bench/results/latest.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { meets, type BenchModule, type BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const results: Array<BenchRow & { file: string; pass?: boolean }> = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  process.stderr.write(`running ${file}...\n`);
  for (const row of await mod.rows()) {
    const pass = meets(row);
    results.push({ ...row, file, ...(pass === undefined ? {} : { pass }) });
  }
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

const header = ['benchmark', 'value', 'unit', 'bar', 'result'];
const body = results.map((r) => [
  r.name,
  fmt(r.value),
  r.unit,
  r.bar ? `${r.bar.op} ${r.bar.limit}` : '',
  r.pass === undefined ? '' : r.pass ? 'pass' : 'MISS',
]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of body) console.log(line(row));
for (const r of results) {
  if (r.detail) console.log(`  ${r.name}: ${Object.entries(r.detail).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' ')}`);
}

const out = join(here, 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
