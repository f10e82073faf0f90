import { describe, expect, it } from 'vitest';
import { parsePropAssignment } from './prop-assignment.js';
import { property, propertyValue as v } from './property-list.js';

describe('parsePropAssignment (--prop Name=Value[:type])', () => {
  it('defaults to dword for a canonical 32-bit decimal, else sz', () => {
    expect(parsePropAssignment('Virtual Machine=1')).toEqual(property('Virtual Machine', v.dword(1)));
    expect(parsePropAssignment('Max=4294967295')).toEqual(property('Max', v.dword(4294967295)));
    expect(parsePropAssignment('Big=4294967296')).toEqual(property('Big', v.sz('4294967296')));
    expect(parsePropAssignment('Neg=-1')).toEqual(property('Neg', v.sz('-1')));
    expect(parsePropAssignment('Zip=007')).toEqual(property('Zip', v.sz('007')));
    expect(parsePropAssignment('Note=hello world')).toEqual(property('Note', v.sz('hello world')));
    expect(parsePropAssignment('Empty=')).toEqual(property('Empty', v.sz('')));
  });

  it('takes an explicit :type suffix', () => {
    expect(parsePropAssignment('N=5:sz')).toEqual(property('N', v.sz('5')));
    expect(parsePropAssignment('N=0x10:dword')).toEqual(property('N', v.dword(16)));
    expect(parsePropAssignment('N=-7:long')).toEqual(property('N', v.long(-7)));
    expect(parsePropAssignment('N=65535:word')).toEqual(property('N', v.word(65535)));
    expect(parsePropAssignment('P=%TEMP%:expand_sz')).toEqual(property('P', v.expandSz('%TEMP%')));
    expect(parsePropAssignment('T=a,b,c:multi_sz')).toEqual(property('T', v.multiSz(['a', 'b', 'c'])));
    expect(parsePropAssignment('B=0A0b:binary')).toEqual(property('B', v.binary(Uint8Array.of(10, 11))));
    expect(parsePropAssignment('U=18446744073709551615:ularge_integer')).toEqual(property('U', v.ulargeInteger(18446744073709551615n)));
    expect(parsePropAssignment('L=-5:large_integer')).toEqual(property('L', v.largeInteger(-5n)));
    expect(parsePropAssignment('F=0:filetime')).toEqual(property('F', v.fileTime(0n)));
    expect(parsePropAssignment('Nested={"A":{"type":"dword","value":1}}:property_list')).toEqual(
      property('Nested', v.propertyList([property('A', v.dword(1))])),
    );
  });

  it('keeps a colon that is not followed by a type name', () => {
    expect(parsePropAssignment('Path=C:\\Cluster')).toEqual(property('Path', v.sz('C:\\Cluster')));
    expect(parsePropAssignment('Note=a:dword:sz')).toEqual(property('Note', v.sz('a:dword')));
    expect(parsePropAssignment('Eq=a=b')).toEqual(property('Eq', v.sz('a=b')));
  });

  it('rejects bad input with 87 naming the property', () => {
    const bad: Array<[string, RegExp]> = [
      ['NoEquals', /expected Name=Value/],
      ['=1', /non-empty/],
      ['D=-1:dword', /--prop "D": dword needs an integer 0..4294967295/],
      ['D=4294967296:dword', /dword needs/],
      ['D=1.5:dword', /dword needs/],
      ['W=65536:word', /word needs/],
      ['L=0x10:long', /long needs/],
      ['B=abc:binary', /even number of digits/],
      ['U=-1:ularge_integer', /ularge_integer needs/],
      ['M=a,,b:multi_sz', /cannot be empty/],
      ['P={bad:property_list', /does not parse/],
    ];
    for (const [text, detail] of bad) {
      expect(() => parsePropAssignment(text), text).toThrow(expect.objectContaining({ code: 87 }));
      expect(() => parsePropAssignment(text), text).toThrow(detail);
    }
  });
});
