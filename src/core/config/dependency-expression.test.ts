import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DependencyExpressionError, formatDependencyExpression, parseDependencyExpression } from './dependency-expression.js';

describe('parseDependencyExpression', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['[A]', [['A']]],
    ['[A] and [B]', [['A'], ['B']]],
    ['[Db] and ([Disk] or [Cache])', [['Db'], ['Disk', 'Cache']]],
    ['([A] or [B]) and [C]', [['A', 'B'], ['C']]],
    ['([A])', [['A']]],
    ['[A] AND ([B] Or [C])', [['A'], ['B', 'C']]],
    ['[A]and([B]or[C])', [['A'], ['B', 'C']]],
    ['[My Disk (1)] and [x[y]', [['My Disk (1)'], ['x[y']]],
    ['[ padded ]', [['padded']]],
    // Leniency: a top-level OR-only expression is one OR-set.
    ['[A] or [B] or [C]', [['A', 'B', 'C']]],
  ])('%j', (text, expected) => {
    expect(parseDependencyExpression(text)).toEqual(expected);
  });

  it.each([
    ['[A', 0, 'unterminated'],
    ['[]', 0, 'empty resource name'],
    ['A and [B]', 0, 'unexpected word "A"'],
    ['[A] and', 7, 'after "and"'],
    ['[A] [B]', 4, 'expected "and", "or"'],
    ['[A] and [B] or [C]', 12, '"or" after "and"'],
    ['[A] or [B] and [C]', 11, '"and" after "or"'],
    ['([A] and [B])', 5, '"and" inside parentheses'],
    ['([A] or [B]', 11, 'expected "or" or ")"'],
    ['([A] or [B]) or [C]', 13, '"or" after a parenthesised set'],
    ['[A] or ([B] or [C])', 7, '"(" after "or"'],
    ['()', 1, 'after "("'],
    ['[A] & [B]', 4, 'unexpected character "&"'],
    ['[A] andor [B]', 4, 'unexpected word "andor"'],
  ])('refuses %j at offset %i', (text, position, reason) => {
    let error: unknown;
    try {
      parseDependencyExpression(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DependencyExpressionError);
    const e = error as DependencyExpressionError;
    expect(e.position).toBe(position);
    expect(e.reason).toContain(reason);
    expect(e.code).toBe(87);
    expect(e.message).toContain(`column ${position + 1}`);
  });
});

describe('formatDependencyExpression', () => {
  it('writes the canonical form', () => {
    expect(formatDependencyExpression([])).toBe('');
    expect(formatDependencyExpression([['Db'], ['Disk', 'Cache']])).toBe('[Db] and ([Disk] or [Cache])');
    expect(formatDependencyExpression([['A', 'B']])).toBe('([A] or [B])');
  });

  it('round-trips any expression of valid names', () => {
    const name = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes(']') && s.trim() === s && s !== '');
    const expr = fc.array(fc.array(name, { minLength: 1, maxLength: 4 }), { maxLength: 6 });
    fc.assert(
      fc.property(expr, (e) => {
        expect(parseDependencyExpression(formatDependencyExpression(e))).toEqual(e);
      }),
    );
  });
});
