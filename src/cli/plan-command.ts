/**
 * `wolfpack plan -f cluster.yaml --offline-group NAME ...`: a dry run. Admits the command against
 * the file's state with the real planner and prints the plan in the scenario text format; the exit
 * code is the table's for the answer (0 for 0 and 997).
 */
import type { Command as Program } from 'commander';
import type { Command } from '../core/commands.js';
import { ClusterError, Win32, errorEntry } from '../core/errors.js';
import { buildSnapshot, parseCommand, parsePlanInput } from '../core/planner/plan-input.js';
import { formatPlanResult, plan } from '../core/planner/index.js';
import { decodePropertyList } from '../proplist/index.js';
import { collect, flagsFor, inputBytesFor, reasonFor, type FlagSwitches } from './command-options.js';
import type { OfflineOnlineKind } from './command-runner.js';
import type { CliContext } from './main.js';

interface PlanOptions extends FlagSwitches {
  file: string;
  offlineGroup?: string;
  offlineResource?: string;
  onlineGroup?: string;
  onlineResource?: string;
  reason?: string;
  prop?: string[];
  propsFile?: string;
  access?: string;
}

export function registerPlanCommand(program: Program, ctx: CliContext): void {
  program
    .command('plan')
    .description('dry run: print what an offline or online would do, in dependency order, without doing it')
    .requiredOption('-f, --file <cluster.yaml>', 'cluster configuration, optionally with state: and command: sections')
    .option('--offline-group <name>', 'plan OfflineClusterGroupEx of this group')
    .option('--offline-resource <name>', 'plan OfflineClusterResourceEx of this resource')
    .option('--online-group <name>', 'plan OnlineClusterGroupEx of this group')
    .option('--online-resource <name>', 'plan OnlineClusterResourceEx of this resource')
    .option('--ignore-locked', 'IGNORE_RESOURCE_STATUS: proceed although a resource is locked')
    .option('--force', 'resource offline: FORCE_WITH_TERMINATION')
    .option('--keep-persistent-state', 'resource offline/online: DO_NOT_UPDATE_PERSISTENT_STATE')
    .option('--flags <dword>', 'a raw flags word (OR-ed with the switches)')
    .option('--reason <word>', 'offline reason: moving, user, deleting, restarting, preempted, shutdown, unknown, none')
    .option('--prop <Name=Value[:type]>', 'an instruction for the resources (repeatable)', collect)
    .option('--props-file <file>', 'the instructions as a CLUSPROP property-list file')
    .option('--access <level>', 'plan as a caller with this access: full, read or none', 'full')
    .action((opts: PlanOptions) => {
      const text = new TextDecoder().decode(ctx.io.readFile(opts.file));
      const input = parsePlanInput(opts.file, text);
      const command = commandFrom(ctx, opts, input.command);
      // Without a state: section, plan against the interesting case: online for an offline, offline for an online.
      const state = input.state ?? { default: command.kind.startsWith('offline') ? 'Online' : 'Offline' };
      const result = plan(buildSnapshot(opts.file, input.model, state), command);
      ctx.io.out(formatPlanResult(command, result).replace(/\n$/, ''));
      const code = result.ok ? result.plan.code : result.rejection.code;
      ctx.exitCode = errorEntry(code).exit;
    });
}

function commandFrom(ctx: CliContext, opts: PlanOptions, fileCommand: unknown): Command {
  const chosen: Array<[OfflineOnlineKind, string]> = [];
  if (opts.offlineGroup !== undefined) chosen.push(['offline-group', opts.offlineGroup]);
  if (opts.offlineResource !== undefined) chosen.push(['offline-resource', opts.offlineResource]);
  if (opts.onlineGroup !== undefined) chosen.push(['online-group', opts.onlineGroup]);
  if (opts.onlineResource !== undefined) chosen.push(['online-resource', opts.onlineResource]);
  if (chosen.length > 1) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'give one of --offline-group, --offline-resource, --online-group, --online-resource');
  const first = chosen[0];
  if (!first) {
    if (fileCommand === undefined) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, `${opts.file} has no command: section; give --offline-group NAME or a sibling`);
    return parseCommand(opts.file, fileCommand);
  }
  const [kind, target] = first;
  const access = opts.access === 'read' || opts.access === 'none' ? opts.access : 'full';
  const caller = { principal: ctx.io.env['USER'] ?? 'cli', access } as const;
  const flags = flagsFor(kind, opts);
  const bytes = inputBytesFor(ctx.io, opts.prop, opts.propsFile);
  const input = bytes ? { input: { bytes, valid: parses(bytes) } } : {};
  const reason = reasonFor(opts.reason);
  if (reason !== undefined && !kind.startsWith('offline')) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, '--reason applies to offline commands only');
  switch (kind) {
    case 'offline-group':
      return { kind, group: target, flags, caller, ...input, ...(reason === undefined ? {} : { reason }) };
    case 'offline-resource':
      return { kind, resource: target, flags, caller, ...input, ...(reason === undefined ? {} : { reason }) };
    case 'online-group':
      return { kind, group: target, flags, caller, ...input };
    case 'online-resource':
      return { kind, resource: target, flags, caller, ...input };
  }
}

function parses(bytes: Uint8Array): boolean {
  try {
    decodePropertyList(bytes);
    return true;
  } catch {
    return false;
  }
}
