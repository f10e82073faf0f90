import { describe, expect, it } from 'vitest';
import { encodePropertyList } from './encode.js';
import {
  findBinaryProperty,
  findDwordProperty,
  findExpandSzProperty,
  findExpandedSzProperty,
  findFileTimeProperty,
  findLongProperty,
  findMultiSzProperty,
  findSzProperty,
  findULargeIntegerProperty,
} from './finders.js';
import { getProperty, property, propertyNamesEqual, propertyValue as v } from './property-list.js';

const bytes = encodePropertyList([
  property('Virtual Machine', v.dword(1)),
  property('Offset', v.long(-3)),
  property('Size', v.ulargeInteger(1n << 40n)),
  property('Stamp', v.fileTime(133_000_000_000_000_000n)),
  property('Note', v.sz('hello')),
  property('Path', v.expandSz('%TEMP%\\x'), v.expandedSz('/tmp/x')),
  property('Raw', v.expandSz('%HOME%')),
  property('Blob', v.binary(Uint8Array.of(1, 2))),
  property('Owners', v.multiSz(['a', 'b'])),
  property('virtual machine', v.dword(9)),
]);

describe('ResUtilFind*-style finders', () => {
  it('find each format', () => {
    expect(findDwordProperty(bytes, 'Virtual Machine')).toEqual({ code: 0, value: 1 });
    expect(findLongProperty(bytes, 'Offset')).toEqual({ code: 0, value: -3 });
    expect(findULargeIntegerProperty(bytes, 'Size')).toEqual({ code: 0, value: 1n << 40n });
    expect(findFileTimeProperty(bytes, 'Stamp')).toEqual({ code: 0, value: 133_000_000_000_000_000n });
    expect(findSzProperty(bytes, 'Note')).toEqual({ code: 0, value: 'hello' });
    expect(findExpandSzProperty(bytes, 'Path')).toEqual({ code: 0, value: '%TEMP%\\x' });
    expect(findExpandedSzProperty(bytes, 'Path')).toEqual({ code: 0, value: '/tmp/x' });
    expect(findBinaryProperty(bytes, 'Blob')).toEqual({ code: 0, value: Uint8Array.of(1, 2) });
    expect(findMultiSzProperty(bytes, 'Owners')).toEqual({ code: 0, value: ['a', 'b'] });
  });

  it('match names case-insensitively, first match winning', () => {
    expect(findDwordProperty(bytes, 'VIRTUAL MACHINE')).toEqual({ code: 0, value: 1 });
    expect(findDwordProperty(bytes, 'virtual machine')).toEqual({ code: 0, value: 1 });
    expect(propertyNamesEqual('Ärger', 'äRGER')).toBe(true);
    expect(propertyNamesEqual('straße', 'STRASSE')).toBe(false);
    expect(propertyNamesEqual('a', 'ab')).toBe(false);
    expect(getProperty([property('X', v.dword(1))], 'x')?.name).toBe('X');
  });

  it('return 2 when no property has the name', () => {
    expect(findDwordProperty(bytes, 'Missing')).toEqual({ code: 2 });
    expect(findDwordProperty(encodePropertyList([]), 'Virtual Machine')).toEqual({ code: 2 });
  });

  it('return 13 for a property of another format', () => {
    expect(findDwordProperty(bytes, 'Note')).toEqual({ code: 13 });
    expect(findLongProperty(bytes, 'Virtual Machine')).toEqual({ code: 13 });
    expect(findSzProperty(bytes, 'Path')).toEqual({ code: 13 }); // expand_sz is not sz
    expect(findExpandSzProperty(bytes, 'Note')).toEqual({ code: 13 });
    expect(findBinaryProperty(bytes, 'Owners')).toEqual({ code: 13 });
    expect(findMultiSzProperty(bytes, 'Blob')).toEqual({ code: 13 });
    expect(findULargeIntegerProperty(bytes, 'Stamp')).toEqual({ code: 13 });
    expect(findFileTimeProperty(bytes, 'Size')).toEqual({ code: 13 });
    expect(findExpandedSzProperty(bytes, 'Blob')).toEqual({ code: 13 });
  });

  it('return 13 for a malformed list, even if the property is intact', () => {
    const truncated = bytes.subarray(0, bytes.length - 4);
    expect(findDwordProperty(truncated, 'Virtual Machine')).toEqual({ code: 13 });
    expect(findDwordProperty(new Uint8Array(), 'Virtual Machine')).toEqual({ code: 13 });
  });

  it('expand an EXPAND_SZ with the caller-supplied environment when no EXPANDED_SZ came with it', () => {
    expect(findExpandedSzProperty(bytes, 'Raw')).toEqual({ code: 0, value: '%HOME%' });
    expect(findExpandedSzProperty(bytes, 'Raw', (text) => text.replace('%HOME%', '/root'))).toEqual({ code: 0, value: '/root' });
    expect(findExpandedSzProperty(bytes, 'Note', (text) => text.toUpperCase())).toEqual({ code: 0, value: 'HELLO' });
  });
});
