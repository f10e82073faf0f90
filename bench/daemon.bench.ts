/**
 * The daemon's resident memory with 10,000 resources (1,000 groups of 10-resource chains, all
 * online and health-checked), measured from /proc/<pid>/status of a real `wolfpack serve` built to
 * dist/. Bar from the Service issue: <= 100 MiB RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { WolfpackClient } from '../src/client/index.js';
import type { BenchRow } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** VmRSS and its anonymous part (RssAnon: the heaps; the rest is mostly the node binary's pages). */
function rssMiB(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

function config(groups: number, perGroup: number): string {
  const doc = {
    cluster: 'Memory',
    nodes: ['node1'],
    groups: Object.fromEntries(
      Array.from({ length: groups }, (_, g) => [
        `G${g}`,
        {
          resources: Object.fromEntries(
            Array.from({ length: perGroup }, (_, r) => [`G${g}R${r}`, { type: 'dummy', ...(r > 0 ? { dependsOn: [`G${g}R${r - 1}`] } : {}) }]),
          ),
        },
      ]),
    ),
  };
  return stringify(doc);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function rows(): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT, 'dist/cli/entry.js'))) throw new Error('bench/daemon.bench.ts measures the built daemon: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-'));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, config(1000, 10));
  // The launcher itself, as installed: its shebang carries the node flags the daemon runs with.
  const child = spawn(join(ROOT, 'bin/wolfpack.js'), ['serve', '--data-dir', join(dir, 'data'), '--listen', 'none', '--config', file, '--online-at-first-start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The daemon logs a line per state change (tens of thousands here): keep only the tail, and
  // remember the one line that matters when it passes.
  let log = '';
  let serving = false;
  const keep = (c: Buffer): void => {
    const text = log.slice(-100) + c.toString();
    serving ||= text.includes('wolfpack serving');
    log = (log + c.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const client = new WolfpackClient({ kind: 'socket', socketPath: join(dir, 'data', 'wolfpack.sock') });
  try {
    await until('the daemon to serve', async () => serving || child.exitCode !== null, 120_000);
    if (child.exitCode !== null) throw new Error(`daemon exited: ${log}`);
    const started = rssMiB(child.pid as number);
    await until('every group online', async () => (await client.listGroups()).every((g) => g.state === 0), 180_000);
    // Let a few health-check rounds (LooksAlive every 5 s) run before reading.
    await new Promise((r) => setTimeout(r, 6000));
    const online = rssMiB(child.pid as number);
    return [
      {
        name: 'daemon RSS with 10,000 resources online (1,000 groups x 10)',
        value: online.rss,
        unit: 'MiB',
        bar: { op: '<=', limit: 100 },
        detail: { rss_after_start_mib: started.rss, rss_online_mib: online.rss, rss_anon_online_mib: online.anon },
      },
    ];
  } finally {
    client.close();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
