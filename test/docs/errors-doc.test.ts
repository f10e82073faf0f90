import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../src/core/errors.js';
import { ERRORS_DOC, generatedSection, renderErrorTable } from '../../scripts/errors-doc.js';

describe('docs/errors.md', () => {
  it('holds exactly the error table (regenerate with: npx tsx scripts/errors-doc.ts --write)', () => {
    const doc = readFileSync(ERRORS_DOC, 'utf8');
    expect(generatedSection(doc)).toBe(renderErrorTable());
  });

  it('names every code of the table in a row of its own', () => {
    const doc = readFileSync(ERRORS_DOC, 'utf8');
    for (const entry of ERROR_TABLE.values()) {
      expect(doc).toContain(`| ${entry.code} | 0x${entry.code.toString(16).toUpperCase()} | \`${entry.name}\` |`);
    }
  });
});
