/**
 * Reading common properties (wsfc.md §8) from a resource's or group's YAML mapping: WSFC names at
 * the top level, whole numbers in the [min, max] of common-properties.ts, defaults for the rest.
 * Wrong type and out of range are both 5913 ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS: the brief for the
 * format fixes one code for "bad value" so scripts need not tell the two apart.
 */
import type { PropertySpec } from '../common-properties.js';
import { Win32 } from '../errors.js';
import type { IssueList, PathSegment } from './config-error.js';

/** BOOL properties also accept YAML true/false (stored as 1/0, the DWORD WSFC keeps). */
const BOOLEAN_PROPERTIES: ReadonlySet<string> = new Set(['SeparateMonitor']);

export function formatBound(value: number): string {
  return value === 0xffffffff ? '0xFFFFFFFF' : String(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Returns the property values with defaults filled in. Invalid values are reported and replaced
 * by the default so that validation can go on and report everything else.
 */
export function readCommonProperties<T extends Record<string, PropertySpec>>(
  specs: T,
  raw: Readonly<Record<string, unknown>>,
  path: readonly PathSegment[],
  issues: IssueList,
): { readonly [K in keyof T]: number } {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = spec.default;
    if (!Object.hasOwn(raw, name)) continue;
    const value = raw[name];
    const at = [...path, name];
    const range = `${formatBound(spec.min)}..${formatBound(spec.max)}`;
    if (typeof value === 'boolean' && BOOLEAN_PROPERTIES.has(name)) {
      out[name] = value ? 1 : 0;
    } else if (typeof value !== 'number' || !Number.isInteger(value)) {
      const expected = BOOLEAN_PROPERTIES.has(name) ? 'true, false, 0 or 1' : `a whole number in ${range}`;
      issues.add(at, Win32.ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS, `must be ${expected}, got ${describeValue(value)}`);
    } else if (value < spec.min || value > spec.max) {
      issues.add(at, Win32.ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS, `${value} is out of range ${range}`);
    } else {
      out[name] = value;
    }
  }
  return shareDefaults(specs, out) as { readonly [K in keyof T]: number };
}

/** One frozen all-defaults object per property table. */
const defaultsBySpecs = new WeakMap<object, Readonly<Record<string, number>>>();

/**
 * Most resources set no common property: they all get the same frozen object instead of 10,000
 * equal ones (values above 2^31 such as 0xFFFFFFFF are boxed numbers, so each copy is ~300 bytes).
 */
function shareDefaults(specs: Record<string, PropertySpec>, values: Record<string, number>): Readonly<Record<string, number>> {
  for (const [name, spec] of Object.entries(specs)) if (values[name] !== spec.default) return values;
  let shared = defaultsBySpecs.get(specs);
  if (!shared) defaultsBySpecs.set(specs, (shared = Object.freeze({ ...values })));
  return shared;
}
