/**
 * UTF-16LE to and from JS strings, code unit for code unit. A lone surrogate must survive (it is
 * legal in a Windows string and byte-exact round trips need it), which TextDecoder would replace
 * with U+FFFD; and TextDecoder's per-call cost dominates on the short names a list is full of.
 * So short strings are decoded by hand and long ones by TextDecoder, re-done by hand only if it
 * produced a U+FFFD.
 */

// Measured on Node 20: below ~40 units fromCharCode.apply over a reused array wins, above it
// TextDecoder does.
const SHORT_UNITS = 40;
const CHUNK_UNITS = 8192;

// Reused between calls: decoding is synchronous, so no two calls share it at once.
const codes: number[] = [];
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Decodes `units` UTF-16LE code units starting at `start`; the caller has bounds-checked them. */
export function readUtf16le(bytes: Uint8Array, start: number, units: number): string {
  if (units <= SHORT_UNITS) return readByHand(bytes, start, units);
  const text = utf16.decode(bytes.subarray(start, start + 2 * units));
  return text.includes('\uFFFD') ? readByHand(bytes, start, units) : text;
}

function readByHand(bytes: Uint8Array, start: number, units: number): string {
  let text = '';
  let p = start;
  for (let remaining = units; remaining > 0; ) {
    const n = remaining < CHUNK_UNITS ? remaining : CHUNK_UNITS;
    codes.length = n;
    for (let i = 0; i < n; i++, p += 2) codes[i] = (bytes[p] as number) | ((bytes[p + 1] as number) << 8);
    text += String.fromCharCode.apply(null, codes);
    remaining -= n;
  }
  return text;
}

/** Writes `text` as UTF-16LE at `pos` and returns the position after it (no NUL is added). */
export function writeUtf16le(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++, pos += 2) {
    const unit = text.charCodeAt(i);
    out[pos] = unit & 0xff;
    out[pos + 1] = unit >>> 8;
  }
  return pos;
}
