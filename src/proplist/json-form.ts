/**
 * The JSON form of a property list, which the CLI, the HTTP API and the web UI all speak:
 *
 *   {"Virtual Machine": {"type": "dword", "value": 1}, "Tags": {"type": "multi_sz", "value": ["a"]}}
 *
 * `type` is the lower-case format name; 64-bit values are decimal strings and byte values are hex,
 * because JSON numbers lose precision past 2^53 and have no byte type. A property with several
 * values is `{"values": [...]}`, or the shorthand `{"type": "expand_sz", "value": ..., "expanded": ...}`
 * for the EXPAND_SZ + EXPANDED_SZ pair the server returns. The object form cannot hold a repeated
 * name (wsfc.md §6.4 allows one), nor keep the order of integer-like names (JS objects sort those
 * first), so there is also an array form, `[{"name": ..., "type": ..., "value": ...}, ...]`, which
 * propertyListToJson picks only when the object form would lose something. Bad JSON input is 87
 * ERROR_INVALID_PARAMETER with the property path in the detail.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import type { BigIntegerFormat, BytesFormat, IntegerFormat, Property, PropertyList, PropertyValue, TextFormat } from './property-list.js';
import { nameProblemOf, quoteName, rejectIfProblem, valueProblem, valueType } from './property-list.js';
import { MAX_LIST_DEPTH, MAX_VALUES_PER_PROPERTY, PropertyType, isValueFormat } from './syntax.js';

/** One value. `wType` appears only when the syntax type is not LIST_VALUE (1). */
export type JsonPropertyValue =
  | { type: IntegerFormat; value: number; wType?: number }
  | { type: TextFormat; value: string; wType?: number }
  | { type: 'multi_sz'; value: string[]; wType?: number }
  | { type: BytesFormat; value: string; wType?: number }
  | { type: BigIntegerFormat; value: string; wType?: number }
  | { type: 'property_list'; value: PropertyListJson; wType?: number };

/** The EXPAND_SZ + EXPANDED_SZ pair as one object. */
export interface JsonExpandPair {
  type: 'expand_sz';
  value: string;
  expanded: string;
}

export type JsonPropertySpec = JsonPropertyValue | JsonExpandPair | { values: JsonPropertyValue[] };
export type PropertyListJsonObject = { [name: string]: JsonPropertySpec };
export type PropertyListJsonEntry = { name: string } & JsonPropertySpec;
export type PropertyListJson = PropertyListJsonObject | PropertyListJsonEntry[];

export interface ToJsonOptions {
  /** 'auto' (default): the object form unless it would lose a repeated name or the order. */
  readonly form?: 'auto' | 'object' | 'array';
}

function invalid(where: string, message: string): ClusterError {
  return new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${where}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text in the JSON form; bad JSON is 87 like any other bad input. */
export function parsePropertyListJson(text: string): PropertyList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `property list JSON does not parse: ${(error as Error).message}`);
  }
  return propertyListFromJson(json);
}

/** Validates and converts either JSON form to a typed list. */
export function propertyListFromJson(json: unknown): PropertyList {
  return listFromJson(json, '', 1);
}

function listFromJson(json: unknown, path: string, depth: number): Property[] {
  if (depth > MAX_LIST_DEPTH) throw invalid(`${path}list`, `property lists nest deeper than ${MAX_LIST_DEPTH} levels`);
  if (Array.isArray(json)) {
    return json.map((entry: unknown, i) => {
      if (!isPlainObject(entry)) throw invalid(`${path}entry ${i}`, 'each entry must be an object with a name');
      const { name, ...spec } = entry;
      const where = `${path}entry ${i}${typeof name === 'string' ? ` ${quoteName(name)}` : ''}`;
      rejectIfProblem(nameProblemOf(name), where);
      return propertyFromJson(name as string, spec, where, depth);
    });
  }
  if (!isPlainObject(json)) throw invalid(`${path}list`, 'a property list must be a JSON object or array');
  return Object.keys(json).map((name) => {
    const where = `${path}property ${quoteName(name)}`;
    rejectIfProblem(nameProblemOf(name), where);
    return propertyFromJson(name, json[name], where, depth);
  });
}

function checkKeys(spec: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key)) throw invalid(where, `unexpected key ${JSON.stringify(key)} (expected ${allowed.join(', ')})`);
  }
}

function propertyFromJson(name: string, spec: unknown, where: string, depth: number): Property {
  if (!isPlainObject(spec)) throw invalid(where, 'a property must be an object with "type" and "value", or "values"');
  let values: PropertyValue[];
  if ('values' in spec) {
    checkKeys(spec, ['values'], where);
    const list = spec.values;
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_VALUES_PER_PROPERTY) {
      throw invalid(where, `"values" must be an array of 1 to ${MAX_VALUES_PER_PROPERTY} values`);
    }
    values = list.map((item: unknown, i) => valueFromJson(item, `${where} value ${i}`, depth, false));
  } else if ('expanded' in spec) {
    const expandSz = valueFromJson(spec, where, depth, true);
    const expanded = spec.expanded;
    if (typeof expanded !== 'string') throw invalid(where, '"expanded" must be a string');
    const expandedSz: PropertyValue = { format: 'expanded_sz', value: expanded };
    rejectIfProblem(valueProblem(expandedSz, depth), where);
    values = [expandSz, expandedSz];
  } else {
    values = [valueFromJson(spec, where, depth, false)];
  }
  const [first, ...more] = values;
  if (first === undefined) throw invalid(where, 'a property needs a value');
  return { name, values: [first, ...more] };
}

const DECIMAL = /^-?[0-9]{1,40}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function valueFromJson(spec: unknown, where: string, depth: number, expandPair: boolean): PropertyValue {
  if (!isPlainObject(spec)) throw invalid(where, 'a value must be an object with "type" and "value"');
  checkKeys(spec, expandPair ? ['type', 'value', 'expanded'] : ['type', 'value', 'wType'], where);
  const type = spec.type;
  if (typeof type !== 'string' || !isValueFormat(type)) {
    throw invalid(where, `"type" must be one of the format names (dword, sz, multi_sz, ...), got ${JSON.stringify(type)}`);
  }
  if (expandPair && type !== 'expand_sz') throw invalid(where, '"expanded" goes only with type expand_sz');
  if (!('value' in spec)) throw invalid(where, `${type} needs a "value"`);
  const raw = spec.value;
  let value: PropertyValue;
  switch (type) {
    case 'dword':
    case 'long':
    case 'word':
      if (typeof raw !== 'number') throw invalid(where, `${type} value must be a JSON number`);
      value = { format: type, value: raw };
      break;
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      if (typeof raw !== 'string') throw invalid(where, `${type} value must be a string`);
      value = { format: type, value: raw };
      break;
    case 'multi_sz':
      if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string')) {
        throw invalid(where, 'multi_sz value must be an array of strings');
      }
      value = { format: type, value: raw as string[] };
      break;
    case 'binary':
    case 'security_descriptor':
      if (typeof raw !== 'string' || !HEX.test(raw)) throw invalid(where, `${type} value must be a hex string with an even number of digits`);
      value = { format: type, value: hexToBytes(raw) };
      break;
    case 'ularge_integer':
    case 'large_integer':
    case 'filetime':
      if (typeof raw !== 'string' || !DECIMAL.test(raw)) throw invalid(where, `${type} value must be a decimal integer string`);
      value = { format: type, value: BigInt(raw) };
      break;
    case 'property_list':
      value = { format: type, value: listFromJson(raw, `${where} > `, depth + 1) };
      break;
  }
  if ('wType' in spec) {
    const wType = spec.wType;
    if (typeof wType !== 'number') throw invalid(where, 'wType must be a JSON number');
    if (wType !== PropertyType.LIST_VALUE) value = { ...value, wType };
  }
  rejectIfProblem(valueProblem(value, depth), where);
  return value;
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_PAIRS[b] as string;
  return out;
}

/** Converts a typed list to the JSON form; the result goes back through propertyListFromJson unchanged. */
export function propertyListToJson(list: PropertyList, options: ToJsonOptions = {}): PropertyListJson {
  const form = options.form ?? 'auto';
  const useArray = form === 'array' || (form === 'auto' && !objectFormKeepsEverything(list));
  if (useArray) return list.map((prop) => ({ name: prop.name, ...propertyToJson(prop, options) }));
  // No prototype, so a property named "__proto__" is data rather than a prototype change.
  const out = Object.create(null) as PropertyListJsonObject;
  for (const prop of list) {
    if (Object.hasOwn(out, prop.name)) {
      throw new ClusterError(Win32.ERROR_INVALID_DATA, `property ${quoteName(prop.name)} repeats, which the JSON object form cannot hold; use the array form`);
    }
    out[prop.name] = propertyToJson(prop, options);
  }
  return out;
}

function objectFormKeepsEverything(list: PropertyList): boolean {
  const seen = new Set<string>();
  for (const { name } of list) {
    if (seen.has(name) || isArrayIndexKey(name)) return false;
    seen.add(name);
  }
  return true;
}

/** JS objects enumerate keys like "7" before all others, whatever the insertion order. */
function isArrayIndexKey(name: string): boolean {
  if (!/^(?:0|[1-9][0-9]{0,9})$/.test(name)) return false;
  return Number(name) < 0xffffffff;
}

function propertyToJson(prop: Property, options: ToJsonOptions): JsonPropertySpec {
  const [first, second, third] = prop.values;
  if (second === undefined) return valueToJson(first, options);
  if (
    third === undefined &&
    first.format === 'expand_sz' &&
    second.format === 'expanded_sz' &&
    valueType(first) === PropertyType.LIST_VALUE &&
    valueType(second) === PropertyType.LIST_VALUE
  ) {
    return { type: 'expand_sz', value: first.value, expanded: second.value };
  }
  return { values: prop.values.map((value) => valueToJson(value, options)) };
}

function valueToJson(value: PropertyValue, options: ToJsonOptions): JsonPropertyValue {
  const json = valueBodyToJson(value, options);
  const wType = valueType(value);
  return wType === PropertyType.LIST_VALUE ? json : { ...json, wType };
}

function valueBodyToJson(value: PropertyValue, options: ToJsonOptions): JsonPropertyValue {
  switch (value.format) {
    case 'dword':
    case 'long':
    case 'word':
      return { type: value.format, value: value.value };
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      return { type: value.format, value: value.value };
    case 'multi_sz':
      return { type: value.format, value: [...value.value] };
    case 'binary':
    case 'security_descriptor':
      return { type: value.format, value: bytesToHex(value.value) };
    case 'ularge_integer':
    case 'large_integer':
    case 'filetime':
      return { type: value.format, value: value.value.toString() };
    case 'property_list':
      return { type: value.format, value: propertyListToJson(value.value, options) };
  }
}
