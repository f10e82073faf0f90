/**
 * `wolfpack group ...` and `wolfpack resource ...`: offline, online, state and list against a
 * server. The two trees differ only in their switches: --force and --keep-persistent-state are
 * resource flags (CLUSAPI_RESOURCE_*); both offlines take --reason, which the engine hands to
 * each resource's OfflineV2.
 */
import type { Command } from 'commander';
import { groupStateLabel, resourceStateLabel } from '../core/states.js';
import { collect } from './command-options.js';
import { runCommand, stateLine, type CommandOptions, type OfflineOnlineKind } from './command-runner.js';
import type { CliContext } from './main.js';
import { printJson, withClient, withRemoteOptions, type RemoteOptions } from './remote.js';
import { table } from './text-format.js';

type ObjectKind = 'group' | 'resource';

/** Returns the `group` / `resource` command, so other modules can add their verbs to it. */
export function registerObjectCommands(program: Command, ctx: CliContext, object: ObjectKind): Command {
  const parent = program
    .command(object)
    .description(object === 'group' ? 'take groups offline or online, move them between nodes, read their state' : 'take resources offline or online, read their state');

  for (const verb of ['offline', 'online'] as const) {
    const kind = `${verb}-${object}` as OfflineOnlineKind;
    const command = parent
      .command(verb)
      .description(describe(object, verb))
      .argument('<name>', `the ${object}`)
      .option('--ignore-locked', 'IGNORE_RESOURCE_STATUS: proceed although a resource is in locked mode');
    if (object === 'resource') {
      if (verb === 'offline') command.option('--force', 'FORCE_WITH_TERMINATION: skip the graceful offline and terminate');
      command.option('--keep-persistent-state', 'DO_NOT_UPDATE_PERSISTENT_STATE: do not record the new state as intended');
    }
    if (verb === 'offline') command.option('--reason <word>', 'offline reason: moving, user, deleting, restarting, preempted, shutdown, unknown, none');
    command
      .option('--flags <dword>', 'a raw flags word (OR-ed with the switches)')
      .option('--prop <Name=Value[:type]>', 'an instruction for the resources, e.g. "OfflineAction=1:dword" (repeatable)', collect)
      .option('--props-file <file>', 'the instructions as a CLUSPROP property-list file (bytes as they are)')
      .option('--wait [seconds]', 'follow the operation to its end, or for at most SECONDS (0: do not wait)')
      .option('--plan', 'dry run: print the plan the server would run and change nothing');
    withRemoteOptions(command).action((name: string, opts: CommandOptions & RemoteOptions) =>
      withClient(ctx, opts, (client) => runCommand(ctx, client, kind, name, opts)),
    );
  }

  withRemoteOptions(
    parent
      .command('state')
      .description(`the ${object}'s state and owner (--json: {"state", "name", "owner"${object === 'resource' ? ', "group"' : ''}})`)
      .argument('<name>', `the ${object}`),
  ).action((name: string, opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      const view = object === 'group' ? await client.getGroupState(name) : await client.getResourceState(name);
      if (opts.json) {
        // Built field by field so the documented shape is exactly what scripts get.
        const base = { state: view.state, name: view.name, owner: view.owner };
        printJson(ctx, 'group' in view ? { ...base, group: view.group } : base);
      } else {
        ctx.io.out(stateLine(object === 'group', name, view));
      }
    }),
  );

  withRemoteOptions(parent.command('list').description(`every ${object} with its state and owner`)).action((opts: RemoteOptions) =>
    withClient(ctx, opts, async (client) => {
      if (object === 'group') {
        const groups = await client.listGroups();
        if (opts.json) return printJson(ctx, groups);
        const rows = groups.map((g) => [g.name, groupStateLabel(g.state), g.owner ?? '-', String(g.resources.length), g.locked ? 'locked' : '']);
        ctx.io.out(table(['GROUP', 'STATE', 'OWNER', 'RESOURCES', ''], rows));
      } else {
        const resources = await client.listResources();
        if (opts.json) return printJson(ctx, resources);
        const rows = resources.map((r) => [r.name, r.group, r.type, resourceStateLabel(r.state), r.owner ?? '-', r.dependsOn || '-', r.locked ? 'locked' : '']);
        ctx.io.out(table(['RESOURCE', 'GROUP', 'TYPE', 'STATE', 'OWNER', 'DEPENDS ON', ''], rows));
      }
    }),
  );
  return parent;
}

function describe(object: ObjectKind, verb: 'offline' | 'online'): string {
  if (object === 'group') {
    return verb === 'offline' ? 'take a group offline, dependents first (OfflineClusterGroupEx)' : 'bring a group online, providers first (OnlineClusterGroupEx)';
  }
  return verb === 'offline' ? 'take a resource and its dependents offline (OfflineClusterResourceEx)' : 'bring a resource and its providers online (OnlineClusterResourceEx)';
}
