/**
 * The instruction editor's rows (name, type, value as typed) to the shared JSON form of property
 * lists (docs/proplist.md), which the API encodes to CLUSPROP bytes for every resource's offline.
 * Checked here so a typo is flagged on its row; the server checks again (87 names the property).
 */
export const INSTRUCTION_TYPES = [
  'dword',
  'sz',
  'multi_sz',
  'binary',
  'expand_sz',
  'long',
  'word',
  'ularge_integer',
  'large_integer',
  'filetime',
  'security_descriptor',
  'property_list',
] as const;
export type InstructionType = (typeof INSTRUCTION_TYPES)[number];

/** What to type for each type, shown as the value's hint. */
export const VALUE_HINTS: Readonly<Record<InstructionType, string>> = {
  dword: 'unsigned 32-bit: 1, 4294967295 or 0x1F',
  sz: 'text',
  multi_sz: 'one item per line',
  binary: 'hex bytes: 0a0b or 0a 0b',
  expand_sz: 'text with %VARIABLES%',
  long: 'signed 32-bit: -5',
  word: 'unsigned 16-bit: 0..65535 or 0xFF',
  ularge_integer: 'unsigned 64-bit decimal',
  large_integer: 'signed 64-bit decimal',
  filetime: '100-ns ticks since 1601 (decimal)',
  security_descriptor: 'hex bytes',
  property_list: 'a nested list in JSON form',
};

export interface InstructionRow {
  readonly name: string;
  readonly type: InstructionType;
  readonly value: string;
}

export type RowCheck = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

function unsigned(text: string, max: number): RowCheck {
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^[0-9]+$/.test(t) ? Number(t) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= max ? { ok: true, value: n } : { ok: false, problem: `must be an integer 0..${max}` };
}

function hex(text: string): RowCheck {
  const t = text.replace(/\s+/g, '');
  return /^([0-9a-f]{2})*$/i.test(t) ? { ok: true, value: t.toLowerCase() } : { ok: false, problem: 'must be hex bytes (two digits each)' };
}

function decimal(text: string, signed: boolean): RowCheck {
  const t = text.trim();
  return (signed ? /^-?[0-9]+$/ : /^[0-9]+$/).test(t) ? { ok: true, value: t } : { ok: false, problem: signed ? 'must be a decimal integer' : 'must be an unsigned decimal integer' };
}

export function checkValue(type: InstructionType, text: string): RowCheck {
  switch (type) {
    case 'dword':
      return unsigned(text, 0xffffffff);
    case 'word':
      return unsigned(text, 0xffff);
    case 'long': {
      const n = /^-?[0-9]+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
      return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? { ok: true, value: n } : { ok: false, problem: 'must be an integer -2147483648..2147483647' };
    }
    case 'sz':
    case 'expand_sz':
      return text.includes('\0') ? { ok: false, problem: 'must not contain NUL' } : { ok: true, value: text };
    case 'multi_sz': {
      const items = text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line !== '');
      return items.length > 0 ? { ok: true, value: items } : { ok: false, problem: 'needs at least one item' };
    }
    case 'binary':
    case 'security_descriptor':
      return hex(text);
    case 'ularge_integer':
      return decimal(text, false);
    case 'large_integer':
      return decimal(text, true);
    case 'filetime':
      return decimal(text, false);
    case 'property_list':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, problem: 'must be a property list in JSON form' };
      }
  }
}

function isBlank(row: InstructionRow): boolean {
  return row.name.trim() === '' && row.value.trim() === '';
}

export interface Instructions {
  /** The JSON form to send as `properties`, or null when there are no instructions. */
  readonly json: Readonly<Record<string, unknown>> | ReadonlyArray<unknown> | null;
  /** A problem per row index (rows without a problem are absent). */
  readonly problems: ReadonlyMap<number, string>;
}

/** The object form, or the array form when a name repeats (an object cannot hold it twice). */
export function instructionsToJson(rows: readonly InstructionRow[]): Instructions {
  const problems = new Map<number, string>();
  const specs: Array<{ name: string; type: InstructionType; value: unknown }> = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    if (row.name.trim() === '') {
      problems.set(index, 'needs a property name');
      return;
    }
    const check = checkValue(row.type, row.value);
    if (!check.ok) problems.set(index, check.problem);
    else specs.push({ name: row.name.trim(), type: row.type, value: check.value });
  });
  if (specs.length === 0) return { json: null, problems };
  const names = specs.map((s) => s.name.toLowerCase());
  if (new Set(names).size !== names.length) return { json: specs.map((s) => ({ name: s.name, type: s.type, value: s.value })), problems };
  return { json: Object.fromEntries(specs.map((s) => [s.name, { type: s.type, value: s.value }])), problems };
}
