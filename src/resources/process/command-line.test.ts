/**
 * CommandLine splitting: the documented quoting rules, and errors instead of guesses.
 */
import { describe, expect, it } from 'vitest';
import { joinCommandLine, splitCommandLine } from './command-line.js';

function argv(text: string): string[] {
  const result = splitCommandLine(text);
  if (!result.ok) throw new Error(result.detail);
  return result.argv;
}

describe('splitCommandLine', () => {
  it('splits on runs of whitespace', () => {
    expect(argv('  /usr/bin/app  --port 80\t-v\n')).toEqual(['/usr/bin/app', '--port', '80', '-v']);
    expect(argv('')).toEqual([]);
  });

  it('keeps single-quoted text literally', () => {
    expect(argv(`sh -c 'echo "$HOME" \\ done'`)).toEqual(['sh', '-c', 'echo "$HOME" \\ done']);
  });

  it('honours only \\" and \\\\ inside double quotes', () => {
    expect(argv(String.raw`app "a \"b\" c\\d \n"`)).toEqual(['app', String.raw`a "b" c\d \n`]);
  });

  it('joins adjacent parts and makes empty arguments from empty quotes', () => {
    expect(argv(`app --name="my app" x'y'"z" '' ""`)).toEqual(['app', '--name=my app', 'xyz', '', '']);
  });

  it('escapes any character with a backslash outside quotes', () => {
    expect(argv(String.raw`app a\ b \'c \$HOME`)).toEqual(['app', 'a b', "'c", '$HOME']);
  });

  it('expands nothing: $, globs, ~ and redirections are plain characters', () => {
    expect(argv('app $HOME *.txt ~ >out | cat')).toEqual(['app', '$HOME', '*.txt', '~', '>out', '|', 'cat']);
  });

  it('refuses unterminated quotes and a trailing backslash', () => {
    expect(splitCommandLine(`app 'open`)).toEqual({ ok: false, detail: 'unterminated single quote at column 5' });
    expect(splitCommandLine('app "open')).toMatchObject({ ok: false, detail: 'unterminated double quote at column 5' });
    expect(splitCommandLine('app \\')).toMatchObject({ ok: false });
  });

  it('joinCommandLine writes what splitCommandLine reads back', () => {
    const original = ['/bin/app', 'plain', 'with space', "it's", '', '$x', 'a"b'];
    expect(argv(joinCommandLine(original))).toEqual(original);
  });
});
