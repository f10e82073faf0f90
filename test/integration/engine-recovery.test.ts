/**
 * Timers, failures and recovery with real resource host processes: PendingTimeout as a gap timer,
 * DeadlockTimeout killing a hung host, kill -9 of a host failing only its resources, health checks
 * and restart policy, and the start-up probe adopting what is already running.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistentState, ResourceState } from '../../src/core/states.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { FULL, TestDir, clusterYaml, processGone, readRecord, startCluster, waitFor } from './support/local-cluster.js';

let clusters: LocalCluster[] = [];
let dir: TestDir | undefined;

afterEach(async () => {
  for (const c of clusters) await c.close();
  clusters = [];
  dir?.remove();
  dir = undefined;
});

async function start(groups: Parameters<typeof clusterYaml>[0], options: Parameters<typeof startCluster>[1] = {}): Promise<LocalCluster> {
  const c = await startCluster(clusterYaml(groups), options);
  clusters.push(c);
  return c;
}

async function run(c: LocalCluster, command: Parameters<LocalCluster['engine']['submit']>[0]) {
  const answer = await c.engine.submit(command);
  expect(answer.code, answer.detail ?? '').toBe(997);
  const op = await c.engine.waitForOperation(answer.operation as string);
  if (!op) throw new Error('operation record missing');
  return op;
}

describe('engine timers and recovery with real hosts', () => {
  it('terminates a hung offline when PendingTimeout passes without progress, and the resource ends Failed', async () => {
    dir = new TestDir();
    const record = dir.file('record.jsonl');
    const c = await start({ G: { Hung: { PendingTimeout: 300, properties: { RecordFile: record, HangOffline: true } } } });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const started = Date.now();
    const op = await run(c, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(op.outcome).toBe('failed');
    expect(op.steps[0]?.detail).toContain('pending timeout');
    const resource = c.engine.resource('Hung');
    expect(resource?.state).toBe(ResourceState.Failed);
    // Offline failures never trigger restart policy: the caller asked for offline.
    expect(resource?.persistentState).toBe(PersistentState.Offline);
    await waitFor('terminate recorded', () => readRecord(record, 'terminate').length === 1);
    const offline = readRecord(record, 'offline')[0];
    const terminate = readRecord(record, 'terminate')[0];
    expect(terminate?.start).toBeGreaterThanOrEqual((offline?.start ?? 0) + 250);
  });

  it('keeps a long offline alive past PendingTimeout while the type reports progress', async () => {
    const c = await start({ G: { Slow: { PendingTimeout: 200, properties: { OfflineDelayMs: 900, ProgressEveryMs: 50 } } } });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const progress: number[] = [];
    c.engine.subscribe((e) => {
      if (e.type === 'resource-progress') progress.push(e.pendingTimeoutMs);
    });
    const started = Date.now();
    const op = await run(c, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
    expect(op.outcome).toBe('succeeded');
    expect(c.engine.resource('Slow')?.state).toBe(ResourceState.Offline);
    expect(progress.length).toBeGreaterThan(5);
    // Each report starts the gap again: the time left is back near the full PendingTimeout.
    for (const left of progress) expect(left).toBeGreaterThan(150);
  });

  it('kills a host whose call outlives DeadlockTimeout; only that resource fails', async () => {
    const c = await start({
      G: { Stuck: { DeadlockTimeout: 1000, PendingTimeout: 60_000, SeparateMonitor: 1, RestartAction: 0, properties: { HangOnline: true } } },
      H: { Calm: { RestartAction: 0 } },
    });
    await run(c, { kind: 'online-group', group: 'H', flags: 0, caller: FULL });
    const calmPid = c.pool.pidFor('Calm', 'dummy');
    const answer = await c.engine.submit({ kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    await waitFor('stuck host', () => c.pool.pidFor('Stuck', 'dummy', true) !== null);
    const stuckPid = c.pool.pidFor('Stuck', 'dummy', true) as number;
    expect(stuckPid).not.toBe(calmPid);
    const op = await c.engine.waitForOperation(answer.operation as string);
    expect(op?.outcome).toBe('failed');
    expect(op?.steps[0]?.detail).toMatch(/5910|timed out|deadline/i);
    await waitFor('stuck host process gone', () => processGone(stuckPid));
    expect(c.engine.resource('Stuck')?.state).toBe(ResourceState.Failed);
    expect(c.engine.resource('Calm')?.state).toBe(ResourceState.Online);
    expect(c.pool.pidFor('Calm', 'dummy')).toBe(calmPid);
  });

  it('fails only the resources of a host killed with SIGKILL, then restarts them per policy', async () => {
    const c = await start({
      G: { Own: { SeparateMonitor: 1, RestartDelay: 50 }, Other: {} },
    });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const ownPid = c.pool.pidFor('Own', 'dummy', true) as number;
    const sharedPid = c.pool.pidFor('Other', 'dummy') as number;
    const seen: number[] = [];
    c.engine.subscribe((e) => {
      if (e.type === 'resource-state' && e.resource === 'Own') seen.push(e.state);
    });
    process.kill(ownPid, 'SIGKILL');
    await waitFor('Own failed then back online', () => seen.includes(ResourceState.Failed) && c.engine.resource('Own')?.state === ResourceState.Online);
    expect(c.engine.resource('Other')?.state).toBe(ResourceState.Online);
    expect(c.pool.pidFor('Other', 'dummy')).toBe(sharedPid);
    const newPid = c.pool.pidFor('Own', 'dummy', true);
    expect(newPid).not.toBe(ownPid);
    const restart = c.engine.listOperations().find((o) => o.cause?.startsWith('restart policy'));
    expect(restart).toMatchObject({ kind: 'online-resource', target: 'Own', actor: 'wolfpack', outcome: 'succeeded' });
  });

  it('fails a pending call at once when its host dies', async () => {
    const c = await start({ G: { Own: { SeparateMonitor: 1, RestartAction: 0, PendingTimeout: 60_000, properties: { HangOffline: true } } } });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    const pid = c.pool.pidFor('Own', 'dummy', true) as number;
    const answer = await c.engine.submit({ kind: 'offline-group', group: 'G', flags: 0, caller: FULL });
    await waitFor('offline pending', () => c.engine.resource('Own')?.machineState === ResourceState.OfflinePending);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const op = await c.engine.waitForOperation(answer.operation as string);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(op?.outcome).toBe('failed');
    expect(c.engine.resource('Own')?.state).toBe(ResourceState.Failed);
  });

  it('detects a failed health check, restarts up to RestartThreshold, then leaves the resource Failed', async () => {
    dir = new TestDir();
    const health = dir.file('unhealthy');
    const c = await start({
      G: {
        Flaky: { LooksAlivePollInterval: 50, IsAlivePollInterval: 60_000, RestartDelay: 20, RestartThreshold: 2, RestartAction: 1, RetryPeriodOnFailure: 0xffffffff, properties: { HealthFile: health } },
      },
    });
    await run(c, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    writeFileSync(health, 'x');
    await waitFor('two restarts then Failed for good', () => {
      const restarts = c.engine.listOperations().filter((o) => o.cause?.startsWith('restart policy')).length;
      return restarts === 2 && c.engine.resource('Flaky')?.state === ResourceState.Failed && c.engine.resource('Flaky')?.recoveryTimer === null;
    });
    await new Promise((r) => setTimeout(r, 300));
    const restarts = c.engine.listOperations().filter((o) => o.cause?.startsWith('restart policy'));
    expect(restarts).toHaveLength(2);
    expect(restarts.map((o) => o.cause)).toEqual(expect.arrayContaining([expect.stringContaining('attempt 1 of 2'), expect.stringContaining('attempt 2 of 2')]));
    expect(c.engine.resource('Flaky')?.state).toBe(ResourceState.Failed);
    expect(c.engine.resource('Flaky')?.failureReason).toContain('health check failed');
  });

  it('never restarts a resource whose persistent state is offline', async () => {
    dir = new TestDir();
    const health = dir.file('unhealthy');
    const c = await start({ G: { Quiet: { LooksAlivePollInterval: 50, RestartDelay: 10, properties: { HealthFile: health } } } });
    // DO_NOT_UPDATE_PERSISTENT_STATE: online now, persistent state stays offline.
    await run(c, { kind: 'online-resource', resource: 'Quiet', flags: 0x2, caller: FULL });
    expect(c.engine.resource('Quiet')?.persistentState).toBe(PersistentState.Offline);
    writeFileSync(health, 'x');
    await waitFor('Quiet failed', () => c.engine.resource('Quiet')?.state === ResourceState.Failed);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.engine.resource('Quiet')?.state).toBe(ResourceState.Failed);
    expect(c.engine.listOperations().filter((o) => o.cause !== null)).toHaveLength(0);
  });

  it('probes every resource at start and adopts what is running instead of starting it twice', async () => {
    dir = new TestDir();
    const record = dir.file('record.jsonl');
    const state = dir.file('app.state');
    const groups = { G: { App: { properties: { RecordFile: record, StateFile: state } } } };
    const first = await start(groups);
    await run(first, { kind: 'online-group', group: 'G', flags: 0, caller: FULL });
    expect(existsSync(state)).toBe(true);
    // The first engine goes away without offlining (as after a crash); the resource keeps running.
    await first.close();
    clusters = clusters.filter((c) => c !== first);
    const second = await start(groups, { persistent: { groups: new Map([['G', PersistentState.Online]]), resources: new Map([['App', PersistentState.Online]]) } });
    expect(second.engine.resource('App')?.state).toBe(ResourceState.Online);
    await new Promise((r) => setTimeout(r, 200));
    expect(readRecord(record, 'online')).toHaveLength(1);
    expect(readRecord(record, 'isAlive').length).toBeGreaterThanOrEqual(2);
  });

  it('brings back at start exactly the groups whose persistent state is online', async () => {
    const c = await start(
      { On: { A: {}, B: { dependsOn: ['A'] } }, Off: { C: {} } },
      { persistent: { groups: new Map([['On', PersistentState.Online], ['Off', PersistentState.Offline]]), resources: new Map([['A', PersistentState.Online], ['B', PersistentState.Online]]) } },
    );
    await waitFor('On online', () => c.engine.resource('B')?.state === ResourceState.Online);
    expect(c.engine.resource('A')?.state).toBe(ResourceState.Online);
    expect(c.engine.resource('C')?.state).toBe(ResourceState.Offline);
    const restore = c.engine.listOperations().find((o) => o.cause === 'start: persistent state online');
    expect(restore).toMatchObject({ kind: 'online-group', target: 'On' });
  });
});
