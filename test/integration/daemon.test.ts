/**
 * `wolfpack serve` as a real process: graceful stop with SHUTTING_DOWN and the next start bringing
 * back exactly what was online; tokens over TCP and the owner-only socket; configuration apply with
 * BEING_DELETED; and what the operation log records.
 */
import { statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { WolfpackClient } from '../../src/client/index.js';
import { DaemonProcess, freePort } from '../support/daemon-process.js';
import { TestDir, readRecord, waitFor } from './support/local-cluster.js';

let daemons: DaemonProcess[] = [];
let clients: WolfpackClient[] = [];
let dir: TestDir | undefined;

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  for (const d of daemons) await d.kill();
  daemons = [];
  dir?.remove();
  dir = undefined;
});

function configYaml(record: string, groups: Record<string, Record<string, Record<string, unknown>>>): string {
  return stringify({
    cluster: 'DaemonTest',
    nodes: ['node1'],
    groups: Object.fromEntries(
      Object.entries(groups).map(([g, resources]) => [
        g,
        { resources: Object.fromEntries(Object.entries(resources).map(([r, spec]) => [r, { type: 'dummy', ...spec, properties: { RecordFile: record, ...((spec['properties'] as object) ?? {}) } }])) },
      ]),
    ),
  });
}

async function startDaemon(dataDir: string, args: string[]): Promise<{ daemon: DaemonProcess; local: WolfpackClient }> {
  const daemon = new DaemonProcess(['--data-dir', dataDir, ...args]);
  daemons.push(daemon);
  await daemon.ready();
  const local = new WolfpackClient({ kind: 'socket', socketPath: `${dataDir}/wolfpack.sock` });
  clients.push(local);
  return { daemon, local };
}

async function settle(client: WolfpackClient, id: string | null): Promise<void> {
  if (!id) return;
  for (let i = 0; i < 500; i++) {
    const op = await client.getOperation(id);
    if (op.outcome !== 'running') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`operation ${id} still running`);
}

describe('wolfpack serve', () => {
  it('stops with SHUTTING_DOWN, keeps persistent state, and the next start brings back exactly what was online', async () => {
    dir = new TestDir();
    const record = dir.file('record.jsonl');
    const config = dir.file('cluster.yaml');
    writeFileSync(config, configYaml(record, { Web: { Disk: {}, App: { dependsOn: ['Disk'] } }, Batch: { Job: {} } }));
    const dataDir = dir.file('data');
    const first = await startDaemon(dataDir, ['--listen', 'none', '--config', config, '--online-at-first-start']);
    await waitFor('both groups online', () => first.daemon.log.includes('group Batch: Pending -> Online') && first.daemon.log.includes('group Web: Pending -> Online'));
    const off = await first.local.offlineGroup('Batch');
    expect(off.code).toBe(997);
    await settle(first.local, off.operation);
    expect(statSync(`${dataDir}/wolfpack.sock`).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    const exit = await first.daemon.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(first.daemon.log).toContain('wolfpack stopped');
    const shutdown = readRecord(record, 'offline').filter((l) => l.reason === 0x40);
    expect(shutdown.map((l) => l.resource).sort()).toEqual(['App', 'Disk']);
    // SHUTTING_DOWN offlines tell the type that persistent state stays (CLUS_RESDLL 0x40).
    for (const line of shutdown) expect((line.flags ?? 0) & 0x40).toBe(0x40);
    // Dependents first: App's offline ended before Disk's began (same millisecond allowed).
    expect(shutdown.find((l) => l.resource === 'App')?.end).toBeLessThanOrEqual(shutdown.find((l) => l.resource === 'Disk')?.start ?? 0);

    const onlinesBefore = readRecord(record, 'online').length;
    const second = await startDaemon(dataDir, ['--listen', 'none', '--config', config]);
    await waitFor('Web back online', () => second.daemon.log.includes('group Web: Pending -> Online'));
    expect((await second.local.getGroupState('Web')).state).toBe(0);
    expect((await second.local.getGroupState('Batch')).state).toBe(1);
    const restored = readRecord(record, 'online').slice(onlinesBefore).map((l) => l.resource).sort();
    expect(restored).toEqual(['App', 'Disk']);
    expect(second.daemon.log).toContain('already in effect');
    // The operation log survived the restart, numbering continues.
    const ops = await second.local.listOperations({ limit: 100 });
    expect(ops.some((o) => o.id === off.operation && o.actor.startsWith('local:'))).toBe(true);
    expect(ops.some((o) => o.cause === 'start: persistent state online' && o.target === 'Web')).toBe(true);
  });

  it('answers over TCP with tokens: Read reads, Full acts, unknown is 401, and the principal is recorded', async () => {
    dir = new TestDir();
    const record = dir.file('record.jsonl');
    const config = dir.file('cluster.yaml');
    writeFileSync(config, configYaml(record, { G: { R: {} } }));
    const port = await freePort();
    const { local } = await startDaemon(dir.file('data'), ['--listen', `127.0.0.1:${port}`, '--config', config]);
    const admin = await local.createToken({ name: 'admin', access: 'full' });
    const viewer = await local.createToken({ name: 'viewer', access: 'read' });
    const url = new URL(`http://127.0.0.1:${port}`);
    const asAdmin = new WolfpackClient({ kind: 'tcp', url, token: admin.token });
    const asViewer = new WolfpackClient({ kind: 'tcp', url, token: viewer.token });
    const anonymous = new WolfpackClient({ kind: 'tcp', url, token: null });
    clients.push(asAdmin, asViewer, anonymous);

    expect((await asViewer.getGroupState('G')).state).toBe(1);
    const refused = await asViewer.onlineGroup('G');
    expect(refused.code).toBe(5);
    const accepted = await asAdmin.onlineGroup('G');
    expect(accepted.code).toBe(997);
    await settle(asAdmin, accepted.operation);
    await expect(anonymous.getCluster()).rejects.toMatchObject({ code: 5 });
    const ops = await asAdmin.listOperations({ limit: 10 });
    expect(ops.find((o) => o.id === accepted.operation)?.actor).toBe('admin');
    expect(ops.find((o) => o.actor === 'viewer')?.outcome).toBe('rejected');
    await local.revokeToken(admin.id);
    await expect(asAdmin.getCluster()).rejects.toMatchObject({ code: 5 });
    // Token changes are mutating requests too: recorded with the principal that made them.
    const audit = await local.listOperations({ limit: 20 });
    expect(audit.find((o) => o.kind === 'create-token' && o.target === 'viewer')?.actor).toMatch(/^local:/);
    expect(audit.find((o) => o.kind === 'revoke-token' && o.target === 'admin')).toMatchObject({ outcome: 'succeeded', code: 0 });
  });

  it('applies a configuration: removed resources go offline with BEING_DELETED first; the same file twice changes nothing', async () => {
    dir = new TestDir();
    const record = dir.file('record.jsonl');
    const config = dir.file('cluster.yaml');
    writeFileSync(config, configYaml(record, { G: { Keep: {}, Drop: { dependsOn: ['Keep'] } } }));
    const { local } = await startDaemon(dir.file('data'), ['--listen', 'none', '--config', config, '--online-at-first-start']);
    for (let i = 0; i < 300 && (await local.getGroupState('G')).state !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await local.getGroupState('G')).state).toBe(0);

    const next = configYaml(record, { G: { Keep: { RestartDelay: 100 } }, H: { Fresh: {} } });
    const preview = await local.applyConfig({ yaml: next, plan: true });
    expect(preview.changed).toBe(false);
    expect(preview.diff.join('\n')).toMatch(/Drop/);
    expect((await local.listResources()).map((r) => r.name).sort()).toEqual(['Drop', 'Keep']);

    const applied = await local.applyConfig({ yaml: next });
    expect(applied.changed).toBe(true);
    expect(applied.operations).toHaveLength(1);
    const dropOffline = readRecord(record, 'offline').filter((l) => l.resource === 'Drop');
    expect(dropOffline).toHaveLength(1);
    expect(dropOffline[0]?.reason).toBe(0x08);
    expect((await local.listResources()).map((r) => r.name).sort()).toEqual(['Fresh', 'Keep']);
    expect((await local.getResource('Keep')).common['RestartDelay']).toBe(100);
    expect((await local.getResourceState('Keep')).state).toBe(2);

    const applyRecord = (await local.listOperations({ limit: 20 })).find((o) => o.kind === 'apply-config');
    expect(applyRecord).toMatchObject({ target: `configuration revision ${applied.revision}`, outcome: 'succeeded' });
    expect(applyRecord?.actor).toMatch(/^local:/);
    expect(applyRecord?.detail).toMatch(/Drop/);

    const again = await local.applyConfig({ yaml: next });
    expect(again.changed).toBe(false);
    expect(again.revision).toBe(applied.revision);
    expect((await local.getConfig()).yaml).toContain('Fresh');
  });
});
