/**
 * Human-readable views of a property list for `wolfpack proplist decode FILE`: a typed table, one
 * line per value, and a hex dump in the `0000: 01 00 ...` style of wsfc.md §7.3.
 */
import type { PropertyList, PropertyValue } from './property-list.js';
import { valueType } from './property-list.js';
import { bytesToHex } from './json-form.js';
import { PropertyType } from './syntax.js';

interface Row {
  readonly name: string;
  readonly format: string;
  readonly value: string;
}

/** 100-ns ticks between 1601-01-01 and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;
const MAX_DATE_MS = 8.64e15;

function fileTimeText(ticks: bigint): string {
  const ms = (ticks - FILETIME_UNIX_EPOCH) / 10000n;
  if (ms < BigInt(-MAX_DATE_MS) || ms > BigInt(MAX_DATE_MS)) return ticks.toString();
  return `${ticks} (${new Date(Number(ms)).toISOString()})`;
}

function valueText(value: PropertyValue): string {
  switch (value.format) {
    case 'dword':
    case 'long':
    case 'word':
      return String(value.value);
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
    case 'multi_sz':
      // JSON quoting makes spaces, empty strings and control characters visible.
      return JSON.stringify(value.value);
    case 'binary':
    case 'security_descriptor':
      return value.value.length === 0 ? '(empty)' : bytesToHex(value.value);
    case 'ularge_integer':
    case 'large_integer':
      return value.value.toString();
    case 'filetime':
      return fileTimeText(value.value);
    case 'property_list':
      return `(${value.value.length} ${value.value.length === 1 ? 'property' : 'properties'})`;
  }
}

function collectRows(list: PropertyList, indent: string, rows: Row[]): void {
  for (const prop of list) {
    prop.values.forEach((value, i) => {
      const wType = valueType(value);
      const format = wType === PropertyType.LIST_VALUE ? value.format : `${value.format}[type ${wType}]`;
      rows.push({ name: i === 0 ? indent + prop.name : '', format, value: valueText(value) });
      if (value.format === 'property_list') collectRows(value.value, `${indent}  `, rows);
    });
  }
}

/**
 * One line per value: name, format, value in aligned columns; the extra values of a property
 * (e.g. EXPANDED_SZ after EXPAND_SZ) leave the name blank, and nested lists are indented.
 */
export function formatPropertyList(list: PropertyList): string {
  const rows: Row[] = [];
  collectRows(list, '', rows);
  if (rows.length === 0) return '(no properties)';
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const formatWidth = Math.max(...rows.map((r) => r.format.length));
  return rows.map((r) => `${r.name.padEnd(nameWidth)}  ${r.format.padEnd(formatWidth)}  ${r.value}`.trimEnd()).join('\n');
}

/** 16 bytes a line, upper-case hex, offsets at least 4 hex digits wide. */
export function hexDump(bytes: Uint8Array): string {
  const offsetWidth = Math.max(4, Math.max(0, bytes.length - 1).toString(16).length);
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const cells: string[] = [];
    for (let i = offset; i < Math.min(offset + 16, bytes.length); i++) cells.push((bytes[i] as number).toString(16).toUpperCase().padStart(2, '0'));
    lines.push(`${offset.toString(16).toUpperCase().padStart(offsetWidth, '0')}: ${cells.join(' ')}`);
  }
  return lines.join('\n');
}
