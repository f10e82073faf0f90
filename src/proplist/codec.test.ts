import { describe, expect, it } from 'vitest';
import { decodePropertyList } from './decode.js';
import { encodePropertyList, encodedSize } from './encode.js';
import { property, propertyValue as v, type PropertyList } from './property-list.js';
import { hexDump } from './text-view.js';

/** Bytes from a §7.3-style dump ("0000: 01 00 ..." lines, or bare hex pairs). */
function fromDump(dump: string): Uint8Array {
  const pairs = dump
    .split('\n')
    .map((line) => line.replace(/^\s*[0-9A-Fa-f]+:/, ''))
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return Uint8Array.from(pairs.map((p) => parseInt(p, 16)));
}

function roundTrip(list: PropertyList): Uint8Array {
  const bytes = encodePropertyList(list);
  expect(decodePropertyList(bytes)).toEqual(list);
  expect(encodePropertyList(decodePropertyList(bytes))).toEqual(bytes);
  expect(encodedSize(list)).toBe(bytes.length);
  return bytes;
}

describe('wsfc.md §7.3 worked examples, byte for byte', () => {
  it('OfflineAction = 1 is 56 bytes', () => {
    const expected = fromDump(`
0000: 01 00 00 00 03 00 04 00 1C 00 00 00 4F 00 66 00
0010: 66 00 6C 00 69 00 6E 00 65 00 41 00 63 00 74 00
0020: 69 00 6F 00 6E 00 00 00 02 00 01 00 04 00 00 00
0030: 01 00 00 00 00 00 00 00`);
    const bytes = roundTrip([property('OfflineAction', v.dword(1))]);
    expect(bytes.length).toBe(56);
    expect(bytes).toEqual(expected);
  });

  it('"Virtual Machine" = 1 is 60 bytes, and 4 changes only byte 0x34', () => {
    const expected = fromDump(`
0000: 01 00 00 00 03 00 04 00 20 00 00 00 56 00 69 00
0010: 72 00 74 00 75 00 61 00 6C 00 20 00 4D 00 61 00
0020: 63 00 68 00 69 00 6E 00 65 00 00 00 02 00 01 00
0030: 04 00 00 00 01 00 00 00 00 00 00 00`);
    const saveState = roundTrip([property('Virtual Machine', v.dword(1))]);
    expect(saveState).toEqual(expected);
    const liveMigrate = roundTrip([property('Virtual Machine', v.dword(4))]);
    const differing = [...saveState.keys()].filter((i) => saveState[i] !== liveMigrate[i]);
    expect(differing).toEqual([0x34]);
    expect(liveMigrate[0x34]).toBe(4);
  });

  it('a 14-character name ("PendingTimeout") is 30 bytes followed by 2 zero pad bytes', () => {
    const bytes = roundTrip([property('PendingTimeout', v.dword(180_000))]);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(8, true)).toBe(30); // cbLength excludes the padding
    expect([...bytes.subarray(12 + 28, 12 + 32)]).toEqual([0, 0, 0, 0]); // NUL then 2 pad bytes
    expect(view.getUint32(12 + 32, true)).toBe(0x00010002); // value starts on the 4-byte boundary
    // 4 + (8 + ALIGN(30)) + (8 + 4) + 4 (MsCS property-lists.md size formula)
    expect(bytes.length).toBe(4 + 8 + 32 + 12 + 4);
  });

  it('the hex dump prints in the §7.3 style', () => {
    expect(hexDump(encodePropertyList([property('OfflineAction', v.dword(1))])).split('\n')[0]).toBe(
      '0000: 01 00 00 00 03 00 04 00 1C 00 00 00 4F 00 66 00',
    );
  });
});

describe('every value syntax round-trips exactly', () => {
  const cases: Array<[string, PropertyList]> = [
    ['dword', [property('D', v.dword(0xffffffff))]],
    ['long', [property('L', v.long(-0x80000000))]],
    ['word', [property('W', v.word(0xbeef))]],
    ['sz', [property('S', v.sz('héllo 🐺'))]],
    ['empty sz', [property('S', v.sz(''))]],
    ['expand_sz', [property('E', v.expandSz('%SystemRoot%\\x'))]],
    ['expanded_sz', [property('E', v.expandedSz('C:\\Windows\\x'))]],
    ['multi_sz', [property('M', v.multiSz(['a', 'bc', 'def']))]],
    ['empty multi_sz', [property('M', v.multiSz([]))]],
    ['binary', [property('B', v.binary(Uint8Array.of(1, 2, 3, 4, 5)))]],
    ['empty binary', [property('B', v.binary(new Uint8Array()))]],
    ['security_descriptor', [property('SD', v.securityDescriptor(Uint8Array.of(1, 0, 4, 0x80)))]],
    ['ularge_integer', [property('U', v.ulargeInteger(0xffffffffffffffffn))]],
    ['large_integer', [property('LI', v.largeInteger(-0x8000000000000000n))]],
    ['filetime', [property('F', v.fileTime(133_000_000_000_000_000n))]],
    ['property_list', [property('Outer', v.propertyList([property('Inner', v.dword(7)), property('Deeper', v.propertyList([]))]))]],
    ['expand_sz + expanded_sz', [property('Path', v.expandSz('%TEMP%'), v.expandedSz('/tmp'))]],
    ['three values', [property('Three', v.dword(1), v.sz('x'), v.word(2))]],
    ['repeated names, kept in order', [property('Virtual Machine', v.dword(1)), property('IP Address', v.sz('a')), property('Virtual Machine', v.dword(4))]],
    ['lone surrogate and BOM survive', [property('\uFEFFodd', v.sz('\uD800x\uDC00'))]],
    ['a long string (TextDecoder path)', [property('Long', v.sz('x'.repeat(5000) + '\u00e9'))]],
    ['empty list', []],
  ];
  it.each(cases)('%s', (_label, list) => {
    roundTrip(list);
  });

  it('lays out strings with their NUL and multi_sz with its extra NUL', () => {
    const bytes = encodePropertyList([property('M', v.multiSz(['a', 'b']))]);
    const view = new DataView(bytes.buffer);
    const value = 4 + 8 + 4; // count, name header, "M\0"
    expect(view.getUint32(value, true)).toBe(0x00010005);
    expect(view.getUint32(value + 4, true)).toBe(10); // a\0 b\0 \0
    expect([...bytes.subarray(value + 8, value + 20)]).toEqual([0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('an empty list is the count alone', () => {
    expect(encodePropertyList([])).toEqual(Uint8Array.of(0, 0, 0, 0));
  });

  it('keeps a non-LIST_VALUE syntax type through decode and encode', () => {
    // CLUSPROP_SYNTAX_DISK_SIGNATURE 0x00050002 as the value of a property.
    const list = [property('Sig', { format: 'dword', value: 0x1234, wType: 5 })];
    const bytes = roundTrip(list);
    expect(new DataView(bytes.buffer).getUint32(4 + 8 + 8, true)).toBe(0x00050002);
  });

  it('decodes a Node Buffer into values that do not share its memory', () => {
    const input = Buffer.from(encodePropertyList([property('Blob', v.binary(Uint8Array.of(1, 2, 3)))]));
    const [blob] = decodePropertyList(input);
    input.fill(0);
    expect(blob?.values[0]).toEqual({ format: 'binary', value: Uint8Array.of(1, 2, 3) });
    expect(Buffer.isBuffer(blob?.values[0].value)).toBe(false);
  });

  it('decodes from a view that does not start at its buffer start', () => {
    const bytes = encodePropertyList([property('Virtual Machine', v.dword(1))]);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodePropertyList(shifted.subarray(3))).toEqual([property('Virtual Machine', v.dword(1))]);
  });
});

describe('encode refuses lists it cannot write faithfully (87)', () => {
  const bad: Array<[string, unknown]> = [
    ['dword out of range', [property('D', v.dword(2 ** 32))]],
    ['dword not an integer', [property('D', v.dword(1.5))]],
    ['long out of range', [property('L', v.long(2 ** 31))]],
    ['word out of range', [property('W', v.word(-1))]],
    ['ularge negative', [property('U', v.ulargeInteger(-1n))]],
    ['large too big', [property('L', v.largeInteger(2n ** 63n))]],
    ['sz with NUL', [property('S', v.sz('a\0b'))]],
    ['multi_sz empty item', [property('M', v.multiSz(['a', '']))]],
    ['empty name', [property('', v.dword(1))]],
    ['no values', [{ name: 'X', values: [] }]],
    ['four values', [{ name: 'X', values: [v.dword(1), v.dword(2), v.dword(3), v.dword(4)] }]],
    ['unknown format', [{ name: 'X', values: [{ format: 'qword', value: 1 }] }]],
    ['wType out of range', [property('X', { format: 'dword', value: 1, wType: 0x10000 })]],
    ['not an array', { name: 'X' }],
  ];
  it.each(bad)('%s', (_label, list) => {
    expect(() => encodePropertyList(list as PropertyList)).toThrow(expect.objectContaining({ name: 'ClusterError', code: 87 }));
  });

  it('names the property in the detail', () => {
    expect(() => encodePropertyList([property('Good', v.dword(1)), property('Bad', v.dword(-1))])).toThrow(/property 1 "Bad": dword value/);
  });

  it('refuses nesting deeper than 16 levels', () => {
    let list: PropertyList = [];
    for (let i = 0; i < 15; i++) list = [property(`L${i}`, v.propertyList(list))];
    roundTrip(list); // 16 lists in all
    expect(() => encodePropertyList([property('L15', v.propertyList(list))])).toThrow(expect.objectContaining({ code: 87 }));
  });
});
