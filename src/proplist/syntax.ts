/**
 * CLUSPROP syntax vocabulary (wsfc.md §7.1): the format and type numbers, the syntax DWORD built
 * from them, and the lower-case format names that the typed model, the JSON form and the CLI share.
 */

/** `CLUSTER_PROPERTY_FORMAT`, the low word of a syntax DWORD. */
export const PropertyFormat = {
  UNKNOWN: 0,
  BINARY: 1,
  DWORD: 2,
  SZ: 3,
  EXPAND_SZ: 4,
  MULTI_SZ: 5,
  ULARGE_INTEGER: 6,
  LONG: 7,
  EXPANDED_SZ: 8,
  SECURITY_DESCRIPTOR: 9,
  LARGE_INTEGER: 10,
  WORD: 11,
  FILETIME: 12,
  VALUE_LIST: 13,
  PROPERTY_LIST: 14,
  USER: 32768,
} as const;

/** `CLUSTER_PROPERTY_TYPE`, the high word of a syntax DWORD (UNKNOWN = -1 never appears on the wire). */
export const PropertyType = {
  ENDMARK: 0,
  LIST_VALUE: 1,
  RESCLASS: 2,
  RESERVED1: 3,
  NAME: 4,
  SIGNATURE: 5,
  SCSI_ADDRESS: 6,
  DISK_NUMBER: 7,
  PARTITION_INFO: 8,
  FTSET_INFO: 9,
  DISK_SERIALNUMBER: 10,
  DISK_GUID: 11,
  DISK_SIZE: 12,
  PARTITION_INFO_EX: 13,
  PARTITION_INFO_EX2: 14,
  STORAGE_DEVICE_ID_DESCRIPTOR: 15,
  USER: 32768,
} as const;

/** `CLUSPROP_SYNTAX_VALUE(type, format)`. */
export function syntaxValue(type: number, format: number): number {
  return ((type << 16) | format) >>> 0;
}

export const SYNTAX_ENDMARK = 0;
export const SYNTAX_NAME = syntaxValue(PropertyType.NAME, PropertyFormat.SZ);

/**
 * The value formats this codec carries. UNKNOWN, VALUE_LIST and USER have no layout we can check, so
 * a list holding them is refused as malformed rather than passed on as bytes we do not understand.
 */
export const VALUE_FORMATS = [
  'binary',
  'dword',
  'sz',
  'expand_sz',
  'multi_sz',
  'ularge_integer',
  'long',
  'expanded_sz',
  'security_descriptor',
  'large_integer',
  'word',
  'filetime',
  'property_list',
] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

export const FORMAT_CODE: { readonly [F in ValueFormat]: number } = {
  binary: PropertyFormat.BINARY,
  dword: PropertyFormat.DWORD,
  sz: PropertyFormat.SZ,
  expand_sz: PropertyFormat.EXPAND_SZ,
  multi_sz: PropertyFormat.MULTI_SZ,
  ularge_integer: PropertyFormat.ULARGE_INTEGER,
  long: PropertyFormat.LONG,
  expanded_sz: PropertyFormat.EXPANDED_SZ,
  security_descriptor: PropertyFormat.SECURITY_DESCRIPTOR,
  large_integer: PropertyFormat.LARGE_INTEGER,
  word: PropertyFormat.WORD,
  filetime: PropertyFormat.FILETIME,
  property_list: PropertyFormat.PROPERTY_LIST,
};

const FORMAT_NAMES = new Set<string>(VALUE_FORMATS);

export function isValueFormat(name: string): name is ValueFormat {
  return FORMAT_NAMES.has(name);
}

/** `ALIGN_CLUSPROP(n)`, written without 32-bit bit operations because n may be an untrusted DWORD. */
export function alignClusprop(n: number): number {
  return n + ((4 - (n % 4)) % 4);
}

/** Lists inside property_list values may nest this many levels, the outermost list counting as 1. */
export const MAX_LIST_DEPTH = 16;

/** MS-CMRP 2.2.3.10: a property's value list holds 1 to 3 values (EXPAND_SZ + EXPANDED_SZ is the usual 2). */
export const MAX_VALUES_PER_PROPERTY = 3;
