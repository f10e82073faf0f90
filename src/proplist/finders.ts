/**
 * The ResUtilFind*Property family (wsfc.md §7.4) over raw list bytes, for resource types reading
 * the per-type instructions that OfflineClusterGroupEx and friends pass down (e.g. "Virtual
 * Machine" = 1). Results are data, never exceptions: 0 with the value, 2 ERROR_FILE_NOT_FOUND when
 * no property has the name, 13 ERROR_INVALID_DATA when the list does not parse or the property has
 * another format. The whole list is checked first: part of a malformed buffer is not trusted.
 * Names match case-insensitively (cluster property names are) and the first match wins.
 */
import { isClusterError, Win32 } from '../core/errors.js';
import { decodePropertyList } from './decode.js';
import type { Property, PropertyList, PropertyValue } from './property-list.js';
import { getProperty } from './property-list.js';

export type FindResult<T> =
  | { readonly code: typeof Win32.ERROR_SUCCESS; readonly value: T }
  | { readonly code: typeof Win32.ERROR_FILE_NOT_FOUND }
  | { readonly code: typeof Win32.ERROR_INVALID_DATA };

const NOT_FOUND = { code: Win32.ERROR_FILE_NOT_FOUND } as const;
const INVALID = { code: Win32.ERROR_INVALID_DATA } as const;

function tryDecode(bytes: Uint8Array): PropertyList | undefined {
  try {
    return decodePropertyList(bytes);
  } catch (error) {
    // Anything but a ClusterError is a decoder bug, which must not be hidden as bad data.
    if (isClusterError(error) && error.code === Win32.ERROR_INVALID_DATA) return undefined;
    throw error;
  }
}

function find<T>(bytes: Uint8Array, name: string, pick: (prop: Property) => T | undefined): FindResult<T> {
  const list = tryDecode(bytes);
  if (list === undefined) return INVALID;
  const prop = getProperty(list, name);
  if (prop === undefined) return NOT_FOUND;
  const value = pick(prop);
  return value === undefined ? INVALID : { code: Win32.ERROR_SUCCESS, value };
}

/** A property's format is that of its first value; the extra values are EXPANDED_SZ companions. */
function firstValue(prop: Property): PropertyValue {
  return prop.values[0];
}

export function findDwordProperty(bytes: Uint8Array, name: string): FindResult<number> {
  return find<number>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'dword' ? v.value : undefined;
  });
}

export function findLongProperty(bytes: Uint8Array, name: string): FindResult<number> {
  return find<number>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'long' ? v.value : undefined;
  });
}

export function findULargeIntegerProperty(bytes: Uint8Array, name: string): FindResult<bigint> {
  return find<bigint>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'ularge_integer' ? v.value : undefined;
  });
}

/** FILETIME as 100-ns ticks since 1601-01-01 UTC. */
export function findFileTimeProperty(bytes: Uint8Array, name: string): FindResult<bigint> {
  return find<bigint>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'filetime' ? v.value : undefined;
  });
}

/** Only an SZ value: an EXPAND_SZ is a different format (use findExpandSzProperty). */
export function findSzProperty(bytes: Uint8Array, name: string): FindResult<string> {
  return find<string>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'sz' ? v.value : undefined;
  });
}

/** The unexpanded text of an EXPAND_SZ property. */
export function findExpandSzProperty(bytes: Uint8Array, name: string): FindResult<string> {
  return find<string>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'expand_sz' ? v.value : undefined;
  });
}

/**
 * The EXPANDED_SZ value of the property when the list carries one (the server's EXPAND_SZ +
 * EXPANDED_SZ pair). Otherwise an SZ or EXPAND_SZ first value is passed through `expand`: Windows
 * expands with its own environment, and this module is pure, so the caller supplies the
 * environment; without `expand` the text comes back as it is.
 */
export function findExpandedSzProperty(
  bytes: Uint8Array,
  name: string,
  expand: (text: string) => string = (text) => text,
): FindResult<string> {
  return find<string>(bytes, name, (prop) => {
    for (const value of prop.values) if (value.format === 'expanded_sz') return value.value;
    const first = prop.values[0];
    return first.format === 'sz' || first.format === 'expand_sz' ? expand(first.value) : undefined;
  });
}

/** A copy of the bytes. */
export function findBinaryProperty(bytes: Uint8Array, name: string): FindResult<Uint8Array> {
  return find<Uint8Array>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'binary' ? v.value : undefined;
  });
}

export function findMultiSzProperty(bytes: Uint8Array, name: string): FindResult<readonly string[]> {
  return find<readonly string[]>(bytes, name, (prop) => {
    const v = firstValue(prop);
    return v.format === 'multi_sz' ? v.value : undefined;
  });
}
