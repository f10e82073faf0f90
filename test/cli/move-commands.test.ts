/**
 * Transcripts of `wolfpack group move|cancel` against a real server (API on 127.0.0.1:0 over a
 * cluster of node1 and node2 where this engine is node1, with resource host processes): answers and
 * exit codes from the error table, --plan, and --wait following the group through a move. For the
 * move to finish, the engine's handOver hook stands in for the cluster layer and a stand-in node2
 * publishes the group's status back (as the real node2 would through the store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HandOverRequest } from '../../src/engine/engine.js';
import { NodeState, PersistentState, ResourceState } from '../../src/core/states.js';
import { normalize, startServer, type CliServer } from './support/server.js';

const YAML = `
cluster: Demo
nodes: [node1, node2]
groups:
  G:
    resources:
      Disk: { type: dummy }
      App: { type: dummy, dependsOn: [Disk] }
  L:
    resources:
      Vault: { type: dummy, properties: { Locked: true, LockedReason: 3 } }
`;

let server: CliServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function online(s: CliServer, ...groups: string[]): Promise<void> {
  for (const group of groups) {
    const answer = await s.engine.submit({ kind: 'online-group', group, flags: 0, caller: { principal: 'setup', access: 'full' } });
    if (answer.operation) await s.engine.waitForOperation(answer.operation);
  }
}

/** A daemon alone: node2 is configured but Down. */
async function alone(): Promise<CliServer> {
  const s = await startServer(YAML);
  s.engine.setNodeState('node2', NodeState.Down);
  return s;
}

describe('wolfpack group move', () => {
  it('answers 0 for the node that owns the group, 5005 for a Down node, 5042 for an unknown one, 87 for IGNORE with QUEUE', async () => {
    server = await alone();
    await online(server, 'G');
    const here = await server.run('group', 'move', 'G', '--to', 'node1');
    expect([here.code, here.stdout, here.stderr]).toEqual([0, 'group G: move: nothing to do (0 ERROR_SUCCESS, operation op-000002)\n', '']);

    const down = await server.run('group', 'move', 'G', '--to', 'node2');
    expect(down.code).toBe(8);
    expect(down.stderr).toMatch(/^error: 5005 ERROR_HOST_NODE_NOT_AVAILABLE: .* \(recorded as operation op-000003\)\n$/);

    const unknown = await server.run('group', 'move', 'G', '--to', 'node9');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('5042 ERROR_CLUSTER_NODE_NOT_FOUND');

    const both = await server.run('group', 'move', 'G', '--to', 'node1', '--queue', '--ignore-locked');
    expect(both.code).toBe(5);
    expect(both.stderr).toContain('87 ERROR_INVALID_PARAMETER');

    const json = await server.run('group', 'move', 'G', '--to', 'node1', '--return-on-error', '--prop', 'Note=x', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 0, name: 'ERROR_SUCCESS', operation: 'op-000006' });
    expect(server.engine.operation('op-000006')).toMatchObject({ kind: 'move-group', flags: 2, actor: 'admin', client: 'cli', input: { json: { Note: { type: 'sz', value: 'x' } } } });
  });

  it('prints the plan with --plan and changes nothing; a Read token is refused with exit 3', async () => {
    server = await startServer(YAML);
    await online(server, 'G');
    const operations = server.engine.listOperations().length;
    const plan = await server.run('group', 'move', 'G', '--to', 'node2', '--plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^command: move-group G/);
    expect(plan.stdout).toContain('offline App');
    expect(plan.stdout).toMatch(/group G: move planned only; nothing was changed\n$/);
    expect(server.engine.listOperations().length).toBe(operations);

    const read = await server.run('group', 'move', 'G', '--to', 'node1', '--token', server.read);
    expect(read.code).toBe(3);
    expect(read.stderr).toContain('5 ERROR_ACCESS_DENIED');
  });

  it('hints at --ignore-locked and --queue when a locked resource blocks the move', async () => {
    server = await alone();
    await online(server, 'L');
    const locked = await server.run('group', 'move', 'L', '--to', 'node1');
    // To the owner there is nothing to move, locked or not.
    expect(locked.code).toBe(0);
    server.engine.setNodeState('node2', NodeState.Up);
    const blocked = await server.run('group', 'move', 'L', '--to', 'node2');
    expect(blocked.code).toBe(7);
    expect(blocked.stderr).toContain('5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS');
    expect(blocked.stderr).toContain('hint: --ignore-locked moves it anyway (terminating what must be); --queue waits for the lock to clear');
  });
});

describe('wolfpack group move --wait', () => {
  /** node2 as the cluster layer would present it: the handover succeeds, then node2 publishes the group's status. */
  function handOverTo(get: () => CliServer | undefined, state: ResourceState): { handOver(request: HandOverRequest): Promise<void> } {
    return {
      handOver: (request) => {
        setTimeout(() => {
          const engine = get()?.engine;
          const group = engine?.group(request.group);
          if (!engine || !group) return;
          const resources = Object.fromEntries(group.config.resources.map((r) => [r, { s: state, p: PersistentState.Online, l: false }]));
          engine.mirrorGroup(request.group, { owner: request.to, moving: false, persistent: PersistentState.Online, resources });
        }, 100);
        return Promise.resolve();
      },
    };
  }

  it('follows the group until it is owned by the destination and back at its state there', async () => {
    server = await startServer(YAML, { hooks: handOverTo(() => server, ResourceState.Online) });
    await online(server, 'G');
    const moved = await server.run('group', 'move', 'G', '--to', 'node2', '--wait', '30');
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(normalize(moved.stdout)).toBe(
      [
        'group G: move accepted (997 ERROR_IO_PENDING, operation op-000002)',
        '   +<t>  group G: moving',
        '   +<t>  App   Online -> OfflinePending',
        '   +<t>  group G: Online -> Pending',
        '   +<t>  Disk  Online -> OfflinePending',
        '   +<t>  App   OfflinePending -> Offline',
        '   +<t>  Disk  OfflinePending -> Offline',
        '   +<t>  group G: Pending -> Offline',
        '   +<t>  group G: owner node1 -> node2',
        '   +<t>  group G: no longer moving',
        '   +<t>  Disk  Offline -> Online',
        '   +<t>  App   Offline -> Online',
        '   +<t>  group G: Offline -> Online',
        'group G: Online (owner node2)',
        'group G: moved from node1 to node2 in <d>',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when the group ends Failed on the destination', async () => {
    server = await startServer(YAML, { hooks: handOverTo(() => server, ResourceState.Failed) });
    await online(server, 'G');
    const failed = await server.run('group', 'move', 'G', '--to', 'node2', '--wait');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('error: the move of group G failed: group G is Failed on node2 (operation op-000002)\n');
  });

  it('exits 9 when the group is not settled in time, and says the move goes on', async () => {
    server = await startServer(YAML, { hooks: { handOver: () => Promise.resolve() } });
    await online(server, 'G');
    const slow = await server.run('group', 'move', 'G', '--to', 'node2', '--wait', '1');
    expect(slow.code).toBe(9);
    expect(slow.stderr).toMatch(/^error: 258 WAIT_TIMEOUT: group G is not settled after 1 s \(.*\); the move goes on/);
  });
});

describe('wolfpack group cancel', () => {
  it('answers 5023 when no move is under way (with a hint), and 87 for reserved flags', async () => {
    server = await alone();
    const idle = await server.run('group', 'cancel', 'G');
    expect(idle.code).toBe(6);
    expect(idle.stderr).toMatch(/^error: 5023 ERROR_INVALID_STATE: .*\(recorded as operation op-000001\)\nhint: only a queued move, or one not yet handed over, can be cancelled\n$/);
    const flags = await server.run('group', 'cancel', 'G', '--flags', '1');
    expect(flags.code).toBe(5);
    expect(flags.stderr).toContain('87 ERROR_INVALID_PARAMETER');
    const json = await server.run('group', 'cancel', 'G', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 5023, operation: 'op-000003' });
  });
});
