import { describe, expect, it } from 'vitest';
import { decodePropertyList } from './decode.js';
import { encodePropertyList } from './encode.js';
import { parsePropertyListJson, propertyListFromJson, propertyListToJson } from './json-form.js';
import { property, propertyValue as v, type PropertyList } from './property-list.js';

const BRIEF_EXAMPLE = {
  'Virtual Machine': { type: 'dword', value: 1 },
  Note: { type: 'sz', value: 'x' },
  Tags: { type: 'multi_sz', value: ['a', 'b'] },
  Blob: { type: 'binary', value: '0a0b' },
  Big: { type: 'ularge_integer', value: '18446744073709551615' },
};

function jsonRoundTrip(list: PropertyList): void {
  const json = JSON.parse(JSON.stringify(propertyListToJson(list))) as unknown;
  expect(propertyListFromJson(json)).toEqual(list);
  expect(encodePropertyList(propertyListFromJson(json))).toEqual(encodePropertyList(list));
}

describe('JSON form', () => {
  it('reads the documented example and writes it back unchanged', () => {
    const list = propertyListFromJson(BRIEF_EXAMPLE);
    expect(list).toEqual([
      property('Virtual Machine', v.dword(1)),
      property('Note', v.sz('x')),
      property('Tags', v.multiSz(['a', 'b'])),
      property('Blob', v.binary(Uint8Array.of(10, 11))),
      property('Big', v.ulargeInteger(18446744073709551615n)),
    ]);
    expect(JSON.parse(JSON.stringify(propertyListToJson(list)))).toEqual(BRIEF_EXAMPLE);
  });

  it('round-trips every format, nested lists and the expand pair', () => {
    jsonRoundTrip([
      property('D', v.dword(4294967295)),
      property('L', v.long(-5)),
      property('W', v.word(65535)),
      property('S', v.sz('')),
      property('E', v.expandSz('%X%')),
      property('X', v.expandedSz('x')),
      property('M', v.multiSz([])),
      property('B', v.binary(new Uint8Array())),
      property('SD', v.securityDescriptor(Uint8Array.of(0xff))),
      property('U', v.ulargeInteger(0n)),
      property('LI', v.largeInteger(-9223372036854775808n)),
      property('F', v.fileTime(133_000_000_000_000_000n)),
      property('Nested', v.propertyList([property('Inner', v.multiSz(['q'])), property('Empty', v.propertyList([]))])),
      property('Path', v.expandSz('%TEMP%'), v.expandedSz('/tmp')),
      property('Three', v.dword(1), v.sz('two'), v.word(3)),
      property('Sig', { format: 'dword', value: 7, wType: 5 }),
    ]);
  });

  it('writes the EXPAND_SZ + EXPANDED_SZ pair as one object, other multi-value properties as "values"', () => {
    const json = propertyListToJson([property('Path', v.expandSz('%TEMP%'), v.expandedSz('/tmp')), property('Two', v.dword(1), v.dword(2))]);
    expect(json).toEqual({
      Path: { type: 'expand_sz', value: '%TEMP%', expanded: '/tmp' },
      Two: { values: [{ type: 'dword', value: 1 }, { type: 'dword', value: 2 }] },
    });
  });

  it('uses the array form when a name repeats, and reads it back in order', () => {
    const list = [property('Virtual Machine', v.dword(1)), property('Other', v.sz('o')), property('Virtual Machine', v.dword(4))];
    const json = propertyListToJson(list);
    expect(json).toEqual([
      { name: 'Virtual Machine', type: 'dword', value: 1 },
      { name: 'Other', type: 'sz', value: 'o' },
      { name: 'Virtual Machine', type: 'dword', value: 4 },
    ]);
    jsonRoundTrip(list);
    expect(() => propertyListToJson(list, { form: 'object' })).toThrow(expect.objectContaining({ code: 13 }));
    expect(propertyListToJson([property('A', v.dword(1))], { form: 'array' })).toEqual([{ name: 'A', type: 'dword', value: 1 }]);
  });

  it('uses the array form when an integer-like name would be reordered by a JS object', () => {
    const list = [property('b', v.dword(1)), property('7', v.dword(2))];
    expect(Array.isArray(propertyListToJson(list))).toBe(true);
    jsonRoundTrip(list);
  });

  it('keeps a property named __proto__ as data', () => {
    const list = [property('__proto__', v.dword(1))];
    const json = propertyListToJson(list) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['__proto__']);
    jsonRoundTrip(list);
    expect(propertyListFromJson(JSON.parse('{"__proto__": {"type": "sz", "value": "p"}}'))).toEqual([property('__proto__', v.sz('p'))]);
  });

  it('agrees with decode for bytes that arrived on the wire', () => {
    const bytes = encodePropertyList([property('Virtual Machine', v.dword(4))]);
    expect(propertyListToJson(decodePropertyList(bytes))).toEqual({ 'Virtual Machine': { type: 'dword', value: 4 } });
  });
});

describe('JSON validation: 87 ERROR_INVALID_PARAMETER naming the property', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', 5, /must be a JSON object or array/],
    ['null', null, /must be a JSON object or array/],
    ['spec not an object', { X: 1 }, /property "X": a property must be an object/],
    ['unknown type', { X: { type: 'qword', value: 1 } }, /property "X": "type" must be one of/],
    ['missing value', { X: { type: 'dword' } }, /property "X": dword needs a "value"/],
    ['dword as string', { X: { type: 'dword', value: '1' } }, /property "X": dword value must be a JSON number/],
    ['dword out of range', { X: { type: 'dword', value: 4294967296 } }, /property "X": dword value must be an integer 0..4294967295/],
    ['dword fraction', { X: { type: 'dword', value: 1.5 } }, /integer/],
    ['long out of range', { X: { type: 'long', value: -2147483649 } }, /long value/],
    ['word negative', { X: { type: 'word', value: -1 } }, /word value/],
    ['sz not string', { X: { type: 'sz', value: 1 } }, /sz value must be a string/],
    ['sz with NUL', { X: { type: 'sz', value: 'a\u0000' } }, /cannot contain NUL/],
    ['multi_sz not array', { X: { type: 'multi_sz', value: 'a' } }, /array of strings/],
    ['multi_sz empty item', { X: { type: 'multi_sz', value: ['a', ''] } }, /cannot be empty/],
    ['binary odd hex', { X: { type: 'binary', value: 'abc' } }, /hex string/],
    ['binary not hex', { X: { type: 'binary', value: 'zz' } }, /hex string/],
    ['ularge as number', { X: { type: 'ularge_integer', value: 5 } }, /decimal integer string/],
    ['ularge too big', { X: { type: 'ularge_integer', value: '18446744073709551616' } }, /ularge_integer value must be a bigint/],
    ['ularge negative', { X: { type: 'ularge_integer', value: '-1' } }, /ularge_integer/],
    ['large too small', { X: { type: 'large_integer', value: '-9223372036854775809' } }, /large_integer/],
    ['filetime hex', { X: { type: 'filetime', value: '0x10' } }, /decimal integer string/],
    ['nested not a list', { X: { type: 'property_list', value: 'no' } }, /property "X" > list: a property list must be/],
    ['nested bad value', { X: { type: 'property_list', value: { Y: { type: 'dword', value: -1 } } } }, /property "X" > property "Y": dword value/],
    ['typo key', { X: { type: 'dword', vaule: 1 } }, /unexpected key "vaule"/],
    ['values empty', { X: { values: [] } }, /1 to 3 values/],
    ['values four', { X: { values: Array(4).fill({ type: 'dword', value: 1 }) } }, /1 to 3 values/],
    ['values with extra key', { X: { values: [{ type: 'dword', value: 1 }], type: 'sz' } }, /unexpected key "type"/],
    ['expanded on sz', { X: { type: 'sz', value: 'a', expanded: 'b' } }, /"expanded" goes only with type expand_sz/],
    ['expanded not string', { X: { type: 'expand_sz', value: 'a', expanded: 1 } }, /"expanded" must be a string/],
    ['wType out of range', { X: { type: 'dword', value: 1, wType: 70000 } }, /wType must be an integer/],
    ['empty name', { '': { type: 'dword', value: 1 } }, /non-empty/],
    ['array entry without name', [{ type: 'dword', value: 1 }], /entry 0: a property name must be a non-empty string/],
    ['array entry not object', [1], /entry 0: each entry must be an object/],
  ];
  it.each(bad)('%s', (_label, json, detail) => {
    let caught: unknown;
    try {
      propertyListFromJson(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'ClusterError', code: 87 });
    expect((caught as { detail: string }).detail).toMatch(detail);
  });

  it('refuses nesting deeper than 16 levels', () => {
    let json: unknown = {};
    for (let i = 0; i < 16; i++) json = { N: { type: 'property_list', value: json } };
    expect(() => propertyListFromJson(json)).toThrow(/nest deeper than 16 levels/);
  });

  it('parsePropertyListJson reports JSON syntax errors as 87', () => {
    expect(() => parsePropertyListJson('{"a":')).toThrow(expect.objectContaining({ code: 87 }));
    expect(parsePropertyListJson('{"Virtual Machine": {"type": "dword", "value": 1}}')).toEqual([property('Virtual Machine', v.dword(1))]);
  });
});
