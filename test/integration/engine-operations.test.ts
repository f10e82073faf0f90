/**
 * The offline contract end to end on one node, with real resource host processes: order and
 * parallelism read from RecordFile timestamps, OfflineV2/OnlineV2 arguments, instructions byte for
 * byte, locked mode, the resource-offline flags, and the operation record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceState, GroupState, PersistentState } from '../../src/core/states.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { encodePropertyList, parsePropertyListJson } from '../../src/proplist/index.js';
import { FULL, READ, TestDir, clusterYaml, only, readRecord, startCluster, waitFor } from './support/local-cluster.js';

let cluster: LocalCluster | undefined;
let dir: TestDir | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  dir?.remove();
  dir = undefined;
});

async function diamond(delayMs: number, extra: Record<string, Record<string, unknown>> = {}): Promise<{ cluster: LocalCluster; record: string }> {
  dir = new TestDir();
  const record = dir.file('record.jsonl');
  const props = (more: Record<string, unknown> = {}) => ({ RecordFile: record, OnlineDelayMs: delayMs, OfflineDelayMs: delayMs, ...more });
  const yaml = clusterYaml({
    G: {
      Base: { properties: props(extra['Base']) },
      Left: { dependsOn: ['Base'], properties: props(extra['Left']) },
      Right: { dependsOn: ['Base'], properties: props(extra['Right']) },
      Top: { dependsOn: ['Left', 'Right'], properties: props(extra['Top']) },
    },
  });
  cluster = await startCluster(yaml);
  return { cluster, record };
}

async function online(c: LocalCluster, group = 'G'): Promise<void> {
  const answer = await c.engine.submit({ kind: 'online-group', group, flags: 0, caller: FULL });
  expect(answer.code).toBe(997);
  const op = await c.engine.waitForOperation(answer.operation as string);
  expect(op?.outcome).toBe('succeeded');
}

describe('engine operations with real resource hosts', () => {
  it('takes a diamond online providers first and offline dependents first, branches in parallel', async () => {
    const { cluster: c, record } = await diamond(80);
    await online(c);
    let lines = readRecord(record, 'online');
    const on = (r: string) => only(lines, r, 'online');
    expect(on('Left').start).toBeGreaterThanOrEqual(on('Base').end);
    expect(on('Right').start).toBeGreaterThanOrEqual(on('Base').end);
    expect(on('Top').start).toBeGreaterThanOrEqual(Math.max(on('Left').end, on('Right').end));
    // Left and Right overlap: neither waited for the other.
    expect(on('Left').start).toBeLessThan(on('Right').end);
    expect(on('Right').start).toBeLessThan(on('Left').end);
    expect(c.engine.groupState('G')).toBe(GroupState.Online);

    const answer = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(answer.code).toBe(997);
    const op = await c.engine.waitForOperation(answer.operation as string);
    expect(op?.outcome).toBe('succeeded');
    lines = readRecord(record, 'offline');
    const off = (r: string) => only(lines, r, 'offline');
    expect(off('Left').start).toBeGreaterThanOrEqual(off('Top').end);
    expect(off('Right').start).toBeGreaterThanOrEqual(off('Top').end);
    expect(off('Left').start).toBeLessThan(off('Right').end);
    expect(off('Right').start).toBeLessThan(off('Left').end);
    expect(off('Base').start).toBeGreaterThanOrEqual(Math.max(off('Left').end, off('Right').end));
    for (const r of ['Base', 'Left', 'Right', 'Top']) {
      expect(off(r)).toMatchObject({ flags: 0, reason: 4, destinationNode: null });
      expect(c.engine.resource(r)?.state).toBe(ResourceState.Offline);
      expect(c.engine.resource(r)?.persistentState).toBe(PersistentState.Offline);
    }
    expect(c.engine.groupState('G')).toBe(GroupState.Offline);
    // The operation record holds every step's start, end and result.
    expect(op?.steps.map((s) => [s.resource, s.status])).toEqual(expect.arrayContaining([['Top', 'succeeded'], ['Base', 'succeeded']]));
    for (const s of op?.steps ?? []) expect(s.end).toBeGreaterThanOrEqual(s.start as number);
    expect(op).toMatchObject({ kind: 'offline-group', target: 'G', actor: 'tester', code: 997, flags: 0, reason: 4 });
  });

  it('delivers the caller property list to every resource, decoded and byte for byte', async () => {
    const { cluster: c, record } = await diamond(0);
    await online(c);
    const bytes = encodePropertyList(parsePropertyListJson('{"Virtual Machine": {"type": "dword", "value": 1}, "Note": {"type": "sz", "value": "save state"}}'));
    const answer = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0x1, caller: FULL, inputBytes: bytes });
    await c.engine.waitForOperation(answer.operation as string);
    const offlines = readRecord(record, 'offline');
    expect(offlines).toHaveLength(4);
    for (const line of offlines) {
      expect(Buffer.from(line.raw as string, 'base64').equals(Buffer.from(bytes))).toBe(true);
      expect(line.instructions).toEqual({ 'Virtual Machine': { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'save state' } });
      // The group IGNORE flag reaches OfflineV2 as CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS.
      expect(line.flags).toBe(0x1);
    }
    const op = c.engine.operation(answer.operation as string);
    expect(op?.input?.base64).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('rejects a malformed property list with 13 and changes nothing', async () => {
    const { cluster: c, record } = await diamond(0);
    await online(c);
    const before = readRecord(record).length;
    const answer = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL, inputBytes: new Uint8Array([1, 0, 0, 0, 3]) });
    expect(answer.code).toBe(13);
    expect(c.engine.groupState('G')).toBe(GroupState.Online);
    expect(c.engine.group('G')?.persistentState).toBe(PersistentState.Online);
    expect(readRecord(record).length).toBe(before);
    expect(c.engine.operation(answer.operation as string)?.outcome).toBe('rejected');
  });

  it('refuses a locked group with 5960 without changing anything; IGNORE proceeds', async () => {
    const { cluster: c, record } = await diamond(0, { Left: { Locked: true, LockedReason: 7 } });
    const events: EngineEvent[] = [];
    c.engine.subscribe((e) => events.push(e));
    await online(c);
    await waitFor('locked mode report', () => c.engine.resource('Left')?.locked === true);
    expect(events.some((e) => e.type === 'resource-locked' && e.resource === 'Left' && e.locked && e.reason === 7)).toBe(true);

    const refused = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(refused.code).toBe(5960);
    expect(refused.detail).toContain('Left');
    expect(readRecord(record, 'offline')).toHaveLength(0);
    for (const r of ['Base', 'Left', 'Right', 'Top']) expect(c.engine.resource(r)?.state).toBe(ResourceState.Online);
    expect(c.engine.group('G')?.persistentState).toBe(PersistentState.Online);

    const accepted = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0x1, caller: FULL });
    expect(accepted.code).toBe(997);
    await c.engine.waitForOperation(accepted.operation as string);
    expect(c.engine.groupState('G')).toBe(GroupState.Offline);
  });

  it('terminates with FORCE_WITH_TERMINATION and keeps persistent state with DO_NOT_UPDATE_PERSISTENT_STATE', async () => {
    const { cluster: c, record } = await diamond(0);
    await online(c);
    const forced = await c.engine.submit({ kind: 'offline-resource', resource: 'Top', flags: 0x2, caller: FULL });
    expect(forced.code).toBe(997);
    await c.engine.waitForOperation(forced.operation as string);
    expect(readRecord(record).filter((l) => l.resource === 'Top').map((l) => l.entry)).toContain('terminate');
    expect(readRecord(record, 'offline').filter((l) => l.resource === 'Top')).toHaveLength(0);
    expect(c.engine.resource('Top')?.state).toBe(ResourceState.Offline);
    expect(c.engine.resource('Top')?.persistentState).toBe(PersistentState.Offline);

    const kept = await c.engine.submit({ kind: 'offline-resource', resource: 'Left', flags: 0x4, reason: 0x10, caller: FULL });
    expect(kept.code).toBe(997);
    await c.engine.waitForOperation(kept.operation as string);
    expect(c.engine.resource('Left')?.state).toBe(ResourceState.Offline);
    expect(c.engine.resource('Left')?.persistentState).toBe(PersistentState.Online);
    expect(only(readRecord(record, 'offline'), 'Left', 'offline')).toMatchObject({ flags: 0x40, reason: 0x10 });
    // Right and Base stay online: Left had no online dependents left. The group rule looks at
    // top-level resources only (wsfc.md §2.2), and the one top-level resource, Top, is offline.
    expect(c.engine.resource('Right')?.state).toBe(ResourceState.Online);
    expect(c.engine.resource('Base')?.state).toBe(ResourceState.Online);
    expect(c.engine.groupState('G')).toBe(GroupState.Offline);
  });

  it('answers 0 for an offline group and for a Failed resource, which goes straight to Offline', async () => {
    const { cluster: c } = await diamond(0, { Base: { FailOnline: true } });
    const nothing = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(nothing.code).toBe(0);
    const attempt = await c.engine.submit({ kind: 'online-resource', resource: 'Base', flags: 0x2, caller: FULL });
    const op = await c.engine.waitForOperation(attempt.operation as string);
    expect(op?.outcome).toBe('failed');
    await waitFor('Base failed', () => c.engine.resource('Base')?.state === ResourceState.Failed);
    const answer = await c.engine.submit({ kind: 'offline-resource', resource: 'Base', flags: 0, caller: FULL });
    expect(answer.code).toBe(0);
    expect(c.engine.resource('Base')?.state).toBe(ResourceState.Offline);
  });

  it('skips dependents whose provider failed to come online', async () => {
    const { cluster: c } = await diamond(0, { Left: { FailOnline: true }, Left_RestartAction: {} });
    const answer = await c.engine.submit({ kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const op = await c.engine.waitForOperation(answer.operation as string);
    expect(op?.outcome).toBe('failed');
    const status = Object.fromEntries(op?.steps.map((s) => [s.resource, s.status]) ?? []);
    expect(status).toMatchObject({ Base: 'succeeded', Right: 'succeeded', Left: 'failed', Top: 'skipped' });
  });

  it('refuses a second operation on resources a running one owns (5023), and read-only callers (5)', async () => {
    const { cluster: c } = await diamond(150);
    await online(c);
    const first = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(first.code).toBe(997);
    const second = await c.engine.submit({ kind: 'offline-resource', resource: 'Base', flags: 0, caller: FULL });
    expect(second.code).toBe(5023);
    const viewer = await c.engine.submit({ kind: 'online-group', group: 'G', flags: 0, caller: READ });
    expect(viewer.code).toBe(5);
    await c.engine.waitForOperation(first.operation as string);
    expect(c.engine.groupState('G')).toBe(GroupState.Offline);
  });

  it('publishes every state change in order', async () => {
    const { cluster: c } = await diamond(0);
    const events: EngineEvent[] = [];
    c.engine.subscribe((e) => events.push(e));
    await online(c);
    const answer = await c.engine.submit({ kind: 'offline-resource', resource: 'Top', flags: 0, caller: FULL });
    await c.engine.waitForOperation(answer.operation as string);
    const topStates = events.filter((e) => e.type === 'resource-state' && e.resource === 'Top').map((e) => (e.type === 'resource-state' ? e.state : -1));
    expect(topStates).toEqual([ResourceState.OnlinePending, ResourceState.Online, ResourceState.OfflinePending, ResourceState.Offline]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const kinds = events.filter((e) => e.type.startsWith('operation') || e.type.startsWith('step')).map((e) => e.type);
    expect(kinds.at(-1)).toBe('operation-ended');
    const groupStates = events.filter((e) => e.type === 'group-state').map((e) => (e.type === 'group-state' ? e.state : -1));
    expect(groupStates).toEqual([GroupState.Pending, GroupState.Online, GroupState.Pending, GroupState.Offline]);
  });
});
