/**
 * docs/cli.md stays in step with the program: every command and every one of its options is
 * documented, and the exit-code table is exactly ExitCode from the error table's module.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CapturedIo } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/main.js';
import { ExitCode } from '../../src/core/errors.js';

const DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

function leaves(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  if (command.commands.length === 0) return [{ path, command }];
  return command.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

/** An option counts as documented when it is written as code or as part of a usage line. */
function mentioned(flag: string): boolean {
  return [`\`${flag}`, `[${flag}`, ` ${flag} `].some((form) => DOC.includes(form));
}

describe('docs/cli.md', () => {
  const program = buildProgram({ io: new CapturedIo(), exitCode: 0 });
  const all = leaves(program).filter((l) => l.path.length > 0);

  it('names every command', () => {
    for (const { path } of all) {
      // "wolfpack group offline" or the "group offline|online" spelling both count.
      const parent = path.slice(0, -1).join(' ');
      const named = DOC.includes(`wolfpack ${path.join(' ')}`) || new RegExp(`wolfpack ${parent} [a-z|]*\\b${path.at(-1)}\\b`).test(DOC);
      expect(named, `wolfpack ${path.join(' ')}`).toBe(true);
    }
  });

  it('documents every option of every command', () => {
    const missing = all.flatMap(({ path, command }) =>
      command.options.filter((o) => !mentioned(o.long ?? '') && !(o.short !== undefined && mentioned(o.short))).map((o) => `${path.join(' ')} ${o.long}`),
    );
    expect(missing).toEqual([]);
  });

  it('holds the exit-code table of ExitCode', () => {
    for (const [family, exit] of Object.entries(ExitCode)) expect(DOC).toContain(`| ${exit} | ${family} |`);
  });
});
