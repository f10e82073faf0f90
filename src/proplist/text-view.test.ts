import { describe, expect, it } from 'vitest';
import { property, propertyValue as v } from './property-list.js';
import { formatPropertyList, hexDump } from './text-view.js';

describe('formatPropertyList', () => {
  it('prints name, format and value in aligned columns', () => {
    const text = formatPropertyList([
      property('Virtual Machine', v.dword(1)),
      property('Note', v.sz('x y')),
      property('Path', v.expandSz('%TEMP%'), v.expandedSz('/tmp')),
      property('Tags', v.multiSz(['a', 'b'])),
      property('Blob', v.binary(Uint8Array.of(10, 11))),
      property('Big', v.ulargeInteger(18446744073709551615n)),
      property('Stamp', v.fileTime(116444736000000000n)),
      property('Sig', { format: 'dword', value: 7, wType: 5 }),
      property('Nested', v.propertyList([property('Inner', v.long(-1))])),
    ]);
    expect(text.split('\n')).toEqual([
      'Virtual Machine  dword           1',
      'Note             sz              "x y"',
      'Path             expand_sz       "%TEMP%"',
      '                 expanded_sz     "/tmp"',
      'Tags             multi_sz        ["a","b"]',
      'Blob             binary          0a0b',
      'Big              ularge_integer  18446744073709551615',
      'Stamp            filetime        116444736000000000 (1970-01-01T00:00:00.000Z)',
      'Sig              dword[type 5]   7',
      'Nested           property_list   (1 property)',
      '  Inner          long            -1',
    ]);
  });

  it('says so when the list is empty', () => {
    expect(formatPropertyList([])).toBe('(no properties)');
  });
});

describe('hexDump', () => {
  it('prints 16 bytes a line with 4-digit offsets, widening past 64 KiB', () => {
    expect(hexDump(Uint8Array.from({ length: 18 }, (_, i) => i))).toBe(
      '0000: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n0010: 10 11',
    );
    expect(hexDump(new Uint8Array())).toBe('');
    expect(hexDump(new Uint8Array(0x10001)).split('\n').at(-1)).toBe('10000: 00');
  });
});
