import { describe, expect, it } from 'vitest';
import { HandleTable } from './handle-table.js';

interface Entries {
  A: { n: number };
  B: { s: string };
}

describe('HandleTable', () => {
  it('gives each open a distinct handle that resolves to its entry', () => {
    const table = new HandleTable<Entries>();
    const a1 = table.open('A', { n: 1 });
    const a2 = table.open('A', { n: 2 });
    expect(a1).not.toBe(a2);
    expect(table.lookup(a1, 'A')).toEqual({ n: 1 });
    expect(table.lookup(a2, 'A')).toEqual({ n: 2 });
    expect(table.count()).toBe(2);
    expect(String(a1)).toMatch(/^A#\d+$/);
  });

  it('refuses a handle of another kind, in lookup and in close', () => {
    const table = new HandleTable<Entries>();
    const a = table.open('A', { n: 1 });
    expect(table.lookup(a, 'B')).toBeUndefined();
    expect(table.close(a, 'B')).toBe(false);
    expect(table.lookup(a, 'A')).toEqual({ n: 1 });
  });

  it('forgets a closed handle; closing it again fails', () => {
    const table = new HandleTable<Entries>();
    const b = table.open('B', { s: 'x' });
    expect(table.close(b, 'B')).toBe(true);
    expect(table.lookup(b, 'B')).toBeUndefined();
    expect(table.close(b, 'B')).toBe(false);
    expect(table.count('B')).toBe(0);
  });

  it('refuses handles of another table, forged objects, copies and non-objects', () => {
    const one = new HandleTable<Entries>();
    const two = new HandleTable<Entries>();
    const a = one.open('A', { n: 1 });
    expect(two.lookup(a, 'A')).toBeUndefined();
    expect(one.lookup({ ...(a as object) }, 'A')).toBeUndefined();
    expect(one.lookup({ kind: 'A', id: 1 }, 'A')).toBeUndefined();
    for (const junk of [null, undefined, 0, 1, 'A#1']) expect(one.lookup(junk, 'A')).toBeUndefined();
  });

  it('never reuses an id, so a stale handle cannot alias a newer one', () => {
    const table = new HandleTable<Entries>();
    const first = table.open('A', { n: 1 });
    table.close(first, 'A');
    const second = table.open('A', { n: 2 });
    expect(String(second)).not.toBe(String(first));
    expect(table.lookup(first, 'A')).toBeUndefined();
  });

  it('handles are frozen: nobody can retarget one', () => {
    const table = new HandleTable<Entries>();
    const a = table.open('A', { n: 1 }) as unknown as { id: number };
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      a.id = 99;
    }).toThrow();
  });

  it('counts per kind', () => {
    const table = new HandleTable<Entries>();
    table.open('A', { n: 1 });
    table.open('A', { n: 2 });
    table.open('B', { s: 'x' });
    expect(table.count('A')).toBe(2);
    expect(table.count('B')).toBe(1);
    expect(table.count()).toBe(3);
  });
});
