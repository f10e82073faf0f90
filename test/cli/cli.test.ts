/**
 * Golden transcripts of the CLI on the foundation layer: the real command code run against captured
 * streams (no process), checking output, bytes and exit codes from the error table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedIo } from '../../src/cli/io.js';

async function run(...args: string[]): Promise<{ code: number; io: CapturedIo }> {
  const io = new CapturedIo();
  const code = await main(['node', 'wolfpack', ...args], io);
  return { code, io };
}

const OFFLINE_ACTION_HEX =
  '01000000030004001c0000004f00660066006c0069006e00650041006300740069006f006e0000000200010004000000010000000000000000'.slice(0, 112);

const DEMO = `
cluster: Demo
nodes: [node1]
groups:
  G:
    resources:
      Disk: { type: dummy }
      App: { type: dummy, dependsOn: [Disk] }
`;

function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wolfpack-cli-')), name);
  writeFileSync(path, content);
  return path;
}

describe('wolfpack proplist', () => {
  it('encodes the §7.3 worked example byte for byte to stdout', async () => {
    const { code, io } = await run('proplist', 'encode', '--json', '{"OfflineAction": {"type": "dword", "value": 1}}');
    expect(code).toBe(0);
    expect(Buffer.concat(io.bytes).toString('hex')).toBe(OFFLINE_ACTION_HEX);
  });

  it('writes to a file with -o and decodes it back as a table, a hex dump, or JSON', async () => {
    const io = new CapturedIo();
    const out = join(mkdtempSync(join(tmpdir(), 'wolfpack-cli-')), 'vm.bin');
    expect(await main(['node', 'wolfpack', 'proplist', 'encode', '--json', '{"Virtual Machine": {"type": "dword", "value": 1}}', '-o', out], io)).toBe(0);
    const bytes = io.files.get(out) as Uint8Array;
    expect(bytes.length).toBe(60);
    const file = tempFile('vm.bin', bytes);
    const table = await run('proplist', 'decode', file);
    expect(table.code).toBe(0);
    expect(table.io.stdout).toMatch(/Virtual Machine\s+dword\s+1/);
    expect(table.io.stdout).toContain('0000: 01 00 00 00 03 00 04 00 20 00 00 00 56 00 69 00');
    expect(table.io.stdout).toContain('60 bytes');
    const json = await run('proplist', 'decode', file, '--json');
    expect(JSON.parse(json.io.stdout)).toEqual({ 'Virtual Machine': { type: 'dword', value: 1 } });
  });

  it('answers a truncated file with 13 ERROR_INVALID_DATA and exit code 5', async () => {
    const file = tempFile('bad.bin', Buffer.from(OFFLINE_ACTION_HEX, 'hex').subarray(0, 30));
    const { code, io } = await run('proplist', 'decode', file);
    expect(code).toBe(5);
    expect(io.stderr).toMatch(/^error: 13 ERROR_INVALID_DATA/);
  });

  it('answers bad JSON with a code-carrying error', async () => {
    const { code, io } = await run('proplist', 'encode', '--json', '{"X": {"type": "dword", "value": -1}}');
    expect(code).not.toBe(0);
    expect(io.stderr).toMatch(/error: (13 ERROR_INVALID_DATA|87 ERROR_INVALID_PARAMETER)/);
  });
});

describe('wolfpack plan', () => {
  it('prints the plan of a group offline, dependents first, and exits 0 for 997', async () => {
    const file = tempFile('cluster.yaml', DEMO);
    const { code, io } = await run('plan', '-f', file, '--offline-group', 'G');
    expect(code).toBe(0);
    expect(io.stdout).toContain('result: 997 ERROR_IO_PENDING');
    expect(io.stdout).toMatch(/#1 offline App .*after: -/);
    expect(io.stdout).toMatch(/#2 offline Disk .*after: #1/);
  });

  it('exits with the table code for a rejection: locked (7) and unknown group (4)', async () => {
    const locked = tempFile('locked.yaml', `${DEMO}state:\n  default: Online\n  resources:\n    App: { state: Online, locked: true }\n`);
    const refused = await run('plan', '-f', locked, '--offline-group', 'G');
    expect(refused.code).toBe(7);
    expect(refused.io.stdout).toContain('result: 5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS');
    const ignored = await run('plan', '-f', locked, '--offline-group', 'G', '--ignore-locked');
    expect(ignored.code).toBe(0);
    expect(ignored.io.stdout).toContain('flags=0x1');
    const unknown = await run('plan', '-f', locked, '--offline-group', 'Nope');
    expect(unknown.code).toBe(4);
    expect(unknown.io.stdout).toContain('5013 ERROR_GROUP_NOT_FOUND');
  });

  it('plans a forced resource offline with instructions, and rejects bad flags with 87', async () => {
    const file = tempFile('cluster.yaml', DEMO);
    const forced = await run('plan', '-f', file, '--offline-resource', 'Disk', '--force', '--prop', 'Virtual Machine=1', '--reason', 'preempted');
    expect(forced.code).toBe(0);
    expect(forced.io.stdout).toMatch(/terminate Disk/);
    expect(forced.io.stdout).toContain('reason=PREEMPTED');
    expect(forced.io.stdout).toContain('input=60B');
    const bad = await run('plan', '-f', file, '--offline-resource', 'Disk', '--flags', '0x8');
    expect(bad.code).toBe(5);
    expect(bad.io.stdout).toContain('87 ERROR_INVALID_PARAMETER');
  });

  it('uses the file\'s command: section when no command option is given', async () => {
    const file = tempFile('scenario.yaml', `${DEMO}state:\n  default: Offline\ncommand:\n  kind: online-group\n  target: G\n`);
    const { code, io } = await run('plan', '-f', file);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/#1 online Disk/);
    expect(io.stdout).toMatch(/#2 online App .*after: #1/);
  });

  it('explains a configuration error with its path and code', async () => {
    const file = tempFile('bad.yaml', DEMO.replace('dependsOn: [Disk]', 'dependsOn: [Dsk]'));
    const { code, io } = await run('plan', '-f', file, '--offline-group', 'G');
    expect(code).not.toBe(0);
    expect(io.stderr).toContain('groups.G.resources.App.dependsOn');
    expect(io.stderr).toContain('5007');
  });
});
