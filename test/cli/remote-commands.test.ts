/**
 * Golden transcripts of `wolfpack group|resource offline|online` against a real server (API on
 * 127.0.0.1:0 over a single-node cluster with resource host processes): answers and exit codes from
 * the error table, --wait following the operation on /v1/events, --plan changing nothing, --prop
 * reaching the operation record. Timestamps and durations are normalized; everything else is exact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapturedIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { GroupState, ResourceState } from '../../src/core/states.js';
import { encodePropertyList, property, propertyValue } from '../../src/proplist/index.js';
import { normalize, startServer, type CliServer } from './support/server.js';

const YAML = `
cluster: Demo
nodes: [node1]
groups:
  G:
    resources:
      Disk: { type: dummy }
      Db: { type: dummy, dependsOn: [Disk], PendingTimeout: 60000 }
      App: { type: dummy, dependsOn: [Db] }
  L:
    resources:
      Vault: { type: dummy, properties: { Locked: true, LockedReason: 3 } }
  F:
    resources:
      Broken: { type: dummy, RestartAction: 0, properties: { FailOnline: true } }
  S:
    resources:
      Slow: { type: dummy, properties: { OfflineDelayMs: 1500, ProgressEveryMs: 100 } }
`;

let server: CliServer;

beforeEach(async () => {
  server = await startServer(YAML);
});

afterEach(async () => {
  await server.close();
});

async function online(...groups: string[]): Promise<void> {
  for (const group of groups) {
    const answer = await server.engine.submit({ kind: 'online-group', group, flags: 0, caller: { principal: 'setup', access: 'full' } });
    if (answer.operation) await server.engine.waitForOperation(answer.operation);
  }
}

describe('wolfpack group online|offline --wait', () => {
  it('prints each transition with its offset and PendingTimeout, then the final state and outcome', async () => {
    const up = await server.run('group', 'online', 'G', '--wait');
    expect(up.code).toBe(0);
    expect(up.stderr).toBe('');
    expect(normalize(up.stdout)).toBe(
      [
        'group G: online accepted (997 ERROR_IO_PENDING, operation op-000001)',
        '   +<t>  Disk  Offline -> OnlinePending',
        '   +<t>  group G: Offline -> Pending',
        '   +<t>  Db    Offline -> OnlinePending',
        '   +<t>  App   Offline -> OnlinePending',
        '   +<t>  Disk  online started, PendingTimeout 180.0s',
        '   +<t>  Disk  OnlinePending -> Online',
        '   +<t>  Db    online started, PendingTimeout 60.0s',
        '   +<t>  Db    OnlinePending -> Online',
        '   +<t>  App   online started, PendingTimeout 180.0s',
        '   +<t>  App   OnlinePending -> Online',
        '   +<t>  group G: Pending -> Online',
        'group G: Online (owner node1)',
        'operation op-000001 succeeded in <d>',
        '',
      ].join('\n'),
    );

    const down = await server.run('group', 'offline', 'G', '--wait', '30');
    expect(down.code).toBe(0);
    expect(normalize(down.stdout)).toBe(
      [
        'group G: offline accepted (997 ERROR_IO_PENDING, operation op-000002)',
        '   +<t>  App   Online -> OfflinePending',
        '   +<t>  group G: Online -> Pending',
        '   +<t>  Db    Online -> OfflinePending',
        '   +<t>  Disk  Online -> OfflinePending',
        '   +<t>  App   offline started, PendingTimeout 180.0s',
        '   +<t>  App   OfflinePending -> Offline',
        '   +<t>  Db    offline started, PendingTimeout 60.0s',
        '   +<t>  Db    OfflinePending -> Offline',
        '   +<t>  Disk  offline started, PendingTimeout 180.0s',
        '   +<t>  Disk  OfflinePending -> Offline',
        '   +<t>  group G: Pending -> Offline',
        'group G: Offline (owner node1)',
        'operation op-000002 succeeded in <d>',
        '',
      ].join('\n'),
    );
  });

  it('without --wait answers at once; an offline group offline is 0 with nothing to do', async () => {
    const again = await server.run('group', 'offline', 'G');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('group G: offline: nothing to do (0 ERROR_SUCCESS, operation op-000001)\n');
    const up = await server.run('group', 'online', 'G');
    expect(up.code).toBe(0);
    expect(up.stdout).toBe('group G: online accepted (997 ERROR_IO_PENDING, operation op-000002)\n');
    await server.engine.waitForOperation('op-000002');
  });

  it('shows progress reports with what is left of PendingTimeout', async () => {
    await online('S');
    const { code, stdout } = await server.run('group', 'offline', 'S', '--wait');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {3}\+\d+\.\d{3}s {2}Slow {2}progress.*, PendingTimeout 1\d\d\.\ds left$/m);
    expect(stdout).toMatch(/Slow {2}OfflinePending -> Offline\ngroup S: Pending -> Offline\n|group S: Offline \(owner node1\)/);
  });

  it('on a terminal, redraws a live line with the running step and its PendingTimeout left', async () => {
    await online('S');
    class TerminalIo extends CapturedIo {
      override readonly isTty = true;
    }
    const io = new TerminalIo({}, tmpdir());
    const code = await main(['node', 'wolfpack', 'group', 'offline', 'S', '--wait', '--server', server.url, '--token', server.full], io);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/  … Slow offline \d+\.\ds \(PendingTimeout 1\d\d\.\ds left\)\r\x1b\[K/);
    // Once cleared, what remains on screen is exactly the plain transcript.
    const screen = io.stdout.replace(/  … [^\r]*\r\x1b\[K/g, '');
    expect(screen).toMatch(/^group S: offline accepted .*\n(   \+\d+\.\d{3}s  .*\n)+group S: Offline \(owner node1\)\noperation op-000002 succeeded in \d+\.\d{3}s\n$/);
  });

  it('exits 9 with 258 WAIT_TIMEOUT when SECONDS pass first; the operation goes on', async () => {
    await online('S');
    const { code, stdout, stderr } = await server.run('group', 'offline', 'S', '--wait', '0.3');
    expect(code).toBe(9);
    expect(stdout).toMatch(/^group S: Pending \(owner node1\)$/m);
    expect(stderr).toBe('error: 258 WAIT_TIMEOUT: operation op-000002 is still running after 0.3 s; it goes on: follow it with `wolfpack op show op-000002`\n');
    const record = await server.engine.waitForOperation('op-000002');
    expect(record?.outcome).toBe('succeeded');
  });

  it('exits 1 when the operation fails, naming the failed step', async () => {
    const { code, stdout, stderr } = await server.run('resource', 'online', 'Broken', '--wait');
    expect(code).toBe(1);
    expect(normalize(stdout)).toBe(
      [
        'resource Broken: online accepted (997 ERROR_IO_PENDING, operation op-000001)',
        '   +<t>  Broken  Offline -> OnlinePending',
        '   +<t>  group F: Offline -> Pending',
        '   +<t>  Broken  online started, PendingTimeout 180.0s',
        '   +<t>  Broken  OnlinePending -> Failed (online failed: 5038 ERROR_RESOURCE_FAILED: FailOnline is set)',
        '   +<t>  group F: Pending -> Failed',
        'resource Broken: Failed (group F, owner node1)',
        'operation op-000001 failed in <d>',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('error: operation op-000001 failed: online Broken (online failed: 5038 ERROR_RESOURCE_FAILED: FailOnline is set)\n');
  });

  it('with --json prints the answer, the final operation record and the state', async () => {
    const { code, stdout } = await server.run('group', 'online', 'L', '--wait', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { answer: { code: number }; operation: { outcome: string; steps: unknown[] }; state: unknown; timedOut: boolean };
    expect(out.answer.code).toBe(997);
    expect(out.operation.outcome).toBe('succeeded');
    expect(out.operation.steps).toHaveLength(1);
    expect(out.state).toEqual({ state: GroupState.Online, name: 'ClusterGroupOnline', owner: 'node1' });
    expect(out.timedOut).toBe(false);
  });
});

describe('rejections are answers with the table exit code', () => {
  it('locked: exit 7 and 5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS; --ignore-locked takes it offline', async () => {
    await online('L');
    const refused = await server.run('group', 'offline', 'L');
    expect(refused.code).toBe(7);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      "error: 5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS: resource 'Vault' is locked; pass IGNORE_RESOURCE_STATUS (0x1) to take it offline anyway (recorded as operation op-000002)\n" +
        'hint: --ignore-locked takes it offline anyway\n',
    );
    expect(server.engine.resource('Vault')?.state).toBe(ResourceState.Online);
    const forced = await server.run('group', 'offline', 'L', '--ignore-locked', '--wait');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('group L: Offline (owner node1)');
    const op = await server.run('op', 'show', 'op-000003');
    expect(op.stdout).toContain('  flags      0x1 (IGNORE_RESOURCE_STATUS)\n');
  });

  it('unknown group: exit 4 with 5013 ERROR_GROUP_NOT_FOUND; unknown resource: 5007', async () => {
    const group = await server.run('group', 'offline', 'Nope');
    expect(group.code).toBe(4);
    expect(group.stderr).toBe("error: 5013 ERROR_GROUP_NOT_FOUND: no group named 'Nope' (recorded as operation op-000001)\n");
    const resource = await server.run('resource', 'online', 'Nope');
    expect(resource.code).toBe(4);
    expect(resource.stderr).toMatch(/^error: 5007 ERROR_RESOURCE_NOT_FOUND: /);
    const state = await server.run('group', 'state', 'Nope');
    expect(state.code).toBe(4);
    expect(state.stderr).toMatch(/^error: 5013 ERROR_GROUP_NOT_FOUND: /);
  });

  it('a read-only token: exit 3 with 5 ERROR_ACCESS_DENIED, and nothing changes', async () => {
    await online('G');
    const { code, stderr } = await server.run('group', 'offline', 'G', '--token', server.read);
    expect(code).toBe(3);
    expect(stderr).toBe("error: 5 ERROR_ACCESS_DENIED: caller 'viewer' has read access; offline-group needs full access in the cluster security descriptor (recorded as operation op-000002)\n");
    expect(server.engine.group('G')?.state).toBe(GroupState.Online);
    // Reads are fine with Read access.
    const state = await server.run('group', 'state', 'G', '--token', server.read);
    expect(state).toMatchObject({ code: 0, stdout: 'group G: Online (owner node1)\n' });
  });

  it('a raw flags word outside the call is the server\'s 87; a bad --wait is refused before sending', async () => {
    const { code, stderr } = await server.run('resource', 'online', 'Disk', '--flags', '0x80');
    expect(code).toBe(5);
    expect(stderr).toMatch(/^error: 87 ERROR_INVALID_PARAMETER/);
    const badWait = await server.run('group', 'offline', 'G', '--wait', 'soon');
    expect(badWait.code).toBe(5);
    expect(badWait.stderr).toBe('error: 87 ERROR_INVALID_PARAMETER: --wait takes a number of seconds, not "soon" (put --wait after the NAME)\n');
    // `--wait NAME` takes the name as the seconds, leaving NAME missing: a usage error (exit 2).
    const swallowed = await server.run('group', 'offline', '--wait', 'G');
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain("missing required argument 'name'");
    // Only the flags request reached the server (a ClusAPI caller's DWORD is the cluster's to judge).
    expect(server.engine.listOperations().map((op) => op.code)).toEqual([87]);
  });
});

describe('--plan and --prop', () => {
  it('--plan prints the plan and changes nothing', async () => {
    await online('G');
    const before = server.engine.listOperations().length;
    const { code, stdout } = await server.run('group', 'offline', 'G', '--plan', '--reason', 'preempted');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'command: offline-group G flags=0x0 reason=PREEMPTED caller=admin(full)',
        'result: 997 ERROR_IO_PENDING',
        'immediate: -',
        'steps:',
        '  #1 offline App  flags=0x0 reason=PREEMPTED  after: -',
        '  #2 offline Db   flags=0x0 reason=PREEMPTED  after: #1',
        '  #3 offline Disk flags=0x0 reason=PREEMPTED  after: #2',
        'persistent:',
        '  group G -> offline',
        '  resource Disk -> offline',
        '  resource Db -> offline',
        '  resource App -> offline',
        'group G: offline planned only; nothing was changed',
        '',
      ].join('\n'),
    );
    expect(server.engine.group('G')?.state).toBe(GroupState.Online);
    expect(server.engine.listOperations()).toHaveLength(before);
    const locked = await server.run('group', 'offline', 'L', '--plan');
    expect(locked.code).toBe(0);
  });

  it('--prop, --reason and --force reach the operation record; op show prints its timeline', async () => {
    await online('G');
    const { code } = await server.run('resource', 'offline', 'Db', '--force', '--reason', 'preempted', '--prop', 'OfflineAction=1:dword', '--prop', 'Note=maintenance', '--wait');
    expect(code).toBe(0);
    const show = await server.run('op', 'show', 'op-000002');
    expect(show.code).toBe(0);
    expect(normalize(show.stdout)).toBe(
      [
        'Operation op-000002: offline-resource Db',
        '  actor      admin (via cli)',
        '  flags      0x2 (FORCE_WITH_TERMINATION)',
        '  reason     PREEMPTED',
        '  input      {"OfflineAction":{"type":"dword","value":1},"Note":{"type":"sz","value":"maintenance"}} (112 bytes)',
        '  answer     997 ERROR_IO_PENDING',
        '  submitted  <time>',
        '  outcome    succeeded after <d>',
        '',
        'Timeline:',
        '  STEP  ACTION     RESOURCE  START    DURATION  STATUS     WAITS FOR  DETAIL',
        '  #1    offline    App       +<t>  <d>    succeeded  -',
        '  #2    terminate  Db        +<t>  <d>    succeeded  #1',
        '',
      ].join('\n'),
    );
    const json = await server.run('op', 'show', 'op-000002', '--json');
    const view = JSON.parse(json.stdout) as { input: { json: unknown; base64: string }; reason: number; flags: number };
    expect(view.input.json).toEqual({ OfflineAction: { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'maintenance' } });
    expect(view.flags).toBe(2);
  });

  it('--props-file sends the bytes as they are; a malformed list is 13 and exit 5', async () => {
    await online('G');
    const bytes = encodePropertyList([property('Virtual Machine', propertyValue.dword(1))]);
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-props-'));
    writeFileSync(join(dir, 'vm.bin'), bytes);
    writeFileSync(join(dir, 'bad.bin'), bytes.subarray(0, 20));
    const ok = await server.run('group', 'offline', 'G', '--props-file', join(dir, 'vm.bin'), '--wait');
    expect(ok.code).toBe(0);
    expect(server.engine.operation('op-000002')?.input?.json).toEqual({ 'Virtual Machine': { type: 'dword', value: 1 } });
    const bad = await server.run('group', 'online', 'G', '--props-file', join(dir, 'bad.bin'));
    expect(bad.code).toBe(5);
    expect(bad.stderr).toMatch(/^error: 13 ERROR_INVALID_DATA: /);
  });
});

describe('--wait when the server cannot replay', () => {
  it('still ends with the final state and outcome when the replay window is too small', async () => {
    // A journal of 2 events has forgotten the resume point by the time the CLI subscribes, so the
    // server answers with a reset event; the rest comes live or from the operation record.
    const small = await startServer(YAML, { journalCapacity: 2 });
    try {
      const { code, stdout } = await small.run('group', 'online', 'G', '--wait', '10');
      expect(code).toBe(0);
      expect(stdout).toMatch(/group G: Online \(owner node1\)\noperation op-000001 succeeded in \d+\.\d{3}s\n$/);
    } finally {
      await small.close();
    }
  });
});
