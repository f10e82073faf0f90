/**
 * `Name=Value[:type]`, the CLI's `--prop` option, to one property. Without a type, a canonical
 * decimal that fits 32 bits is a dword and anything else an sz, which is what the common case
 * (`--prop "Virtual Machine=1"`) wants. Errors are 87 ERROR_INVALID_PARAMETER naming the property.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import { hexToBytes, parsePropertyListJson } from './json-form.js';
import type { Property, PropertyValue } from './property-list.js';
import { bigIntegerRange, integerRange, nameProblemOf, quoteName, rejectIfProblem, valueProblem } from './property-list.js';
import { isValueFormat, type ValueFormat } from './syntax.js';

const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const SIGNED_DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;
const HEX_NUMBER = /^0[xX][0-9a-fA-F]+$/;

function invalid(name: string, message: string): ClusterError {
  return new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--prop ${quoteName(name)}: ${message}`);
}

/**
 * Splits at the first '=' (so the name cannot hold one) and takes a type suffix only when the text
 * after the last ':' is a format name, so `Path=C:\x` stays an sz; write `Note=a:dword:sz` for the
 * literal text "a:dword".
 */
export function parsePropAssignment(text: string): Property {
  const eq = text.indexOf('=');
  if (eq === -1) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `--prop ${JSON.stringify(text)}: expected Name=Value[:type]`);
  const name = text.slice(0, eq);
  rejectIfProblem(nameProblemOf(name), `--prop ${JSON.stringify(text)}`);
  let raw = text.slice(eq + 1);
  let format: ValueFormat | undefined;
  const colon = raw.lastIndexOf(':');
  if (colon !== -1) {
    const suffix = raw.slice(colon + 1);
    if (isValueFormat(suffix)) {
      format = suffix;
      raw = raw.slice(0, colon);
    }
  }
  if (format === undefined) format = CANONICAL_DECIMAL.test(raw) && Number(raw) <= 0xffffffff ? 'dword' : 'sz';
  const value = valueFromText(name, format, raw);
  rejectIfProblem(valueProblem(value, 1), `--prop ${quoteName(name)}`);
  return { name, values: [value] };
}

function valueFromText(name: string, format: ValueFormat, raw: string): PropertyValue {
  switch (format) {
    case 'dword':
    case 'word':
    case 'long': {
      const ok = HEX_NUMBER.test(raw) ? format !== 'long' : SIGNED_DECIMAL.test(raw);
      const [min, max] = integerRange(format);
      const n = ok ? Number(raw) : NaN;
      if (!(n >= min && n <= max)) throw invalid(name, `${format} needs an integer ${min}..${max}${format === 'long' ? '' : ' (decimal or 0x hex)'}, got ${JSON.stringify(raw)}`);
      return { format, value: n };
    }
    case 'sz':
    case 'expand_sz':
    case 'expanded_sz':
      return { format, value: raw };
    case 'multi_sz':
      // Comma-separated; items with commas need the JSON form.
      return { format, value: raw === '' ? [] : raw.split(',') };
    case 'binary':
    case 'security_descriptor':
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(raw)) throw invalid(name, `${format} needs hex with an even number of digits`);
      return { format, value: hexToBytes(raw) };
    case 'ularge_integer':
    case 'large_integer':
    case 'filetime': {
      const [min, max] = bigIntegerRange(format);
      const n = SIGNED_DECIMAL.test(raw) && raw.length <= 21 ? BigInt(raw) : undefined;
      if (n === undefined || n < min || n > max) throw invalid(name, `${format} needs a decimal integer ${min}..${max}, got ${JSON.stringify(raw)}`);
      return { format, value: n };
    }
    case 'property_list':
      return { format, value: parsePropertyListJson(raw) };
  }
}
