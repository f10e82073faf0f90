/**
 * Key order and prefixes, shared by every local adapter. etcd orders keys by their bytes; SQLite's
 * BINARY collation compares UTF-8 bytes too. JavaScript's `<` compares UTF-16 code units, which
 * disagrees with byte order for characters above U+FFFF against U+E000..U+FFFF, so the memory
 * adapter sorts with `compareKeys` (code-point order, which is UTF-8 byte order) to list keys in
 * exactly the order the other adapters do.
 */
import { ClusterError, Win32 } from '../../core/errors.js';

/** Code-point (= UTF-8 byte) order of two strings: negative, 0 or positive. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (0xD800..0xDFFF) stand for code points above 0xFFFF, so they must sort after
// 0xE000..0xFFFF: shift them up and the BMP tail down, keeping each block's inner order.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/**
 * The smallest string greater than every string that starts with `prefix` (code-point order), or
 * null when there is none (the empty prefix, or one made only of U+10FFFF). `[prefix, end)` is the
 * prefix's key range, as etcd's range_end.
 */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop() ?? 0;
    if (last < 0x10ffff) {
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}

/** etcd refuses an empty key; so do we, with the same code on every adapter. */
export function checkKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `The ${what} must be a non-empty string.`);
  }
}

export function checkValue(value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A value must be a string (JSON by convention).');
  }
}
