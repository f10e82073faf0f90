/**
 * docs/errors.md is generated from the error table so the two cannot drift: `npx tsx
 * scripts/errors-doc.ts --write` rewrites the generated part; test/docs/errors-doc.test.ts fails
 * when the file and the table disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_TABLE } from '../src/core/errors.js';

export const ERRORS_DOC = fileURLToPath(new URL('../docs/errors.md', import.meta.url));
export const BEGIN = '<!-- BEGIN GENERATED: error table -->';
export const END = '<!-- END GENERATED: error table -->';

export function renderErrorTable(): string {
  const rows = [...ERROR_TABLE.values()].map(
    (e) => `| ${e.code} | 0x${e.code.toString(16).toUpperCase()} | \`${e.name}\` | ${e.http} | ${e.exit} | ${e.message.replace(/\|/g, '\\|')} |`,
  );
  return [BEGIN, '| code | hex | name | HTTP | CLI exit | meaning |', '|---|---|---|---|---|---|', ...rows, END].join('\n');
}

export function generatedSection(doc: string): string | undefined {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start, end + END.length);
}

if (process.argv.includes('--write')) {
  const doc = readFileSync(ERRORS_DOC, 'utf8');
  const current = generatedSection(doc);
  if (current === undefined) throw new Error(`${ERRORS_DOC} has no generated section markers`);
  writeFileSync(ERRORS_DOC, doc.replace(current, renderErrorTable()));
  console.log(`updated ${ERRORS_DOC}`);
}
