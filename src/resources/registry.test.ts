/**
 * Type resolution (names and paths) and module validation, in-process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInTypeNames, loadResourceType, resolveResourceType } from './registry.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-registry-'));
  writeFileSync(
    join(dir, 'good.mjs'),
    `export default { name: 'good', online() {}, offline() {}, terminate() {} };\n`,
  );
  writeFileSync(join(dir, 'named.mjs'), `export const resourceType = { name: 'named', online() {}, offline() {}, terminate() {} };\n`);
  writeFileSync(join(dir, 'empty.mjs'), `export const something = 1;\n`);
  writeFileSync(join(dir, 'partial.mjs'), `export default { name: 'partial', online() {}, offline() {} };\n`);
  writeFileSync(join(dir, 'broken.mjs'), `export default {{;\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveResourceType', () => {
  it('resolves the built-in dummy to a module next to the registry', () => {
    const result = resolveResourceType('dummy', { baseDir: dir });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.type).toMatchObject({ typeKey: 'dummy', builtIn: true, parameter: null });
    expect(result.type.specifier).toMatch(/\/resources\/dummy\/index\.(ts|js)$/);
    expect(builtInTypeNames()).toContain('dummy');
  });

  it('answers 5078 for unknown names and unexpected parameters', () => {
    expect(resolveResourceType('nosuch', { baseDir: dir })).toMatchObject({ ok: false, code: 5078 });
    expect(resolveResourceType('ocf', { baseDir: dir })).toMatchObject({ ok: false, code: 5078 });
    expect(resolveResourceType('dummy:x', { baseDir: dir })).toMatchObject({ ok: false, code: 5078 });
    expect(resolveResourceType('', { baseDir: dir })).toMatchObject({ ok: false, code: 5078 });
  });

  it('resolves parameterized built-ins: ocf:<provider>:<agent>', () => {
    const result = resolveResourceType('ocf:heartbeat:Dummy', { baseDir: dir });
    expect(result).toMatchObject({ ok: true, type: { builtIn: true, parameter: 'heartbeat:Dummy' } });
  });

  it('resolves paths against the base directory; a missing file is 5078', () => {
    const result = resolveResourceType('./good.mjs', { baseDir: dir });
    expect(result).toMatchObject({ ok: true, type: { typeKey: join(dir, 'good.mjs'), builtIn: false, typescript: false } });
    expect(resolveResourceType(join(dir, 'good.mjs'), { baseDir: '/' })).toMatchObject({ ok: true });
    expect(resolveResourceType('./missing.js', { baseDir: dir })).toMatchObject({ ok: false, code: 5078 });
  });
});

describe('loadResourceType', () => {
  const load = (file: string) =>
    loadResourceType({ typeKey: join(dir, file), specifier: pathToFileURL(join(dir, file)).href, parameter: null });

  it('accepts a default export or a named `resourceType` export', async () => {
    expect(await load('good.mjs')).toMatchObject({ ok: true, type: { name: 'good' } });
    expect(await load('named.mjs')).toMatchObject({ ok: true, type: { name: 'named' } });
  });

  it('answers 5080 with a reason for modules that do not implement a type', async () => {
    expect(await load('empty.mjs')).toMatchObject({ ok: false, code: 5080, detail: expect.stringContaining('exports no resource type') });
    expect(await load('partial.mjs')).toMatchObject({ ok: false, code: 5080, detail: expect.stringContaining('has no terminate()') });
    expect(await load('broken.mjs')).toMatchObject({ ok: false, code: 5080, detail: expect.stringContaining('failed to load') });
  });

  it('answers 5078 for a module that is not there', async () => {
    expect(await load('gone.mjs')).toMatchObject({ ok: false, code: 5078 });
  });
});
