/**
 * `wolfpack`: the command-line entry. Builds the command tree, runs one command, and turns every
 * failure into a message that names the Win32 code and an exit code from the error table.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, describeCode, errorEntry, isClusterError } from '../core/errors.js';
import { isApiError } from '../client/index.js';
import { registerConfigCommands } from './config-commands.js';
import { registerEventsCommand } from './events-command.js';
import { processIo, type CliIo } from './io.js';
import { registerMoveCommands } from './move-commands.js';
import { registerNodeCommands } from './node-commands.js';
import { registerObjectCommands } from './object-commands.js';
import { registerOpCommands } from './op-commands.js';
import { registerPlanCommand } from './plan-command.js';
import { registerProplistCommands } from './proplist-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerStatusCommand, registerWhoamiCommand } from './status-command.js';
import { registerTokenCommands } from './token-commands.js';

export interface CliContext {
  readonly io: CliIo;
  /** Set by a command to the exit code it wants; main returns it. */
  exitCode: number;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('wolfpack')
    .description('Wolfpack: a failover cluster service with the WSFC ClusAPI semantics')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')), writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError();
  registerServeCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerMoveCommands(registerObjectCommands(program, ctx, 'group'), ctx);
  registerObjectCommands(program, ctx, 'resource');
  registerNodeCommands(program, ctx);
  registerOpCommands(program, ctx);
  registerEventsCommand(program, ctx);
  registerConfigCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerWhoamiCommand(program, ctx);
  registerPlanCommand(program, ctx);
  registerProplistCommands(program, ctx);
  return program;
}

/** Runs the CLI with `argv` as process.argv gives it (node, script, ...args); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: ExitCode.ok };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

export function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version "errors" are commander's way of ending early; they are not failures.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage;
  }
  if (isClusterError(error)) {
    io.err(`error: ${error.message}`);
    // Validation answers list each problem with its body or YAML path.
    if (isApiError(error)) for (const issue of error.issues) io.err(`  ${issue.path}: ${describeCode(issue.code)}: ${issue.message}`);
    return errorEntry(error.code).exit;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  return ExitCode.failed;
}
