/**
 * Hosts never outlive the daemon: a small parent process creates a pool with two hosts, is killed
 * with SIGKILL (no chance to clean up), and both hosts must vanish on their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killIfAlive, waitUntilGone } from './host-test-helpers.js';

const hostIndex = pathToFileURL(fileURLToPath(new URL('../../src/host/index.ts', import.meta.url))).href;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let dir: string;
const started: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-parent-'));
  writeFileSync(
    join(dir, 'parent.mts'),
    `import { HostPool } from ${JSON.stringify(hostIndex)};
const pool = new HostPool({ baseDir: ${JSON.stringify(dir)} });
const args = { flags: 0, instructions: null, raw: null };
await pool.call({ resource: 'Shared', type: 'dummy', entry: 'online', args });
await pool.call({ resource: 'Own', type: 'dummy', entry: 'online', args, separateMonitor: true });
process.stdout.write(JSON.stringify(pool.list().map((h) => h.pid)) + '\\n');
setInterval(() => undefined, 1_000);
`,
  );
});
afterAll(() => {
  for (const pid of started) killIfAlive(pid);
  rmSync(dir, { recursive: true, force: true });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`parent exited early with ${String(code)}`)));
  });
}

describe('hosts and the daemon process', () => {
  it('hosts exit when their parent is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', tsxLoader, join(dir, 'parent.mts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(parent.pid as number);
    const hostPids = JSON.parse(await firstLine(parent)) as number[];
    started.push(...hostPids);
    expect(hostPids).toHaveLength(2);
    expect(new Set(hostPids).size).toBe(2);

    process.kill(parent.pid as number, 'SIGKILL');
    for (const pid of hostPids) expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });
});
