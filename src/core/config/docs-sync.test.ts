// Keeps docs/configuration.md in step with the code: the common-property tables are generated
// from common-properties.ts (run with UPDATE_DOCS=1 to rewrite them), and the demo example loads.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PropertySpec } from '../common-properties.js';
import { GROUP_COMMON_PROPERTIES, RESOURCE_COMMON_PROPERTIES } from '../common-properties.js';
import { loadModelYaml } from './build-model.js';
import { formatBound } from './read-common.js';

const DOC = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));
const DEMO = fileURLToPath(new URL('../../../examples/demo-cluster.yaml', import.meta.url));

function table(specs: Readonly<Record<string, PropertySpec>>): string {
  const rows = Object.entries(specs).map(([name, s]) => `| \`${name}\` | ${formatBound(s.min)} | ${formatBound(s.max)} | ${formatBound(s.default)} | ${s.description} |`);
  return ['| Property | Min | Max | Default | Meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

function withTable(doc: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/configuration.md lacks the ${start} ... ${end} markers`);
  return `${doc.slice(0, from + start.length)}\n${body}\n${doc.slice(to)}`;
}

describe('docs/configuration.md', () => {
  it('lists every common property with its range and default', () => {
    const doc = readFileSync(DOC, 'utf8');
    const expected = withTable(withTable(doc, 'resource-common-properties', table(RESOURCE_COMMON_PROPERTIES)), 'group-common-properties', table(GROUP_COMMON_PROPERTIES));
    if (process.env['UPDATE_DOCS'] === '1' && expected !== doc) writeFileSync(DOC, expected);
    else expect(doc, 'run UPDATE_DOCS=1 npx vitest run src/core/config/docs-sync.test.ts').toBe(expected);
  });

  it('has a demo example that loads, with DemoGroup and DemoResource', () => {
    const model = loadModelYaml(readFileSync(DEMO, 'utf8'));
    expect(model.groupsByKey.has('demogroup')).toBe(true);
    expect(model.resourcesByKey.get('demoresource')?.group).toBe('DemoGroup');
    expect(model.dependents.get('Disk')).toEqual(['App', 'Marker', 'DemoResource']);
  });
});
