/**
 * Bytes to typed property list (wsfc.md §7.2). The input is untrusted (it arrives as lpInBuffer),
 * so every length is checked against the bytes that remain before it is used, nothing is allocated
 * from a claimed count, nesting is bounded, and every failure is 13 ERROR_INVALID_DATA naming the
 * byte offset. The decoder accepts exactly what the encoder writes, so decode then encode gives
 * back the same bytes: padding must be zero and nothing may follow the last property.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import type { Property, PropertyList, PropertyValue } from './property-list.js';
import { quoteName } from './property-list.js';
import { MAX_LIST_DEPTH, MAX_VALUES_PER_PROPERTY, PropertyFormat, PropertyType, SYNTAX_ENDMARK, SYNTAX_NAME, alignClusprop } from './syntax.js';
import { readUtf16le } from './utf16le.js';

/** Smallest property: name header 8 + "\0" padded to 4, one value header 8 with no data, endmark 4. */
const MIN_PROPERTY_BYTES = 8 + 4 + 8 + 4;

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function malformed(offset: number, message: string): ClusterError {
  return new ClusterError(Win32.ERROR_INVALID_DATA, `property list malformed at offset ${offset} (0x${hex(offset, 4)}): ${message}`);
}

interface Input {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

/** Decodes a complete PROPERTY_LIST; throws ClusterError 13 for anything else. */
export function decodePropertyList(bytes: Uint8Array): PropertyList {
  if (!(bytes instanceof Uint8Array)) throw new ClusterError(Win32.ERROR_INVALID_DATA, 'property list must be a Uint8Array');
  const input: Input = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  return readList(input, 0, bytes.length, 1);
}

function readList(input: Input, start: number, end: number, depth: number): Property[] {
  if (depth > MAX_LIST_DEPTH) throw malformed(start, `property lists nest deeper than ${MAX_LIST_DEPTH} levels`);
  if (end - start < 4) throw malformed(start, `truncated: ${end - start} bytes cannot hold the property count`);
  const { view } = input;
  const count = view.getUint32(start, true);
  let pos = start + 4;
  if (count > (end - pos) / MIN_PROPERTY_BYTES) {
    throw malformed(start, `property count ${count} cannot fit in the ${end - pos} bytes that follow`);
  }
  const props: Property[] = [];
  for (let i = 0; i < count; i++) {
    if (end - pos < 8) throw malformed(pos, `truncated: property ${i} of ${count} has no name header`);
    const nameSyntax = view.getUint32(pos, true);
    if (nameSyntax !== SYNTAX_NAME) {
      throw malformed(pos, `property ${i} of ${count}: expected a name (syntax 0x${hex(SYNTAX_NAME, 8)}), found 0x${hex(nameSyntax, 8)}`);
    }
    const name = readText(input, pos + 4, checkEntry(input, pos, end, '', false), '', false);
    if (name.length === 0) throw malformed(pos, `property ${i} of ${count} has an empty name`);
    pos = pos + 8 + alignClusprop(view.getUint32(pos + 4, true));

    const values: PropertyValue[] = [];
    for (;;) {
      if (end - pos < 4) throw malformed(pos, `truncated: the values of ${quoteName(name)} have no endmark`);
      const syntax = view.getUint32(pos, true);
      if (syntax === SYNTAX_ENDMARK) {
        pos += 4;
        break;
      }
      if (values.length === MAX_VALUES_PER_PROPERTY) {
        throw malformed(pos, `${quoteName(name)} has more than ${MAX_VALUES_PER_PROPERTY} values (missing endmark?)`);
      }
      values.push(readValue(input, pos, end, syntax, name, depth));
      pos = pos + 8 + alignClusprop(view.getUint32(pos + 4, true));
    }
    if (values.length === 0) throw malformed(pos - 4, `${quoteName(name)} has no values`);
    props.push({ name, values: values as [PropertyValue, ...PropertyValue[]] });
  }
  if (pos !== end) throw malformed(pos, `${end - pos} bytes follow the last of ${count} properties`);
  return props;
}

/**
 * Checks a value header at `pos` (syntax already read) and that its data and padding fit before
 * `end`, with zero padding; returns the data length.
 */
function checkEntry(input: Input, pos: number, end: number, name: string, isValue: boolean): number {
  if (end - pos < 8) throw malformed(pos, `truncated: ${entryLabel(name, isValue)} has no length`);
  const cb = input.view.getUint32(pos + 4, true);
  const dataStart = pos + 8;
  const padded = alignClusprop(cb);
  if (padded > end - dataStart) {
    throw malformed(pos + 4, `${entryLabel(name, isValue)} length ${cb} (${padded} with padding) runs past the end, ${end - dataStart} bytes left`);
  }
  const { bytes } = input;
  for (let p = dataStart + cb, padEnd = dataStart + padded; p < padEnd; p++) {
    if (bytes[p] !== 0) throw malformed(p, `${entryLabel(name, isValue)} has a non-zero padding byte`);
  }
  return cb;
}

/** Reads a NUL-terminated UTF-16LE string of `cb` bytes (already checked to fit) whose length field is at `lengthPos`. */
function readText(input: Input, lengthPos: number, cb: number, name: string, isValue: boolean): string {
  const dataStart = lengthPos + 4;
  if (cb % 2 !== 0) throw malformed(lengthPos, `${entryLabel(name, isValue)} has an odd UTF-16 length ${cb}`);
  if (cb === 0) throw malformed(lengthPos, `${entryLabel(name, isValue)} is empty: a string includes its NUL`);
  const units = cb / 2 - 1;
  const lastUnit = dataStart + 2 * units;
  if (input.bytes[lastUnit] !== 0 || input.bytes[lastUnit + 1] !== 0) throw malformed(lastUnit, `${entryLabel(name, isValue)} is not NUL-terminated`);
  const text = readUtf16le(input.bytes, dataStart, units);
  // A C reader of the string (a resource DLL, ResUtil's copy) stops at the first NUL, so a longer
  // length would give us a different value from the one Windows code sees.
  const nul = text.indexOf('\0');
  if (nul !== -1) throw malformed(dataStart + 2 * nul, `${entryLabel(name, isValue)} has a NUL before its end`);
  return text;
}

function readMultiText(input: Input, pos: number, cb: number, name: string): string[] {
  const dataStart = pos + 8;
  if (cb % 2 !== 0) throw malformed(pos + 4, `${valueLabel(name)} has an odd UTF-16 length ${cb}`);
  if (cb === 0) throw malformed(pos + 4, `${valueLabel(name)} is empty: a multi_sz ends with an extra NUL`);
  const { bytes } = input;
  const end = dataStart + cb;
  const items: string[] = [];
  let itemStart = dataStart;
  for (let p = dataStart; p < end; p += 2) {
    if (bytes[p] !== 0 || bytes[p + 1] !== 0) continue;
    if (p === itemStart) {
      // An empty item is the terminator, and it must be the last code unit.
      if (p + 2 !== end) throw malformed(p + 2, `${valueLabel(name)} has ${end - p - 2} bytes after its final NUL`);
      return items;
    }
    items.push(readUtf16le(bytes, itemStart, (p - itemStart) / 2));
    itemStart = p + 2;
  }
  throw malformed(end - 2, `${valueLabel(name)} does not end with an extra NUL`);
}

/**
 * A plain Uint8Array copy: the caller may reuse its buffer, and a Node Buffer's slice() would
 * return a view into it rather than a copy.
 */
function copyBytes(bytes: Uint8Array, start: number, length: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, start + length));
}

function checkFixedSize(cb: number, size: number, pos: number, format: number, name: string): void {
  if (cb !== size) throw malformed(pos + 4, `${valueLabel(name)}: format ${format} needs length ${size}, found ${cb}`);
}

function entryLabel(name: string, isValue: boolean): string {
  return isValue ? valueLabel(name) : 'property name';
}

// Error text is built only on failure: quoting a name per value costs more than decoding it.
function valueLabel(name: string): string {
  return `value of ${quoteName(name)}`;
}

function readValue(input: Input, pos: number, end: number, syntax: number, name: string, depth: number): PropertyValue {
  const format = syntax & 0xffff;
  const wType = syntax >>> 16;
  const cb = checkEntry(input, pos, end, name, true);
  const { view } = input;
  const data = pos + 8;
  let value: PropertyValue;
  switch (format) {
    case PropertyFormat.DWORD:
      checkFixedSize(cb, 4, pos, format, name);
      value = { format: 'dword', value: view.getUint32(data, true) };
      break;
    case PropertyFormat.LONG:
      checkFixedSize(cb, 4, pos, format, name);
      value = { format: 'long', value: view.getInt32(data, true) };
      break;
    case PropertyFormat.WORD:
      checkFixedSize(cb, 2, pos, format, name);
      value = { format: 'word', value: view.getUint16(data, true) };
      break;
    case PropertyFormat.ULARGE_INTEGER:
      checkFixedSize(cb, 8, pos, format, name);
      value = { format: 'ularge_integer', value: view.getBigUint64(data, true) };
      break;
    case PropertyFormat.LARGE_INTEGER:
      checkFixedSize(cb, 8, pos, format, name);
      value = { format: 'large_integer', value: view.getBigInt64(data, true) };
      break;
    case PropertyFormat.FILETIME:
      checkFixedSize(cb, 8, pos, format, name);
      value = { format: 'filetime', value: view.getBigUint64(data, true) };
      break;
    case PropertyFormat.SZ:
      value = { format: 'sz', value: readText(input, pos + 4, cb, name, true) };
      break;
    case PropertyFormat.EXPAND_SZ:
      value = { format: 'expand_sz', value: readText(input, pos + 4, cb, name, true) };
      break;
    case PropertyFormat.EXPANDED_SZ:
      value = { format: 'expanded_sz', value: readText(input, pos + 4, cb, name, true) };
      break;
    case PropertyFormat.MULTI_SZ:
      value = { format: 'multi_sz', value: readMultiText(input, pos, cb, name) };
      break;
    case PropertyFormat.BINARY:
      value = { format: 'binary', value: copyBytes(input.bytes, data, cb) };
      break;
    case PropertyFormat.SECURITY_DESCRIPTOR:
      value = { format: 'security_descriptor', value: copyBytes(input.bytes, data, cb) };
      break;
    case PropertyFormat.PROPERTY_LIST:
      value = { format: 'property_list', value: readList(input, data, data + cb, depth + 1) };
      break;
    default:
      throw malformed(pos, `${valueLabel(name)} has syntax 0x${hex(syntax, 8)}, whose format ${format} this codec does not carry`);
  }
  return wType === PropertyType.LIST_VALUE ? value : { ...value, wType };
}
