/**
 * CommandLine without a shell: a string split into argv by a small, documented subset of POSIX
 * shell quoting, so that a configuration can say `/usr/bin/app --name "my app"` and nothing is
 * ever expanded, globbed or redirected behind the operator's back (docs/resource-types/process.md).
 *
 * - Spaces, tabs and newlines separate arguments.
 * - '...' keeps everything inside literally (no escapes at all).
 * - "..." keeps everything inside literally except \" and \\ (a backslash before anything else
 *   stays a backslash, as in sh).
 * - Outside quotes, a backslash makes the next character literal (`a\ b` is one argument).
 * - Quoted and unquoted parts next to each other form one argument: --name="a b" is `--name=a b`.
 *   '' and "" are an empty argument.
 * - $, `, *, ?, ~, |, ;, <, >, & are ordinary characters. Want a shell? Say so:
 *   `/bin/sh -c 'exec app >>/var/log/app.log 2>&1'`.
 * An unterminated quote or a trailing backslash is an error, never a guess.
 */

export type SplitResult = { readonly ok: true; readonly argv: string[] } | { readonly ok: false; readonly detail: string };

const SEPARATORS = new Set([' ', '\t', '\n', '\r']);

export function splitCommandLine(text: string): SplitResult {
  const argv: string[] = [];
  let current = '';
  // An argument exists once any character or any quote pair was seen, so "" is an empty argument.
  let inArgument = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (SEPARATORS.has(c)) {
      if (inArgument) argv.push(current);
      current = '';
      inArgument = false;
      i += 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { ok: false, detail: `unterminated single quote at column ${i + 1}` };
      current += text.slice(i + 1, end);
      inArgument = true;
      i = end + 1;
    } else if (c === '"') {
      const scanned = scanDoubleQuoted(text, i + 1);
      if (scanned === null) return { ok: false, detail: `unterminated double quote at column ${i + 1}` };
      current += scanned.value;
      inArgument = true;
      i = scanned.next;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { ok: false, detail: 'a backslash at the end has nothing to escape' };
      current += text[i + 1];
      inArgument = true;
      i += 2;
    } else {
      current += c;
      inArgument = true;
      i += 1;
    }
  }
  if (inArgument) argv.push(current);
  return { ok: true, argv };
}

function scanDoubleQuoted(text: string, from: number): { value: string; next: number } | null {
  let value = '';
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value, next: i + 1 };
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  return null;
}

/** The inverse, for logs: an argv written so that splitCommandLine gives it back. */
export function joinCommandLine(argv: readonly string[]): string {
  return argv.map((arg) => (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
