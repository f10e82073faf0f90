/**
 * Dependency expressions (wsfc.md §6.1, SetClusterResourceDependencyExpression): text such as
 * `[Db] and ([Disk] or [Cache])` to and from the conjunctive form the model stores
 * ([["Db"], ["Disk", "Cache"]]: an AND of OR-sets).
 *
 * Grammar accepted (the sdk grammar, plus two leniencies):
 *   expression := term ("and" term)*  |  resource ("or" resource)+
 *   term       := resource | "(" resource ("or" resource)* ")"
 *   resource   := "[" name "]"        name: any characters but "]", trimmed, not empty
 * Keywords are case-insensitive. Leniencies: MS-CMRP's "resource and resource" is the first
 * alternative anyway; a top-level OR-only expression (`[A] or [B]`, which the sdk grammar writes
 * `([A] or [B])`) is read as one OR-set. Mixing and/or at one level without parentheses is refused
 * rather than guessed, as is "and" inside parentheses (the form has no OR of ANDs).
 */
import { ClusterError, Win32 } from '../errors.js';
import type { DependencyExpression } from '../model.js';

/** A syntax error at `position` (0-based offset into the text). Code 87 like the ClusAPI call. */
export class DependencyExpressionError extends ClusterError {
  readonly position: number;
  readonly reason: string;

  constructor(text: string, position: number, reason: string) {
    super(Win32.ERROR_INVALID_PARAMETER, `${reason} at column ${position + 1} of dependency expression ${JSON.stringify(text)}`);
    this.name = 'DependencyExpressionError';
    this.position = position;
    this.reason = reason;
  }
}

type Token =
  | { readonly kind: 'name'; readonly value: string; readonly at: number }
  | { readonly kind: 'and' | 'or' | '(' | ')'; readonly at: number };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, at: i });
      i++;
    } else if (ch === '[') {
      const close = text.indexOf(']', i + 1);
      if (close < 0) throw new DependencyExpressionError(text, i, 'unterminated "[" (a resource name ends with "]")');
      const value = text.slice(i + 1, close).trim();
      if (value === '') throw new DependencyExpressionError(text, i, 'empty resource name "[]"');
      tokens.push({ kind: 'name', value, at: i });
      i = close + 1;
    } else {
      const word = /^[A-Za-z]+/.exec(text.slice(i, i + 16))?.[0] ?? '';
      const lower = word.toLowerCase();
      const next = text[i + word.length];
      if ((lower === 'and' || lower === 'or') && (next === undefined || !/[A-Za-z0-9_]/.test(next))) {
        tokens.push({ kind: lower, at: i });
        i += word.length;
      } else if (word !== '') {
        throw new DependencyExpressionError(text, i, `unexpected word "${word}" (resource names go in brackets: [${word}])`);
      } else {
        throw new DependencyExpressionError(text, i, `unexpected character ${JSON.stringify(ch)}`);
      }
    }
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (token === undefined) return 'end of expression';
  return token.kind === 'name' ? `[${token.value}]` : `"${token.kind}"`;
}

/**
 * Parses the text into AND-of-OR-sets, in written order. An empty or blank text is the empty
 * expression (no dependencies). Names are returned as written; resolving them is validation's job.
 */
export function parseDependencyExpression(text: string): DependencyExpression {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const sets: string[][] = [];
  // Which connective joins the top-level terms; fixed by the first one seen.
  let joiner: 'and' | 'or' | null = null;
  let i = 0;
  const fail = (token: Token | undefined, reason: string): never => {
    throw new DependencyExpressionError(text, token?.at ?? text.length, reason);
  };
  const expectName = (token: Token | undefined, after: string): string => {
    if (token?.kind !== 'name') return fail(token, `expected a [resource name] ${after}, found ${describe(token)}`);
    return token.value;
  };

  for (;;) {
    const start = tokens[i];
    if (start?.kind === '(') {
      const set = [expectName(tokens[i + 1], 'after "("')];
      i += 2;
      for (;;) {
        const t = tokens[i];
        if (t?.kind === ')') break;
        if (t?.kind === 'or') {
          set.push(expectName(tokens[i + 1], 'after "or"'));
          i += 2;
        } else if (t?.kind === 'and') {
          fail(t, '"and" inside parentheses is not supported (an expression is an AND of OR-sets)');
        } else {
          fail(t, `expected "or" or ")", found ${describe(t)}`);
        }
      }
      i++;
      sets.push(set);
    } else {
      sets.push([expectName(start, joiner === null ? 'or "("' : `after "${joiner}"`)]);
      i++;
    }

    const connective = tokens[i];
    if (connective === undefined) break;
    if (connective.kind !== 'and' && connective.kind !== 'or') fail(connective, `expected "and", "or" or end of expression, found ${describe(connective)}`);
    const kind = connective.kind as 'and' | 'or';
    if (joiner !== null && joiner !== kind) fail(connective, `"${kind}" after "${joiner}" without parentheses; write OR-sets as ([A] or [B])`);
    if (kind === 'or' && start?.kind === '(') fail(connective, '"or" after a parenthesised set; put all alternatives inside one ( ... )');
    if (kind === 'or' && tokens[i + 1]?.kind === '(') fail(tokens[i + 1], '"(" after "or"; put all alternatives inside one ( ... )');
    joiner = kind;
    i++;
    if (tokens[i] === undefined) fail(undefined, `expected a [resource name] or "(" after "${kind}", found end of expression`);
  }

  // Top-level OR-only: every term was a single name, joined by "or": one OR-set.
  if (joiner === 'or') return [sets.map((s) => s[0] as string)];
  return sets;
}

/** The canonical text: `[A] and ([B] or [C])`; the empty expression is "". */
export function formatDependencyExpression(expr: DependencyExpression): string {
  return expr.map((set) => (set.length === 1 ? `[${set[0] as string}]` : `(${set.map((n) => `[${n}]`).join(' or ')})`)).join(' and ');
}

/** True when every OR-set has one member: a plain AND list, which YAML can say as a list. */
export function isSimpleExpression(expr: DependencyExpression): boolean {
  return expr.every((set) => set.length === 1);
}
