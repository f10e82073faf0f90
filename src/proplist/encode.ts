/**
 * Typed property list to bytes (wsfc.md §7.2). One pass measures and checks the list, a second
 * writes into a buffer of exactly that size, so the output is allocated once and its padding is
 * already zero. A list that does not check out is 87 ERROR_INVALID_PARAMETER: it is the caller's
 * argument, not received data.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import type { Property, PropertyList, PropertyValue } from './property-list.js';
import { propertyProblem, quoteName, rejectIfProblem, valueType } from './property-list.js';
import { FORMAT_CODE, SYNTAX_NAME, alignClusprop, syntaxValue } from './syntax.js';
import { writeUtf16le } from './utf16le.js';

/** Encodes `list`; the result decodes back to an equal list. */
export function encodePropertyList(list: PropertyList): Uint8Array {
  const size = measureList(list, '', 1);
  const out = new Uint8Array(size);
  const end = writeList(out, new DataView(out.buffer), 0, list);
  if (end !== size) throw new Error(`proplist encoder wrote ${end} bytes, measured ${size}`);
  return out;
}

/** Bytes of `list` once encoded, after checking it. */
export function encodedSize(list: PropertyList): number {
  return measureList(list, '', 1);
}

function measureList(list: PropertyList, path: string, depth: number): number {
  if (!Array.isArray(list)) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${path}list: a property list must be an array`);
  let size = 4;
  for (let i = 0; i < list.length; i++) {
    const prop = list[i] as Property;
    const problem = propertyProblem(prop, depth);
    if (problem !== undefined) rejectIfProblem(problem, `${path}property ${i}${typeof prop?.name === 'string' ? ` ${quoteName(prop.name)}` : ''}`);
    size += 8 + alignClusprop(2 * prop.name.length + 2) + 4;
    for (const value of prop.values) size += 8 + alignClusprop(valueDataSize(value, path, i, prop.name, depth));
  }
  if (size > 0xffffffff) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${path}list: encodes to more than 4 GiB`);
  return size;
}

function valueDataSize(value: PropertyValue, path: string, index: number, name: string, depth: number): number {
  switch (value.format) {
    case 'dword':
    case 'long':
      return 4;
    case 'word':
      return 2;
    case 'ularge_integer':
    case 'large_integer':
    case 'filetime':
      return 8;
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      return 2 * value.value.length + 2;
    case 'multi_sz': {
      let units = 1;
      for (const item of value.value) units += item.length + 1;
      return 2 * units;
    }
    case 'binary':
    case 'security_descriptor':
      return value.value.length;
    case 'property_list':
      return measureList(value.value, `${path}property ${index} ${quoteName(name)} > `, depth + 1);
  }
}

function writeList(out: Uint8Array, view: DataView, pos: number, list: PropertyList): number {
  view.setUint32(pos, list.length, true);
  pos += 4;
  for (const prop of list) {
    view.setUint32(pos, SYNTAX_NAME, true);
    view.setUint32(pos + 4, 2 * prop.name.length + 2, true);
    pos = alignClusprop(writeUtf16le(out, pos + 8, prop.name) + 2);
    for (const value of prop.values) pos = writeValue(out, view, pos, value);
    // The endmark is a bare zero syntax DWORD, and the buffer is already zero.
    pos += 4;
  }
  return pos;
}

function writeValue(out: Uint8Array, view: DataView, pos: number, value: PropertyValue): number {
  view.setUint32(pos, syntaxValue(valueType(value), FORMAT_CODE[value.format]), true);
  const data = pos + 8;
  let end: number;
  switch (value.format) {
    case 'dword':
      view.setUint32(data, value.value, true);
      end = data + 4;
      break;
    case 'long':
      view.setInt32(data, value.value, true);
      end = data + 4;
      break;
    case 'word':
      view.setUint16(data, value.value, true);
      end = data + 2;
      break;
    case 'ularge_integer':
    case 'filetime':
      view.setBigUint64(data, value.value, true);
      end = data + 8;
      break;
    case 'large_integer':
      view.setBigInt64(data, value.value, true);
      end = data + 8;
      break;
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      end = writeUtf16le(out, data, value.value) + 2;
      break;
    case 'multi_sz':
      end = data;
      for (const item of value.value) end = writeUtf16le(out, end, item) + 2;
      end += 2;
      break;
    case 'binary':
    case 'security_descriptor':
      out.set(value.value, data);
      end = data + value.value.length;
      break;
    case 'property_list':
      end = writeList(out, view, data, value.value);
      break;
  }
  view.setUint32(pos + 4, end - data, true);
  return alignClusprop(end);
}
