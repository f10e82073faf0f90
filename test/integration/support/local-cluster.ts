/**
 * Test support for suites that run a real single-node cluster (engine + resource host processes):
 * temp directories, YAML built from small objects, RecordFile readers, and polling with a limit.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Caller } from '../../../src/core/commands.js';
import { createLocalCluster, type LocalCluster, type LocalClusterOptions } from '../../../src/engine/local-cluster.js';

export const FULL: Caller = { principal: 'tester', access: 'full' };
export const READ: Caller = { principal: 'viewer', access: 'read' };

export interface RecordLine {
  readonly entry: string;
  readonly resource: string;
  readonly flags?: number;
  readonly reason?: number;
  readonly destinationNode?: string | null;
  readonly sourceNode?: string;
  readonly instructions?: unknown;
  readonly raw?: string | null;
  readonly start: number;
  readonly end: number;
  readonly result?: string;
}

export class TestDir {
  readonly path = mkdtempSync(join(tmpdir(), 'wolfpack-test-'));

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Every line of a dummy RecordFile, optionally only those of one entry point. */
export function readRecord(file: string, entry?: string): RecordLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const records = lines.map((l) => JSON.parse(l) as RecordLine);
  return entry === undefined ? records : records.filter((r) => r.entry === entry);
}

export function only(records: readonly RecordLine[], resource: string, entry: string): RecordLine {
  const found = records.filter((r) => r.resource === resource && r.entry === entry);
  if (found.length !== 1) throw new Error(`expected one ${entry} of ${resource}, found ${found.length}`);
  return found[0] as RecordLine;
}

type ResourceSpec = Record<string, unknown> & { type?: string };

/** `cluster(groups)` -> YAML text, with `type: dummy` filled in where no type is given. */
export function clusterYaml(groups: Record<string, Record<string, ResourceSpec>>, extraGroupKeys: Record<string, Record<string, unknown>> = {}): string {
  const doc = {
    cluster: 'Test',
    nodes: ['node1'],
    groups: Object.fromEntries(
      Object.entries(groups).map(([group, resources]) => [
        group,
        {
          ...(extraGroupKeys[group] ?? {}),
          resources: Object.fromEntries(Object.entries(resources).map(([name, spec]) => [name, { type: 'dummy', ...spec }])),
        },
      ]),
    ),
  };
  return stringify(doc);
}

export async function startCluster(config: string, options: Omit<LocalClusterOptions, 'config'> = {}): Promise<LocalCluster> {
  return createLocalCluster({ config, ...options });
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** True once /proc/<pid> is gone or a zombie (PID 1 reaps orphans only every 1-2 s here). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
