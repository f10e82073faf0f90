/**
 * The dummy type under MockResourceEnvironment: no daemon, no host, virtual time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockResourceEnvironment, OfflineReason, ResDllOfflineFlags } from '../sdk/index.js';
import { dummy } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-dummy-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function records(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('dummy under MockResourceEnvironment', () => {
  it('goes online and offline, and its health follows', async () => {
    const env = new MockResourceEnvironment(dummy, { resourceName: 'App' });
    expect(await env.isAlive()).toEqual({ exec: 'done', outcome: 'not-running', code: 0 });
    expect(await env.online()).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    expect(await env.looksAlive()).toMatchObject({ outcome: 'ok' });
    expect(await env.isAlive()).toMatchObject({ outcome: 'ok' });
    expect(await env.offline()).toMatchObject({ outcome: 'ok' });
    expect(await env.isAlive()).toMatchObject({ outcome: 'not-running' });
  });

  it('stays pending for OnlineDelayMs of virtual time, reporting progress every ProgressEveryMs', async () => {
    const env = new MockResourceEnvironment(dummy, { resourceName: 'Slow', properties: { OnlineDelayMs: 1_000, ProgressEveryMs: 300 } });
    let settled = false;
    const pending = env.online().then((r) => {
      settled = true;
      return r;
    });
    await env.advance(999);
    expect(settled).toBe(false);
    expect(env.progress.map((p) => p.note)).toEqual(['checkpoint 1', 'checkpoint 2', 'checkpoint 3']);
    await env.advance(1);
    expect(await pending).toMatchObject({ exec: 'done', outcome: 'ok' });
    await env.advance(1_000);
    expect(env.progress).toHaveLength(3); // no reports once settled
  });

  it('reports failures as data', async () => {
    const env = new MockResourceEnvironment(dummy, { properties: { FailOnline: true, FailOffline: 1 } });
    expect(await env.online()).toEqual({ exec: 'done', outcome: 'failed', code: 5038, detail: 'FailOnline is set' });
    expect(await env.offline()).toMatchObject({ outcome: 'failed', code: 5038, detail: 'FailOffline is set' });
  });

  it('HangOffline never settles until terminate aborts it', async () => {
    const env = new MockResourceEnvironment(dummy, { properties: { HangOffline: true } });
    await env.online();
    let offline: unknown = 'pending';
    const pending = env.offline().then((r) => (offline = r));
    await env.advance(3_600_000);
    expect(offline).toBe('pending');
    expect(await env.terminate()).toMatchObject({ outcome: 'ok' });
    await pending;
    expect(offline).toMatchObject({ exec: 'done', outcome: 'failed', code: 995, detail: 'aborted by terminate' });
    expect(await env.isAlive()).toMatchObject({ outcome: 'not-running' });
  });

  it('HangOnline gives way to cancel and to an abort', async () => {
    const env = new MockResourceEnvironment(dummy, { properties: { HangOnline: true } });
    const first = env.online();
    await env.flush();
    await env.cancel();
    expect(await first).toMatchObject({ outcome: 'failed', code: 995, detail: 'aborted by cancel' });
    const second = env.online();
    await env.flush();
    env.abort('deadline');
    expect(await second).toMatchObject({ outcome: 'failed', code: 995, detail: 'aborted by deadline' });
  });

  it('reports locked mode once online and clears it when offline', async () => {
    const env = new MockResourceEnvironment(dummy, { properties: { Locked: true, LockedReason: 7 } });
    await env.online();
    expect(env.locked).toBe(true);
    expect(env.lockedChanges[0]).toMatchObject({ locked: true, reason: 7 });
    await env.offline({ flags: ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS });
    expect(env.locked).toBe(false);
  });

  it('fails health checks on demand: FailLooksAlive, FailIsAlive, HealthFile', async () => {
    const healthFile = join(dir, 'unhealthy');
    const env = new MockResourceEnvironment(dummy, { properties: { HealthFile: healthFile, FailLooksAlive: true } });
    await env.online();
    expect(await env.looksAlive()).toMatchObject({ outcome: 'failed' });
    expect(await env.isAlive()).toMatchObject({ outcome: 'ok' });
    writeFileSync(healthFile, '');
    expect(await env.isAlive()).toMatchObject({ outcome: 'failed', detail: `HealthFile ${healthFile} exists` });
    env.setProperties({ FailIsAlive: true });
    expect(await env.isAlive()).toMatchObject({ outcome: 'failed' });
  });

  it('keeps its running state in StateFile when given one', async () => {
    const stateFile = join(dir, 'state');
    const env = new MockResourceEnvironment(dummy, { resourceName: 'S', properties: { StateFile: stateFile } });
    await env.online();
    expect(existsSync(stateFile)).toBe(true);
    // A second environment (a new host after a crash) finds the resource running.
    const fresh = new MockResourceEnvironment(dummy, { resourceName: 'S', properties: { StateFile: stateFile } });
    expect(await fresh.isAlive()).toMatchObject({ outcome: 'ok' });
    await fresh.offline();
    expect(existsSync(stateFile)).toBe(false);
  });

  it('writes one RecordFile line per entry-point call with OfflineV2 arguments', async () => {
    const recordFile = join(dir, 'record.jsonl');
    const env = new MockResourceEnvironment(dummy, { resourceName: 'App', properties: { RecordFile: recordFile, OfflineDelayMs: 250 }, startTime: 1_000 });
    await env.open();
    await env.online({ flags: 0x8, raw: new Uint8Array([1, 2, 3]) });
    const instructions = { 'Virtual Machine': { type: 'dword', value: 1 } };
    const pending = env.offline({ flags: 0, reason: OfflineReason.USER_REQUESTED, destinationNode: null, instructions });
    await env.advance(250);
    await pending;
    await env.looksAlive();
    await env.isAlive();
    await env.cancel();
    await env.terminate();
    await env.close();
    const lines = records(recordFile);
    expect(lines.map((l) => l['entry'])).toEqual(['open', 'online', 'offline', 'looksAlive', 'isAlive', 'cancel', 'terminate', 'close']);
    expect(lines[1]).toEqual({ entry: 'online', resource: 'App', flags: 8, instructions: null, raw: 'AQID', start: 1_000, end: 1_000, result: 'ok' });
    expect(lines[2]).toEqual({
      entry: 'offline',
      resource: 'App',
      flags: 0,
      reason: 4,
      destinationNode: null,
      instructions,
      raw: null,
      start: 1_000,
      end: 1_250,
      result: 'ok',
    });
    expect(lines[4]).toMatchObject({ entry: 'isAlive', result: 'not-running' });
  });

  it('ignores CrashHost outside a resource host', async () => {
    const env = new MockResourceEnvironment(dummy, { properties: { CrashHost: 'online' } });
    expect(await env.online()).toMatchObject({ outcome: 'ok' });
    expect(env.logs[0]).toMatchObject({ level: 'warn' });
  });

  it('validates its properties', async () => {
    const env = new MockResourceEnvironment(dummy);
    expect(await env.validate({ OnlineDelayMs: 5, Locked: 'yes', Unknown: 1 })).toMatchObject({ outcome: 'ok' });
    expect(await env.validate({ OnlineDelayMs: 'soon' })).toMatchObject({ outcome: 'failed', code: 5943 });
    expect(await env.validate({ FailOnline: 'maybe' })).toMatchObject({ outcome: 'failed' });
  });
});
