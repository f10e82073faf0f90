/**
 * Chains with real resource hosts: the next step's call is sent ahead to follow its provider's call
 * in the host (no daemon round trip per step), and the result is the same as without it — order
 * kept, a failed provider offline still lets the next offline run, a failed provider online means
 * its dependent is never called.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceState } from '../../src/core/states.js';
import type { DriverTicket, ResourceDriver } from '../../src/engine/driver.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { FULL, TestDir, clusterYaml, readRecord, startCluster } from './support/local-cluster.js';

let cluster: LocalCluster | undefined;
let dir: TestDir | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  dir?.remove();
  dir = undefined;
});

/** A chain R0 <- R1 <- ... <- R{n-1}, and a count of the calls the engine sent ahead. */
async function chain(n: number, extra: Record<string, Record<string, unknown>> = {}) {
  dir = new TestDir();
  const record = dir.file('record.jsonl');
  const resources = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`R${i}`, { ...(i > 0 ? { dependsOn: [`R${i - 1}`] } : {}), RestartAction: 0, properties: { RecordFile: record, ...extra[`R${i}`] } }]),
  );
  cluster = await startCluster(clusterYaml({ G: resources }));
  const driver = (cluster.engine as unknown as { options: { driver: ResourceDriver } }).options.driver;
  const sentAhead: string[] = [];
  const dispatch = driver.dispatch.bind(driver);
  driver.dispatch = (binding, call, deadlineMs, after?: DriverTicket) => {
    if (after !== undefined) sentAhead.push(`${call.entry} ${binding.name}`);
    return dispatch(binding, call, deadlineMs, after);
  };
  return { c: cluster, record, sentAhead };
}

async function run(c: LocalCluster, command: Parameters<LocalCluster['engine']['submit']>[0]) {
  const answer = await c.engine.submit(command);
  expect(answer.code).toBe(997);
  return c.engine.waitForOperation(answer.operation as string);
}

describe('chains', () => {
  it('sends each next step ahead to its host and keeps the order', async () => {
    const { c, record, sentAhead } = await chain(5);
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const off = await run(c, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(off?.outcome).toBe('succeeded');
    expect(sentAhead).toEqual(['online R1', 'online R2', 'online R3', 'online R4', 'offline R3', 'offline R2', 'offline R1', 'offline R0']);
    const offlines = readRecord(record, 'offline').map((l) => l.resource);
    expect(offlines).toEqual(['R4', 'R3', 'R2', 'R1', 'R0']);
    const lines = readRecord(record, 'offline');
    for (let i = 1; i < lines.length; i++) expect(lines[i]?.start).toBeGreaterThanOrEqual(lines[i - 1]?.end ?? Infinity);
  });

  it('still takes the provider offline when the dependent offline failed (the call sent ahead is replaced)', async () => {
    const { c, record } = await chain(3, { R2: { FailOffline: true } });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const off = await run(c, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(off?.outcome).toBe('failed');
    expect(readRecord(record, 'offline').map((l) => l.resource)).toEqual(['R2', 'R1', 'R0']);
    expect(c.engine.resource('R2')?.state).toBe(ResourceState.Failed);
    expect(c.engine.resource('R0')?.state).toBe(ResourceState.Offline);
  });

  it('never calls a dependent whose provider failed to come online', async () => {
    const { c, record, sentAhead } = await chain(3, { R1: { FailOnline: true } });
    const on = await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    expect(on?.outcome).toBe('failed');
    expect(sentAhead).toContain('online R2');
    expect(readRecord(record, 'online').map((l) => l.resource)).toEqual(['R0', 'R1']);
    expect(c.engine.resource('R2')?.state).toBe(ResourceState.Offline);
    expect(on?.steps.find((s) => s.resource === 'R2')?.status).toBe('skipped');
    // The step that was skipped left nothing behind: a later online calls R2 normally.
    expect(c.engine.resource('R2')?.predispatched).toBeNull();
  });
});
