/**
 * Fuzzing the property-list codec, ~105k inputs a run: random bytes, entry sequences that get past the
 * first checks, mutated valid encodings, and generated valid lists round-tripped through bytes and
 * JSON. Decode must either succeed, and then re-encode to the very same bytes, or throw
 * ClusterError 13 naming an offset; finders must never throw. Seeds vary per run; a failure
 * prints the seed and path to replay it with fc.assert's { seed, path }.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/core/errors.js';
import {
  decodePropertyList,
  encodePropertyList,
  findBinaryProperty,
  findDwordProperty,
  findExpandedSzProperty,
  findMultiSzProperty,
  findSzProperty,
  propertyListFromJson,
  propertyListToJson,
  type Property,
  type PropertyList,
  type PropertyValue,
} from '../../src/proplist/index.js';

const RUNS = { randomBytes: 20_000, entrySequence: 40_000, mutated: 40_000, mutationBases: 2_000, roundTrip: 3_000, json: 2_000 };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The one property every input must have: a canonical list, or 13 at an offset, nothing else. */
function checkDecode(bytes: Uint8Array): PropertyList | undefined {
  let list: PropertyList;
  try {
    list = decodePropertyList(bytes);
  } catch (error) {
    if (!(error instanceof ClusterError) || error.code !== 13 || !/at offset \d+ \(0x[0-9A-F]+\)/.test(error.detail)) throw error;
    return undefined;
  }
  // Whatever decode accepts, encode writes back byte for byte.
  if (!sameBytes(encodePropertyList(list), bytes)) throw new Error('decode accepted bytes that do not re-encode identically');
  return list;
}

/** Each finder decodes the whole list, so the large mutated inputs try two of them, the rest all. */
function checkFinders(bytes: Uint8Array, decoded: PropertyList | undefined, name: string, all = true): void {
  const codes = [findDwordProperty(bytes, name).code, findSzProperty(bytes, name).code];
  if (all) codes.push(findMultiSzProperty(bytes, name).code, findBinaryProperty(bytes, name).code, findExpandedSzProperty(bytes, name).code);
  for (const code of codes) {
    if (decoded === undefined ? code !== 13 : ![0, 2, 13].includes(code)) throw new Error(`finder returned ${code}`);
  }
}

// Text without NUL, lone surrogates included: the wire form carries any other UTF-16 code unit.
const text = fc.array(fc.oneof(fc.integer({ min: 1, max: 0x7f }), fc.integer({ min: 1, max: 0xffff })), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
const name = text.filter((s) => s.length > 0);
const wType = fc.option(fc.integer({ min: 0, max: 0xffff }).filter((t) => t !== 1), { freq: 8, nil: undefined });

function withType(value: PropertyValue, type: number | undefined): PropertyValue {
  return type === undefined ? value : { ...value, wType: type };
}

const leafValue: fc.Arbitrary<PropertyValue> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }).map((value): PropertyValue => ({ format: 'dword', value })),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((value): PropertyValue => ({ format: 'long', value })),
  fc.integer({ min: 0, max: 0xffff }).map((value): PropertyValue => ({ format: 'word', value })),
  fc.tuple(fc.constantFrom('sz', 'expand_sz', 'expanded_sz' as const), text).map(([format, value]): PropertyValue => ({ format, value })),
  fc.array(name, { maxLength: 4 }).map((value): PropertyValue => ({ format: 'multi_sz', value })),
  fc.tuple(fc.constantFrom('binary', 'security_descriptor' as const), fc.uint8Array({ maxLength: 24 })).map(([format, value]): PropertyValue => ({ format, value })),
  fc.tuple(fc.constantFrom('ularge_integer', 'filetime' as const), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([format, value]): PropertyValue => ({ format, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): PropertyValue => ({ format: 'large_integer', value })),
);

const { list: validList, property: validProperty } = fc.letrec<{ list: PropertyList; property: Property; value: PropertyValue }>((tie) => ({
  list: fc.array(tie('property'), { maxLength: 4 }),
  property: fc.record({
    name,
    values: fc.array(fc.tuple(tie('value'), wType), { minLength: 1, maxLength: 3 }).map(
      (pairs) => pairs.map(([value, type]) => withType(value, type)) as unknown as Property['values'],
    ),
  }),
  value: fc.oneof({ maxDepth: 2, depthIdentifier: 'list' }, leafValue, tie('list').map((value): PropertyValue => ({ format: 'property_list', value }))),
}));

const validBytes = validList.map((list) => ({ list, bytes: encodePropertyList(list) }));
const nonEmptyValidBytes = fc.array(validProperty, { minLength: 1, maxLength: 4 }).map((list) => ({ list, bytes: encodePropertyList(list) }));

const INTERESTING_DWORDS = [0, 1, 2, 3, 4, 6, 8, 12, 0x1c, 0x00040003, 0x00010002, 0x00010003, 0x00010005, 0x00010006, 0x0001000e, 0x00050002, 0x00000041, 0xffffffff, 0x7fffffff];
const VALUE_SYNTAXES = [0x00010001, 0x00010002, 0x00010003, 0x00010004, 0x00010005, 0x00010006, 0x00010007, 0x00010008, 0x00010009, 0x0001000a, 0x0001000b, 0x0001000c, 0x0001000d, 0x0001000e, 0x00050002, 0x00010000];

/** One CLUSPROP entry: a syntax, a length (usually honest), data and padding. */
function entry(syntax: number, data: Uint8Array, lengthSkew: number): number[] {
  const padded = new Uint8Array((data.length + 3) & ~3);
  padded.set(data);
  const dwords = [syntax, Math.max(0, data.length + lengthSkew)];
  const view = new DataView(padded.buffer);
  for (let i = 0; i < padded.length; i += 4) dwords.push(view.getUint32(i, true));
  return dwords;
}

const utf16z = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((units) => {
  const bytes = new Uint8Array(2 * units.length + 2);
  units.forEach((u, i) => new DataView(bytes.buffer).setUint16(2 * i, u, true));
  return bytes;
});
const skew = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) });
const token: fc.Arbitrary<number[]> = fc.oneof(
  fc.tuple(utf16z, skew).map(([data, k]) => entry(0x00040003, data, k)),
  fc.tuple(fc.constantFrom(...VALUE_SYNTAXES), fc.oneof(utf16z, fc.uint8Array({ maxLength: 12 })), skew).map(([syntax, data, k]) => entry(syntax, data, k)),
  fc.constant([0] as number[]),
  fc.constantFrom(...INTERESTING_DWORDS).map((d) => [d]),
);

/** Sequences of plausible entries after a small count: they get far past the first checks. */
const entrySequence = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), fc.array(token, { maxLength: 12 }), fc.integer({ min: 0, max: 3 }))
  .map(([count, tokens, cut]) => {
    const dwords = [count, ...tokens.flat()];
    const bytes = new Uint8Array(dwords.length * 4);
    const view = new DataView(bytes.buffer);
    dwords.forEach((d, i) => view.setUint32(4 * i, d >>> 0, true));
    // Sometimes end mid-DWORD.
    return cut > 0 && bytes.length > 4 ? bytes.subarray(0, bytes.length - cut) : bytes;
  });

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'remove'; at: number; count: number }
  | { kind: 'dword'; at: number; value: number }
  | { kind: 'nudge'; at: number; delta: number };

// Uniform over the input: fast-check's bias towards small numbers would aim most mutations at the
// count field (and its doubles are uniform over bit patterns, not over [0, 1)).
const position = fc.noBias(fc.integer({ min: 0, max: 0x3fffffff }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('dword' as const), at: position, value: fc.oneof(fc.constantFrom(...INTERESTING_DWORDS), fc.integer({ min: 0, max: 0xffffffff })) }),
  fc.record({ kind: fc.constant('nudge' as const), at: position, delta: fc.constantFrom(-4, -2, -1, 1, 2, 4, 8) }),
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = input.slice();
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    switch (m.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[at] = (bytes[at] as number) ^ (1 << m.bit);
        break;
      case 'set':
        if (bytes.length > 0) bytes[at] = m.byte;
        break;
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'insert': {
        const out = new Uint8Array(bytes.length + m.bytes.length);
        out.set(bytes.subarray(0, at));
        out.set(m.bytes, at);
        out.set(bytes.subarray(at), at + m.bytes.length);
        bytes = out;
        break;
      }
      case 'remove': {
        const count = Math.min(m.count, bytes.length - at);
        const out = new Uint8Array(bytes.length - count);
        out.set(bytes.subarray(0, at));
        out.set(bytes.subarray(at + count), at);
        bytes = out;
        break;
      }
      case 'dword':
      case 'nudge': {
        // Length and syntax fields sit on 4-byte boundaries.
        const aligned = at - (at % 4);
        if (aligned + 4 > bytes.length) break;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const value = m.kind === 'dword' ? m.value : (view.getUint32(aligned, true) + m.delta) >>> 0;
        view.setUint32(aligned, value, true);
        break;
      }
    }
  }
  return bytes;
}

describe('proplist fuzz', () => {
  it('random bytes: decode succeeds canonically or throws 13; finders never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
        checkFinders(bytes, checkDecode(bytes), 'Virtual Machine');
      }),
      { numRuns: RUNS.randomBytes },
    );
  });

  it('entry sequences shaped like lists', () => {
    fc.assert(
      fc.property(entrySequence, (bytes) => {
        checkFinders(bytes, checkDecode(bytes), 'A');
      }),
      { numRuns: RUNS.entrySequence },
    );
  });

  it('mutated valid encodings', () => {
    // Generating a list costs more than decoding it, so mutations draw from a pool made per run.
    const pool = fc.sample(nonEmptyValidBytes, RUNS.mutationBases);
    fc.assert(
      fc.property(fc.nat({ max: pool.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 2 }), (index, mutations) => {
        const { list, bytes } = pool[index] as (typeof pool)[number];
        const mutated = mutate(bytes, mutations);
        checkFinders(mutated, checkDecode(mutated), list[0]?.name ?? 'Virtual Machine', false);
      }),
      { numRuns: RUNS.mutated },
    );
  });

  it('valid lists: encode, decode, encode gives the same list and bytes', () => {
    fc.assert(
      fc.property(validBytes, ({ list, bytes }) => {
        const decoded = decodePropertyList(bytes);
        expect(decoded).toEqual(list);
        expect(sameBytes(encodePropertyList(decoded), bytes)).toBe(true);
        for (const prop of list) {
          const found = findDwordProperty(bytes, prop.name);
          if (found.code === 0) expect(typeof found.value).toBe('number');
          expect(found.code).not.toBe(2);
        }
      }),
      { numRuns: RUNS.roundTrip },
    );
  });

  it('valid lists: the JSON form round-trips through JSON text', () => {
    fc.assert(
      fc.property(validBytes, ({ list, bytes }) => {
        const json = JSON.parse(JSON.stringify(propertyListToJson(list))) as unknown;
        const back = propertyListFromJson(json);
        expect(back).toEqual(list);
        expect(sameBytes(encodePropertyList(back), bytes)).toBe(true);
      }),
      { numRuns: RUNS.json },
    );
  });
});
