/**
 * The typed property-list model: a list is an ordered array of properties (names may repeat, as
 * wsfc.md §6.4 allows), each with 1..3 typed values. Also the value constructors, the one range
 * check that the encoder and the JSON reader share, and property-name matching.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import { MAX_LIST_DEPTH, MAX_VALUES_PER_PROPERTY, PropertyType, isValueFormat } from './syntax.js';

interface ValueCommon {
  /**
   * The high word of the syntax DWORD. Absent means LIST_VALUE (1); kept when a decoded value
   * carried another type (e.g. 5 SIGNATURE) so that re-encoding gives the same bytes.
   */
  readonly wType?: number;
}

export type IntegerFormat = 'dword' | 'long' | 'word';
export type TextFormat = 'sz' | 'expand_sz' | 'expanded_sz';
export type BytesFormat = 'binary' | 'security_descriptor';
export type BigIntegerFormat = 'ularge_integer' | 'large_integer' | 'filetime';

export type IntegerValue = ValueCommon & { readonly format: IntegerFormat; readonly value: number };
export type TextValue = ValueCommon & { readonly format: TextFormat; readonly value: string };
export type MultiTextValue = ValueCommon & { readonly format: 'multi_sz'; readonly value: readonly string[] };
export type BytesValue = ValueCommon & { readonly format: BytesFormat; readonly value: Uint8Array };
/** FILETIME is 100-ns ticks since 1601-01-01 UTC, unsigned like the two DWORDs it is made of. */
export type BigIntegerValue = ValueCommon & { readonly format: BigIntegerFormat; readonly value: bigint };
export type NestedListValue = ValueCommon & { readonly format: 'property_list'; readonly value: PropertyList };

export type PropertyValue = IntegerValue | TextValue | MultiTextValue | BytesValue | BigIntegerValue | NestedListValue;

export interface Property {
  readonly name: string;
  readonly values: readonly [PropertyValue, ...PropertyValue[]];
}

export type PropertyList = readonly Property[];

/** Value constructors, e.g. `property('Virtual Machine', propertyValue.dword(1))`. */
export const propertyValue = {
  dword: (value: number): IntegerValue => ({ format: 'dword', value }),
  long: (value: number): IntegerValue => ({ format: 'long', value }),
  word: (value: number): IntegerValue => ({ format: 'word', value }),
  sz: (value: string): TextValue => ({ format: 'sz', value }),
  expandSz: (value: string): TextValue => ({ format: 'expand_sz', value }),
  expandedSz: (value: string): TextValue => ({ format: 'expanded_sz', value }),
  multiSz: (value: readonly string[]): MultiTextValue => ({ format: 'multi_sz', value }),
  binary: (value: Uint8Array): BytesValue => ({ format: 'binary', value }),
  securityDescriptor: (value: Uint8Array): BytesValue => ({ format: 'security_descriptor', value }),
  ulargeInteger: (value: bigint): BigIntegerValue => ({ format: 'ularge_integer', value }),
  largeInteger: (value: bigint): BigIntegerValue => ({ format: 'large_integer', value }),
  fileTime: (value: bigint): BigIntegerValue => ({ format: 'filetime', value }),
  propertyList: (value: PropertyList): NestedListValue => ({ format: 'property_list', value }),
} as const;

export function property(name: string, first: PropertyValue, ...more: PropertyValue[]): Property {
  return { name, values: [first, ...more] };
}

const INTEGER_RANGE: { readonly [F in IntegerFormat]: readonly [number, number] } = {
  dword: [0, 0xffffffff],
  long: [-0x80000000, 0x7fffffff],
  word: [0, 0xffff],
};

const BIG_RANGE: { readonly [F in BigIntegerFormat]: readonly [bigint, bigint] } = {
  ularge_integer: [0n, 0xffffffffffffffffn],
  large_integer: [-0x8000000000000000n, 0x7fffffffffffffffn],
  filetime: [0n, 0xffffffffffffffffn],
};

export function integerRange(format: IntegerFormat): readonly [number, number] {
  return INTEGER_RANGE[format];
}

export function bigIntegerRange(format: BigIntegerFormat): readonly [bigint, bigint] {
  return BIG_RANGE[format];
}

/** Quotes a name for an error detail, cut short because names may come from untrusted bytes. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 61)}...` : name);
}

/**
 * What is wrong with a property's shape or its values' ranges, or undefined when nothing is.
 * Returning the text rather than throwing lets each caller name the property its own way (a list
 * index, a JSON key, a --prop argument) without building that name for every good property.
 * Nested lists are checked by the caller as it walks, so this is O(values).
 */
export function propertyProblem(prop: Property, depth: number): string | undefined {
  if (typeof prop !== 'object' || prop === null) return 'a property must be an object';
  const nameProblem = nameProblemOf(prop.name);
  if (nameProblem !== undefined) return nameProblem;
  const values: unknown = prop.values;
  if (!Array.isArray(values) || values.length < 1 || values.length > MAX_VALUES_PER_PROPERTY) {
    return `a property has 1 to ${MAX_VALUES_PER_PROPERTY} values`;
  }
  for (const value of values as readonly PropertyValue[]) {
    const problem = valueProblem(value, depth);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export function nameProblemOf(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a property name must be a non-empty string';
  if (name.includes('\0')) return 'a property name cannot contain NUL';
  return undefined;
}

function textProblem(text: unknown, format: string): string | undefined {
  if (typeof text !== 'string') return `${format} value must be a string`;
  // The wire form ends a string at its first NUL, so an inner NUL could not survive a round trip.
  if (text.includes('\0')) return `${format} value cannot contain NUL`;
  return undefined;
}

export function valueProblem(value: PropertyValue, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return 'a value must be an object';
  const format: unknown = value.format;
  if (typeof format !== 'string' || !isValueFormat(format)) return `unknown value format ${JSON.stringify(format)}`;
  if (value.wType !== undefined) {
    const t = value.wType;
    if (!Number.isInteger(t) || t < 0 || t > 0xffff) return `wType must be an integer 0..65535, got ${String(t)}`;
  }
  switch (value.format) {
    case 'dword':
    case 'long':
    case 'word': {
      const [min, max] = INTEGER_RANGE[value.format];
      const v = value.value;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        return `${value.format} value must be an integer ${min}..${max}, got ${String(v)}`;
      }
      return undefined;
    }
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      return textProblem(value.value, value.format);
    case 'multi_sz': {
      if (!Array.isArray(value.value)) return 'multi_sz value must be an array of strings';
      for (const item of value.value) {
        const problem = textProblem(item, 'multi_sz');
        if (problem !== undefined) return problem;
        // An empty item would read back as the list terminator.
        if (item.length === 0) return 'multi_sz items cannot be empty';
      }
      return undefined;
    }
    case 'binary':
    case 'security_descriptor':
      if (!(value.value instanceof Uint8Array)) return `${value.format} value must be a Uint8Array`;
      if (value.value.length > 0xffffffff) return `${value.format} value is longer than a DWORD length can say`;
      return undefined;
    case 'ularge_integer':
    case 'large_integer':
    case 'filetime': {
      const [min, max] = BIG_RANGE[value.format];
      const v = value.value;
      if (typeof v !== 'bigint' || v < min || v > max) return `${value.format} value must be a bigint ${min}..${max}, got ${String(v)}`;
      return undefined;
    }
    case 'property_list':
      if (!Array.isArray(value.value)) return 'property_list value must be an array of properties';
      if (depth + 1 > MAX_LIST_DEPTH) return `property lists nest deeper than ${MAX_LIST_DEPTH} levels`;
      return undefined;
  }
}

/** Throws 87 ERROR_INVALID_PARAMETER naming `where` when `problem` is set. */
export function rejectIfProblem(problem: string | undefined, where: string): void {
  if (problem !== undefined) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${where}: ${problem}`);
}

/** The syntax type of a value, defaulting to LIST_VALUE. */
export function valueType(value: PropertyValue): number {
  return value.wType ?? PropertyType.LIST_VALUE;
}

/**
 * Property names match case-insensitively, as cluster property names (registry value names) do on
 * Windows: code unit by code unit with simple one-to-one upper-casing, so lengths must match and
 * 'ß' never equals 'SS'. Only matching ignores case; names are stored and encoded as given.
 */
export function propertyNamesEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && upcaseUnit(x) !== upcaseUnit(y)) return false;
  }
  return true;
}

function upcaseUnit(unit: number): number {
  if (unit >= 0x61 && unit <= 0x7a) return unit - 0x20;
  if (unit < 0x80) return unit;
  const upper = String.fromCharCode(unit).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : unit;
}

/** The first property with this name (case-insensitive), as ResUtilFind* picks it; undefined if none. */
export function getProperty(list: PropertyList, name: string): Property | undefined {
  for (const prop of list) if (propertyNamesEqual(prop.name, name)) return prop;
  return undefined;
}
