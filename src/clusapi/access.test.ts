import { describe, expect, it } from 'vitest';
import { decideAccess, grantedAccessMask, lowerAccess } from './access.js';
import { GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE, MAXIMUM_ALLOWED } from './constants.js';

describe('desired access (wsfc.md §9)', () => {
  it('maps GENERIC_READ to Read and GENERIC_ALL / WRITE / EXECUTE to All', () => {
    expect(decideAccess(GENERIC_READ, 'full')).toEqual({ ok: true, level: 'read' });
    for (const bit of [GENERIC_ALL, GENERIC_WRITE, GENERIC_EXECUTE]) expect(decideAccess(bit, 'full')).toEqual({ ok: true, level: 'full' });
    expect(decideAccess((GENERIC_READ | GENERIC_ALL) >>> 0, 'full')).toEqual({ ok: true, level: 'full' });
  });

  it('gives MAXIMUM_ALLOWED what the principal holds, and never less than the other bits asked', () => {
    expect(decideAccess(MAXIMUM_ALLOWED, 'full')).toEqual({ ok: true, level: 'full' });
    expect(decideAccess(MAXIMUM_ALLOWED, 'read')).toEqual({ ok: true, level: 'read' });
    expect(decideAccess(MAXIMUM_ALLOWED, 'none')).toEqual({ ok: false, code: 5 });
    expect(decideAccess((MAXIMUM_ALLOWED | GENERIC_ALL) >>> 0, 'read')).toEqual({ ok: false, code: 5 });
  });

  it('refuses more than the principal holds with 5', () => {
    expect(decideAccess(GENERIC_ALL, 'read')).toEqual({ ok: false, code: 5 });
    expect(decideAccess(GENERIC_READ, 'none')).toEqual({ ok: false, code: 5 });
  });

  it('answers 87 for 0, non-DWORDs and unknown bits', () => {
    for (const bad of [0, -1, 1.5, 0x1_0000_0000, 0x1, (GENERIC_READ | 0x4) >>> 0]) expect(decideAccess(bad, 'full')).toEqual({ ok: false, code: 87 });
  });

  it('reports GENERIC_READ or GENERIC_ALL as granted', () => {
    expect(grantedAccessMask('read')).toBe(0x80000000);
    expect(grantedAccessMask('full')).toBe(0x10000000);
  });

  it('takes the lower of two levels', () => {
    expect(lowerAccess('full', 'read')).toBe('read');
    expect(lowerAccess('read', 'full')).toBe('read');
    expect(lowerAccess('none', 'full')).toBe('none');
    expect(lowerAccess('full', 'full')).toBe('full');
  });
});
