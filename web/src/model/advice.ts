/**
 * What to do about a code: the name and message come from the one error table (src/core/errors.ts,
 * the same the API and the CLI read); this adds the UI's advice, in terms of the dialog's controls.
 */
import { ERROR_TABLE } from '../../../src/core/errors.js';

const ADVICE: Readonly<Record<number, string>> = {
  5: 'Your token has Read access. Sign in with a token that has Full access (wolfpack token create NAME --access full).',
  13: 'The instruction data is malformed. Check each instruction row, or remove the instructions.',
  87: 'A flag, the reason or an instruction is not valid for this call. The issues below name the field.',
  1168: 'The object is gone. The cluster view reloads itself; pick the object again.',
  5007: 'No resource has that name any more (the configuration changed). The view reloads itself.',
  5013: 'No group has that name any more (the configuration changed). The view reloads itself.',
  5022: 'The daemon is stopping. Try again once it is back.',
  5023: 'It is pending, or part of an operation that is still running. Wait for that operation to end (see its timeline), then try again.',
  5908: 'The group is moving. Wait for the move to finish, then try again.',
  5944: 'The group is busy with another operation. Wait for it to end, then try again.',
  5960: 'A resource is locked; tick Ignore locked to override.',
  1722: 'The daemon cannot be reached. Check that wolfpack serve is running; the page reconnects by itself.',
};

export interface Explained {
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly advice: string;
}

/** `name` and `message` from the answer when it has them (they can be more specific than the table). */
export function explain(code: number, name?: string, message?: string): Explained {
  const entry = ERROR_TABLE.get(code);
  return {
    code,
    name: name ?? entry?.name ?? `ERROR_${code}`,
    message: message ?? entry?.message ?? '',
    advice: ADVICE[code] ?? entry?.message ?? 'See docs/errors.md for this code.',
  };
}

export function isAccepted(code: number): boolean {
  return code === 997 || code === 0;
}
