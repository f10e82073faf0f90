/**
 * The CLUSPROP property-list codec (wsfc.md §7): the typed model, byte-exact encode/decode, the
 * JSON form shared by CLI, API and UI, the ResUtilFind* finders, and text views. Pure: no I/O.
 */
export {
  PropertyFormat,
  PropertyType,
  SYNTAX_ENDMARK,
  SYNTAX_NAME,
  VALUE_FORMATS,
  MAX_LIST_DEPTH,
  MAX_VALUES_PER_PROPERTY,
  syntaxValue,
  isValueFormat,
  type ValueFormat,
} from './syntax.js';
export {
  property,
  propertyValue,
  getProperty,
  propertyNamesEqual,
  type Property,
  type PropertyList,
  type PropertyValue,
  type IntegerValue,
  type TextValue,
  type MultiTextValue,
  type BytesValue,
  type BigIntegerValue,
  type NestedListValue,
} from './property-list.js';
export { decodePropertyList } from './decode.js';
export { encodePropertyList, encodedSize } from './encode.js';
export {
  propertyListFromJson,
  propertyListToJson,
  parsePropertyListJson,
  type PropertyListJson,
  type PropertyListJsonObject,
  type PropertyListJsonEntry,
  type JsonPropertySpec,
  type JsonPropertyValue,
  type JsonExpandPair,
  type ToJsonOptions,
} from './json-form.js';
export { parsePropAssignment } from './prop-assignment.js';
export {
  findDwordProperty,
  findLongProperty,
  findULargeIntegerProperty,
  findFileTimeProperty,
  findSzProperty,
  findExpandSzProperty,
  findExpandedSzProperty,
  findBinaryProperty,
  findMultiSzProperty,
  type FindResult,
} from './finders.js';
export { formatPropertyList, hexDump } from './text-view.js';
