/**
 * Golden transcripts of the reading and administrative commands against a real server: status as
 * a dependency tree, state --json shapes, lists, the operation log, events, tokens, configuration,
 * the local Unix socket (no token), and what an unreachable server says.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturedIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { normalize, startServer, waitFor, type CliServer } from './support/server.js';

const YAML = `cluster: Demo
nodes: [node1]
groups:
  G:
    resources:
      Disk: { type: dummy }
      Db: { type: dummy, dependsOn: [Disk] }
      App: { type: dummy, dependsOn: [Db] }
      Cache: { type: dummy, dependsOn: [Disk] }
  L:
    resources:
      Vault: { type: dummy, properties: { Locked: true, LockedReason: 3 } }
  F:
    resources:
      Broken: { type: dummy, RestartAction: 0, properties: { FailOnline: true } }
`;

let server: CliServer;
let scratch: string;

beforeAll(async () => {
  server = await startServer(YAML);
  scratch = mkdtempSync(join(tmpdir(), 'wolfpack-cli-scratch-'));
  for (const [kind, target] of [['online-group', 'G'], ['online-group', 'L'], ['online-resource', 'Broken']] as const) {
    const command = kind === 'online-group' ? { kind, group: target } : { kind, resource: target };
    const answer = await server.engine.submit({ ...command, flags: 0, caller: { principal: 'setup', access: 'full' } });
    if (answer.operation) await server.engine.waitForOperation(answer.operation);
  }
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('wolfpack status', () => {
  it('draws each group with its resources as a dependency tree, states, owner, locked marks and failure reasons', async () => {
    const { code, stdout } = await server.run('status');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Cluster Demo (configuration revision 0)',
        'Nodes: node1 Up',
        '',
        'Group G: Online (on node1)',
        '  App         dummy  Online',
        '  └─ Db       dummy  Online',
        '     └─ Disk  dummy  Online',
        '  Cache       dummy  Online',
        '  └─ Disk     dummy  (see above)',
        '',
        'Group L: Online (on node1) [locked]',
        '  Vault  dummy  Online [locked]',
        '',
        'Group F: Failed (on node1)',
        '  Broken  dummy  Failed (intended Online): online failed: 5038 ERROR_RESOURCE_FAILED: FailOnline is set',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await server.run('status', '--json')).stdout) as { name: string; groups: unknown[]; lastEventId: number };
    expect(json.name).toBe('Demo');
    expect(json.groups).toHaveLength(3);
  });

  it('works through the local socket with --data-dir, and from a directory holding ./.wolfpack, without a token', async () => {
    const viaFlag = await server.runRaw(['whoami', '--data-dir', server.dataDir]);
    expect(viaFlag).toMatchObject({ code: 0, stdout: `local:owner (full access, via the local socket) at unix:${server.dataDir}/wolfpack.sock\n` });
    const project = mkdtempSync(join(scratch, 'project-'));
    symlinkSync(server.dataDir, join(project, '.wolfpack'));
    const viaCwd = await server.runRaw(['group', 'state', 'G'], { WOLFPACK_TOKEN: 'wp_ignored_on_the_socket' }, project);
    expect(viaCwd).toMatchObject({ code: 0, stdout: 'group G: Online (owner node1)\n', stderr: '' });
    const viaEnv = await server.runRaw(['whoami'], { WOLFPACK_SERVER: server.url, WOLFPACK_TOKEN: server.read });
    expect(viaEnv.stdout).toBe(`viewer (read access, via bearer token) at ${server.url}\n`);
  });

  it('an unreachable server: exit 8 and a sentence that says what to check', async () => {
    const { code, stdout, stderr } = await server.runRaw(['status', '--server', 'http://127.0.0.1:9']);
    expect(code).toBe(8);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: 5051 ERROR_CLUSTER_NODE_UNREACHABLE: cannot reach wolfpack at http://127.0.0.1:9 (ECONNREFUSED): is `wolfpack serve` running?\n');
    const socket = await server.runRaw(['status', '--data-dir', join(scratch, 'nowhere')]);
    expect(socket.code).toBe(8);
    expect(socket.stderr).toContain(`cannot reach wolfpack at unix:${scratch}/nowhere/wolfpack.sock (ENOENT)`);
  });

  it('a missing or unknown token: exit 3 with 5 ERROR_ACCESS_DENIED', async () => {
    const missing = await server.runRaw(['status', '--server', server.url]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: 5 ERROR_ACCESS_DENIED: /);
    const unknown = await server.run('status', '--token', 'wp_nope_nope');
    expect(unknown.code).toBe(3);
  });
});

describe('wolfpack group|resource state and list', () => {
  it('--json has exactly the documented shape', async () => {
    const group = await server.run('group', 'state', 'G', '--json');
    expect(group.code).toBe(0);
    expect(group.stdout).toBe('{\n  "state": 0,\n  "name": "ClusterGroupOnline",\n  "owner": "node1"\n}\n');
    const resource = await server.run('resource', 'state', 'Broken', '--json');
    expect(resource.stdout).toBe('{\n  "state": 4,\n  "name": "ClusterResourceFailed",\n  "owner": "node1",\n  "group": "F"\n}\n');
    expect((await server.run('resource', 'state', 'Db')).stdout).toBe('resource Db: Online (group G, owner node1)\n');
  });

  it('lists groups and resources as tables', async () => {
    expect((await server.run('group', 'list')).stdout).toBe(
      ['GROUP  STATE   OWNER  RESOURCES', 'G      Online  node1  4', 'L      Online  node1  1          locked', 'F      Failed  node1  1', ''].join('\n'),
    );
    expect((await server.run('resource', 'list')).stdout).toBe(
      [
        'RESOURCE  GROUP  TYPE   STATE   OWNER  DEPENDS ON',
        'Disk      G      dummy  Online  node1  -',
        'Db        G      dummy  Online  node1  [Disk]',
        'App       G      dummy  Online  node1  [Db]',
        'Cache     G      dummy  Online  node1  [Disk]',
        'Vault     L      dummy  Online  node1  -           locked',
        'Broken    F      dummy  Failed  node1  -',
        '',
      ].join('\n'),
    );
  });
});

describe('wolfpack op list|show', () => {
  it('lists the log newest first, with --limit', async () => {
    const { code, stdout } = await server.run('op', 'list', '--limit', '2');
    expect(code).toBe(0);
    expect(normalize(stdout)).toBe(
      [
        'ID         SUBMITTED             KIND             TARGET  ACTOR  ANSWER                OUTCOME    DURATION',
        'op-000003  <time>  online-resource  Broken  setup  997 ERROR_IO_PENDING  failed     <d>',
        'op-000002  <time>  online-group     L       setup  997 ERROR_IO_PENDING  succeeded  <d>',
        '',
      ].join('\n'),
    );
    const bad = await server.run('op', 'list', '--outcome', 'meh');
    expect(bad.code).toBe(5);
  });

  it('shows one operation with the timeline of its steps, waits-for and failure detail', async () => {
    const { stdout } = await server.run('op', 'show', 'op-000001');
    expect(normalize(stdout)).toBe(
      [
        'Operation op-000001: online-group G',
        '  actor      setup (via api)',
        '  flags      0x0',
        '  answer     997 ERROR_IO_PENDING',
        '  submitted  <time>',
        '  outcome    succeeded after <d>',
        '',
        'Timeline:',
        '  STEP  ACTION  RESOURCE  START    DURATION  STATUS     WAITS FOR  DETAIL',
        '  #1    online  Disk      +<t>  <d>    succeeded  -',
        '  #2    online  Db        +<t>  <d>    succeeded  #1',
        '  #3    online  Cache     +<t>  <d>    succeeded  #1',
        '  #4    online  App       +<t>  <d>    succeeded  #2',
        '',
      ].join('\n'),
    );
    const failed = await server.run('op', 'show', 'op-000003');
    expect(normalize(failed.stdout)).toContain('  #1    online  Broken    +<t>  <d>    failed  -          online failed: 5038 ERROR_RESOURCE_FAILED: FailOnline is set\n');
    const missing = await server.run('op', 'show', 'op-999999');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^error: 1168 ERROR_NOT_FOUND: /);
  });
});

describe('wolfpack events', () => {
  it('prints one line per event from --since, and stops after --count', async () => {
    const since = server.engine.lastEventSeq;
    const answer = await server.engine.submit({ kind: 'offline-resource', resource: 'Cache', flags: 0, caller: { principal: 'setup', access: 'full' } });
    await server.engine.waitForOperation(answer.operation as string);
    const { code, stdout } = await server.run('events', '--since', String(since), '--count', '5');
    expect(code).toBe(0);
    expect(normalize(stdout)).toBe(
      [
        `#${since + 1} <clock> resource Cache: persistent state Offline`,
        `#${since + 2} <clock> operation ${answer.operation}: offline-resource Cache by setup: 997 ERROR_IO_PENDING`,
        `#${since + 3} <clock> resource Cache: Online -> OfflinePending (operation ${answer.operation})`,
        `#${since + 4} <clock> group G: Online -> Pending`,
        `#${since + 5} <clock> operation ${answer.operation} step #1: offline Cache started`,
        '',
      ].join('\n'),
    );
    const json = await server.run('events', '--since', String(since), '--count', '2', '--json');
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string });
    expect(events.map((e) => [e.seq, e.type])).toEqual([[since + 1, 'persistent-state'], [since + 2, 'operation-started']]);
  });

  it('runs until Ctrl-C, then exits 0', async () => {
    const io = new CapturedIo({}, scratch);
    const running = main(['node', 'wolfpack', 'events', '--server', server.url, '--token', server.full], io);
    await new Promise((r) => setTimeout(r, 200));
    const answer = await server.engine.submit({ kind: 'online-resource', resource: 'Cache', flags: 0, caller: { principal: 'setup', access: 'full' } });
    await server.engine.waitForOperation(answer.operation as string);
    await waitFor('the operation-ended line', () => io.stdout.includes(`operation ${answer.operation}: succeeded`));
    io.pressCtrlC();
    expect(await running).toBe(0);
  });
});

describe('wolfpack token create|list|revoke', () => {
  it('round trip: the secret is printed once and works; list shows it; revoke stops it', async () => {
    const created = await server.run('token', 'create', 'ci', '--access', 'read');
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^wp_[0-9a-f]+_\S+$/);
    const id = /^wp_([0-9a-f]+)_/.exec(secret)?.[1] as string;
    expect(created.stderr).toBe(`token ${id} for ci (read access) created; the secret is shown only this once:\n`);

    const me = await server.run('whoami', '--token', secret);
    expect(me.stdout).toBe(`ci (read access, via bearer token) at ${server.url}\n`);
    const list = await server.run('token', 'list');
    expect(normalize(list.stdout)).toMatch(new RegExp(`^${id}\\s+ci\\s+read\\s+<time>\\s+active$`, 'm'));
    expect(list.stdout).not.toContain(secret);

    const revoked = await server.run('token', 'revoke', id);
    expect(revoked).toMatchObject({ code: 0, stdout: `token ${id} (ci) revoked\n` });
    expect(normalize((await server.run('token', 'list')).stdout)).toMatch(new RegExp(`^${id}\\s+ci\\s+read\\s+<time>\\s+revoked$`, 'm'));
    const after = await server.run('whoami', '--token', secret);
    expect(after.code).toBe(3);

    const badAccess = await server.run('token', 'create', 'x', '--access', 'admin');
    expect(badAccess.code).toBe(5);
    const byReader = await server.run('token', 'create', 'x', '--access', 'full', '--token', server.read);
    expect(byReader.code).toBe(3);
    expect(byReader.stderr).toMatch(/^error: 5 ERROR_ACCESS_DENIED/);
  });
});

describe('wolfpack apply and get config', () => {
  it('--plan prints the diff and changes nothing; apply applies it; get config prints the YAML', async () => {
    const file = join(scratch, 'cluster.yaml');
    writeFileSync(file, YAML.replace('      Cache: { type: dummy, dependsOn: [Disk] }\n', '      Cache: { type: dummy, dependsOn: [Disk] }\n      Web: { type: dummy, dependsOn: [App] }\n'));
    const plan = await server.run('apply', '-f', file, '--plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe('+ resource Web (group G)\nplan: 1 change; nothing applied\n');
    expect(server.engine.resource('Web')).toBeUndefined();

    const applied = await server.run('apply', '-f', file);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^\+ resource Web \(group G\)\napplied: revision \d+, 1 change\n$/);
    expect(server.engine.resource('Web')).toBeDefined();
    const again = await server.run('apply', '-f', file);
    expect(again.stdout).toMatch(/^no changes \(revision \d+\)\n$/);

    const config = await server.run('get', 'config');
    expect(config.code).toBe(0);
    expect(config.stdout).toContain('      Web:\n        type: dummy\n        dependsOn: [App]\n');
  });

  it('an invalid file: the code, and each problem with its YAML path', async () => {
    const file = join(scratch, 'bad.yaml');
    writeFileSync(file, YAML.replace('dependsOn: [Db]', 'dependsOn: [Dbx]'));
    const { code, stderr } = await server.run('apply', '-f', file);
    expect(code).toBe(4);
    expect(stderr).toMatch(/^error: 5007 ERROR_RESOURCE_NOT_FOUND: invalid cluster configuration: groups\.G\.resources\.App\.dependsOn/);
    expect(stderr).toMatch(/\n {2}groups\.G\.resources\.App\.dependsOn.*: 5007 ERROR_RESOURCE_NOT_FOUND: /);
  });
});
