import { describe, expect, it } from 'vitest';
import { ClusterError } from '../core/errors.js';
import { decodePropertyList } from './decode.js';
import { encodePropertyList } from './encode.js';
import { property, propertyValue as v, type PropertyList } from './property-list.js';

function decodeError(bytes: Uint8Array): ClusterError {
  try {
    decodePropertyList(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterError);
    return error as ClusterError;
  }
  throw new Error('decode accepted malformed bytes');
}

/** Asserts 13 ERROR_INVALID_DATA at `offset`, with `text` somewhere in the detail. */
function expectMalformed(bytes: Uint8Array, offset: number, text: RegExp): void {
  const error = decodeError(bytes);
  expect(error.code).toBe(13);
  expect(error.detail).toContain(`at offset ${offset} (0x`);
  expect(error.detail).toMatch(text);
}

function encoded(list: PropertyList): { bytes: Uint8Array; view: DataView } {
  const bytes = encodePropertyList(list);
  return { bytes, view: new DataView(bytes.buffer) };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

// "VM" = dword 1: count 0..3, name header 4..11, "VM\0" + pad 12..19, value 20..31, endmark 32..35.
const VM = [property('VM', v.dword(1))];
const VALUE = 20;

describe('decode turns malformed input into 13 ERROR_INVALID_DATA at a byte offset', () => {
  it('empty and short buffers', () => {
    expectMalformed(new Uint8Array(), 0, /cannot hold the property count/);
    expectMalformed(Uint8Array.of(1, 0, 0), 0, /cannot hold the property count/);
  });

  it('a count the bytes cannot hold, without allocating for it', () => {
    expectMalformed(Uint8Array.of(1, 0, 0, 0), 0, /property count 1 cannot fit in the 0 bytes/);
    expectMalformed(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0), 0, /property count 4294967295/);
  });

  it('a count larger than the properties present', () => {
    const { bytes, view } = encoded([property('Long', v.sz('x'.repeat(40)))]);
    view.setUint32(0, 2, true);
    expectMalformed(bytes, bytes.length, /property 1 of 2 has no name header/);
  });

  it('trailing bytes after the last property, or a count too small', () => {
    expectMalformed(concat(encodePropertyList(VM), new Uint8Array(4)), 36, /4 bytes follow the last of 1 properties/);
    const { bytes, view } = encoded([...VM, ...VM]);
    view.setUint32(0, 1, true);
    expectMalformed(bytes, 36, /32 bytes follow/);
  });

  it('a name entry without the NAME syntax', () => {
    const { bytes, view } = encoded(VM);
    view.setUint32(4, 0x00010003, true);
    expectMalformed(bytes, 4, /expected a name \(syntax 0x00040003\), found 0x00010003/);
  });

  it('name lengths: past the end, odd, zero, unterminated, inner NUL, empty name', () => {
    let e = encoded(VM);
    e.view.setUint32(8, 0xfffffffe, true);
    expectMalformed(e.bytes, 8, /property name length 4294967294 .* runs past the end/);
    e = encoded(VM);
    e.view.setUint32(8, 5, true);
    expectMalformed(e.bytes, 8, /odd UTF-16 length 5/);
    e = encoded(VM);
    e.view.setUint32(8, 0, true);
    expectMalformed(e.bytes, 8, /empty: a string includes its NUL/);
    e = encoded(VM);
    e.view.setUint32(8, 4, true); // "VM" without its NUL
    expectMalformed(e.bytes, 14, /not NUL-terminated/);
    e = encoded([property('VMX', v.dword(1))]);
    e.bytes[14] = 0; // "V\0X\0"
    expectMalformed(e.bytes, 14, /NUL before its end/);
    e = encoded([property('V', v.dword(1))]);
    e.bytes[12] = 0;
    e.view.setUint32(8, 2, true); // just the NUL, then 2 zero pad bytes
    expectMalformed(e.bytes, 4, /empty name/);
  });

  it('non-zero padding', () => {
    const { bytes } = encoded(VM);
    bytes[18] = 1; // pad after "VM\0"
    expectMalformed(bytes, 18, /non-zero padding byte/);
  });

  it('a value length past the end', () => {
    const { bytes, view } = encoded(VM);
    view.setUint32(VALUE + 4, 0xffffffff, true);
    expectMalformed(bytes, VALUE + 4, /value of "VM" length 4294967295 .* runs past the end/);
  });

  it('fixed-size formats with the wrong length', () => {
    const cases: Array<[number, number]> = [
      [0x00010002, 2], // DWORD needs 4
      [0x00010002, 8],
      [0x00010007, 0], // LONG needs 4
      [0x0001000b, 4], // WORD needs 2
      [0x00010006, 4], // ULARGE_INTEGER needs 8
      [0x0001000a, 12], // LARGE_INTEGER needs 8
      [0x0001000c, 4], // FILETIME needs 8
    ];
    for (const [syntax, cb] of cases) {
      const data = new Uint8Array(((cb + 3) & ~3) + 4);
      const bytes = concat(encodePropertyList(VM).subarray(0, VALUE), new Uint8Array(8), data);
      const view = new DataView(bytes.buffer);
      view.setUint32(VALUE, syntax, true);
      view.setUint32(VALUE + 4, cb, true);
      expectMalformed(bytes, VALUE + 4, new RegExp(`needs length \\d, found ${cb}`));
    }
  });

  it('a missing endmark, too many values, no values', () => {
    const full = encodePropertyList(VM);
    expectMalformed(full.subarray(0, full.length - 4), 32, /values of "VM" have no endmark/);
    const four = encodePropertyList([{ name: 'VM', values: [v.dword(1), v.dword(2), v.dword(3)] }]);
    const withFourth = concat(four.subarray(0, four.length - 4), four.subarray(VALUE, VALUE + 12), new Uint8Array(4));
    expectMalformed(withFourth, VALUE + 36, /more than 3 values/);
    const named = encodePropertyList([property('ABCDEFGHIJ', v.dword(1))]);
    const noValues = concat(named.subarray(0, 36), new Uint8Array(4));
    expectMalformed(noValues, 36, /"ABCDEFGHIJ" has no values/);
  });

  it('strings: odd length, unterminated, zero length', () => {
    let e = encoded([property('S', v.sz('ab'))]);
    const value = 4 + 8 + 4;
    e.view.setUint32(value + 4, 5, true);
    expectMalformed(e.bytes, value + 4, /odd UTF-16 length 5/);
    e = encoded([property('S', v.sz('ab'))]);
    e.view.setUint32(value + 4, 4, true);
    expectMalformed(e.bytes, value + 8 + 2, /not NUL-terminated/);
    e = encoded([property('S', v.sz('ab'))]);
    e.view.setUint32(value + 4, 0, true);
    expectMalformed(e.bytes, value + 4, /empty: a string includes its NUL/);
  });

  it('multi_sz: no final NUL, bytes after it, zero length', () => {
    const value = 4 + 8 + 4;
    let e = encoded([property('M', v.multiSz(['ab']))]); // a b \0 \0 = 8 bytes
    e.view.setUint32(value + 4, 6, true);
    expectMalformed(e.bytes, value + 8 + 4, /does not end with an extra NUL/);
    e = encoded([property('M', v.multiSz(['ab', 'c']))]); // a b \0 c \0 \0
    e.bytes[value + 8 + 6] = 0; // "ab\0\0\0\0": the terminator comes early
    expectMalformed(e.bytes, value + 8 + 8, /4 bytes after its final NUL/);
    e = encoded([property('M', v.multiSz([]))]);
    e.view.setUint32(value + 4, 0, true);
    expectMalformed(e.bytes, value + 4, /multi_sz ends with an extra NUL/);
  });

  it('formats without a layout this codec carries', () => {
    for (const syntax of [0x00010000, 0x0001000d, 0x00018000, 0x0001000f]) {
      const { bytes, view } = encoded(VM);
      view.setUint32(VALUE, syntax, true);
      expectMalformed(bytes, VALUE, /does not carry/);
    }
  });

  it('a nested list that does not fill its value exactly', () => {
    const inner = encodePropertyList(VM);
    const { bytes, view } = encoded([property('Outer', v.propertyList(VM))]);
    const value = 4 + 8 + 12;
    view.setUint32(value + 4, inner.length - 4, true);
    expectMalformed(bytes, value + 8 + 32, /no endmark/);
  });

  it('nesting deeper than 16 levels', () => {
    // Build 17 levels by hand: the encoder refuses to.
    let bytes = encodePropertyList([]);
    for (let level = 0; level < 16; level++) {
      const wrapper = encodePropertyList([property('N', v.binary(bytes))]);
      new DataView(wrapper.buffer).setUint32(4 + 8 + 4, 0x0001000e, true); // BINARY -> PROPERTY_LIST
      bytes = wrapper;
    }
    expectMalformed(bytes, 16 * 24, /nest deeper than 16 levels/);
  });

  it('rejects a value that is not a Uint8Array', () => {
    expect(decodeError('abc' as unknown as Uint8Array).code).toBe(13);
  });
});
