/**
 * The process type under MockResourceEnvironment, with real programs (sh scripts): virtual time
 * drives the type's waits while the programs run in real time, so `drive` moves both.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockResourceEnvironment, OfflineReason, type CallResult, type ResourceProperties } from '../sdk/index.js';
import { processType } from './index.js';
import { defaultPidFile, readPidFile, writePidFile } from './pid-file.js';
import { groupGone, processFate, readProcStat } from './proc-table.js';

let dir: string;
const started: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-process-'));
});
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Moves virtual time in steps while real time passes, until the call settles. */
async function drive(env: MockResourceEnvironment, pending: Promise<CallResult>, limitMs = 10_000): Promise<CallResult> {
  let settled = false;
  void pending.finally(() => (settled = true));
  const until = Date.now() + limitMs;
  while (!settled) {
    if (Date.now() > until) throw new Error('the call did not settle');
    await env.advance(20);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return pending;
}

function environment(name: string, properties: ResourceProperties): MockResourceEnvironment {
  return new MockResourceEnvironment(processType, { resourceName: name, properties });
}

function trackedPid(pidFile: string): number {
  const record = readPidFile(pidFile);
  if (record === null) throw new Error(`no pid file ${pidFile}`);
  started.push(record.pid);
  return record.pid;
}

async function until(what: string, predicate: () => boolean, limitMs = 5_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const TRAPPER = `trap 'cat "$WOLFPACK_INSTRUCTIONS_FILE" > "$OUT"; exit 0' USR1
trap 'echo TERM > "$OUT"; exit 0' TERM
echo ready > "$OUT.started"
while :; do sleep 0.05; done`;

describe('process type (unit, real programs)', () => {
  it('starts a program in its own group with a pid file, and stops it with the signal an instruction picks', async () => {
    const out = join(dir, 'out.json');
    const pidFile = join(dir, 'app.pid');
    const env = environment('App', {
      CommandLine: script('trapper.sh', TRAPPER),
      Environment: { OUT: out },
      PidFile: pidFile,
      StopSignalFor: { Save: 'SIGUSR1' },
    });
    expect(await drive(env, env.isAlive())).toMatchObject({ outcome: 'not-running' });
    expect(await drive(env, env.online())).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    const pid = trackedPid(pidFile);
    const stat = readProcStat(pid);
    expect(stat?.pgrp).toBe(pid);
    expect(stat?.session).toBe(pid);
    expect(readPidFile(pidFile)).toEqual({ pid, startTime: stat?.startTime, instructionsFile: join(dir, 'app.instructions.json') });
    expect(await drive(env, env.looksAlive())).toMatchObject({ outcome: 'ok' });
    expect(await drive(env, env.isAlive())).toMatchObject({ outcome: 'ok' });
    await until('the program to start', () => existsSync(`${out}.started`));

    const instructions = { Save: { type: 'dword', value: 1 } };
    const offline = env.offline({ reason: OfflineReason.MOVING, destinationNode: 'node2', flags: 0x1, instructions, raw: new Uint8Array([1, 2]) });
    expect(await drive(env, offline)).toMatchObject({ outcome: 'ok' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      resource: 'App',
      reason: 2,
      reasonName: 'MOVING',
      flags: 1,
      flagNames: ['IGNORE_RESOURCE_STATUS'],
      destinationNode: 'node2',
      instructions,
      raw: 'AQI=',
    });
    expect(groupGone(pid, stat?.startTime ?? null)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
    expect(existsSync(join(dir, 'app.instructions.json'))).toBe(false);
    expect(env.logs.map((l) => l.message)).toContainEqual(expect.stringContaining('with SIGUSR1 (instruction Save)'));
    expect(await drive(env, env.isAlive())).toMatchObject({ outcome: 'not-running' });
    // Offline again: nothing to do.
    expect(await drive(env, env.offline())).toMatchObject({ outcome: 'ok' });
  });

  it('uses StopSignal without a matching rule, then SIGKILL after StopTimeoutMs, reporting progress meanwhile', async () => {
    const pidFile = join(dir, 'stubborn.pid');
    const ready = join(dir, 'stubborn.ready');
    const stubborn = script('stubborn.sh', `trap '' TERM\ntouch "${ready}"\nwhile :; do sleep 0.05; done`);
    const env = environment('Stubborn', { CommandLine: stubborn, PidFile: pidFile, ReadyFile: ready, StopTimeoutMs: 1_500 });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    const pid = trackedPid(pidFile);
    expect(await drive(env, env.offline())).toMatchObject({ outcome: 'ok' });
    expect(groupGone(pid, null)).toBe(true);
    expect(env.progress.length).toBeGreaterThanOrEqual(2);
    expect(env.logs.some((l) => l.level === 'warn' && l.message.includes('sending SIGKILL'))).toBe(true);
  });

  it('fails online when the program exits during the settle period, or cannot start', async () => {
    const env = environment('Quitter', { CommandLine: script('quit.sh', 'exit 3'), PidFile: join(dir, 'q.pid'), OnlineSettleMs: 300 });
    const result = await drive(env, env.online());
    expect(result).toMatchObject({ outcome: 'failed', code: 5038 });
    expect(result.detail).toMatch(/exited with code 3|no longer running/);
    expect(existsSync(join(dir, 'q.pid'))).toBe(false);

    const missing = environment('Missing', { Program: join(dir, 'nope'), PidFile: join(dir, 'm.pid') });
    expect(await drive(missing, missing.online())).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('ENOENT') });
  });

  it('terminate kills the whole group at once', async () => {
    const pidFile = join(dir, 't.pid');
    const env = environment('Term', { CommandLine: script('tree.sh', `trap '' TERM\nsleep 60 &\nwhile :; do sleep 0.05; done`), PidFile: pidFile });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    const pid = trackedPid(pidFile);
    expect(await drive(env, env.terminate())).toMatchObject({ outcome: 'ok' });
    expect(groupGone(pid, null)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('runs an online that follows a terminate at once only after it, so the new process survives', async () => {
    const pidFile = join(dir, 'race.pid');
    const env = environment('Race', { CommandLine: script('loop.sh', 'while :; do sleep 0.05; done'), PidFile: pidFile });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    const first = trackedPid(pidFile);
    process.kill(first, 'SIGKILL');
    // The engine's restart: terminate of the failure, and the online soon after, both in flight.
    const terminate = env.terminate();
    const online = env.online();
    expect(await drive(env, terminate)).toMatchObject({ outcome: 'ok' });
    expect(await drive(env, online)).toMatchObject({ outcome: 'ok' });
    const second = trackedPid(pidFile);
    expect(second).not.toBe(first);
    expect(processFate(second, readPidFile(pidFile)?.startTime ?? null)).toBe('running');
    await drive(env, env.terminate());
  });

  it('adopts a process found through its pid file instead of starting another, and never signals a reused pid', async () => {
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    sleeper.unref();
    const pid = sleeper.pid as number;
    started.push(pid);
    await until('sleep to run', () => readProcStat(pid)?.state !== undefined);
    const startTime = readProcStat(pid)?.startTime ?? null;
    const pidFile = join(dir, 'adopt.pid');
    const marker = join(dir, 'second-start');

    writePidFile(pidFile, { pid, startTime: (startTime ?? 0) + 1, instructionsFile: null });
    const stale = environment('Reused', { CommandLine: `touch ${marker}`, PidFile: pidFile });
    expect(await drive(stale, stale.isAlive())).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('another process') });
    await drive(stale, stale.terminate());
    expect(processFate(pid, startTime)).toBe('running');

    writePidFile(pidFile, { pid, startTime, instructionsFile: null });
    const env = environment('Adopted', { CommandLine: `touch ${marker}`, PidFile: pidFile });
    expect(await drive(env, env.isAlive())).toMatchObject({ outcome: 'ok' });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    expect(existsSync(marker)).toBe(false);
    expect(env.logs.map((l) => l.message)).toContainEqual(expect.stringContaining('adopted'));
    expect(await drive(env, env.offline())).toMatchObject({ outcome: 'ok' });
    expect(groupGone(pid, startTime)).toBe(true);
  });

  it('waits for ReadyFile while reporting progress, and gives up after ReadyTimeoutMs', async () => {
    const ready = join(dir, 'ready');
    const env = environment('Ready', {
      CommandLine: script('slow.sh', `sleep 0.3; touch "${ready}"; while :; do sleep 0.05; done`),
      PidFile: join(dir, 'r.pid'),
      ReadyFile: ready,
    });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    trackedPid(join(dir, 'r.pid'));
    expect(existsSync(ready)).toBe(true);
    await drive(env, env.terminate());

    const never = environment('Never', { CommandLine: script('never.sh', 'while :; do sleep 0.05; done'), PidFile: join(dir, 'n.pid'), ReadyFile: join(dir, 'never'), ReadyTimeoutMs: 1_000 });
    const result = await drive(never, never.online());
    expect(result).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('not ready within ReadyTimeoutMs') });
    expect(never.progress.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'n.pid'))).toBe(false);
  });

  it('validates its properties with clear messages', async () => {
    const env = environment('V', {});
    const check = (props: ResourceProperties) => env.validate(props);
    expect(await check({ CommandLine: 'app --x' })).toMatchObject({ outcome: 'ok' });
    expect(await check({ Program: 'app', Arguments: ['a', 1] })).toMatchObject({ outcome: 'ok' });
    expect(await check({})).toMatchObject({ outcome: 'failed', code: 5943, detail: 'CommandLine (or Program) is required' });
    expect(await check({ CommandLine: 'a', Program: 'b' })).toMatchObject({ detail: expect.stringContaining('not both') });
    expect(await check({ CommandLine: "app 'x" })).toMatchObject({ detail: 'CommandLine: unterminated single quote at column 5' });
    expect(await check({ CommandLine: 'app', StopSignal: 'SIGNOPE' })).toMatchObject({ detail: expect.stringContaining('StopSignal') });
    expect(await check({ CommandLine: 'app', StopSignalFor: { Save: 'bogus' } })).toMatchObject({ detail: expect.stringContaining('StopSignalFor.Save') });
    expect(await check({ CommandLine: 'app', StopTimeoutMs: -1 })).toMatchObject({ outcome: 'failed' });
    expect(await check({ CommandLine: 'app', Environment: ['A=1'] })).toMatchObject({ detail: expect.stringContaining('Environment must be a mapping') });
    expect(await check({ CommandLine: 'app', ReadyPort: 'host:99999' })).toMatchObject({ detail: expect.stringContaining('ReadyPort') });
    // Entry points refuse the same properties with the configuration code.
    env.setProperties({});
    expect(await env.online()).toMatchObject({ outcome: 'failed', code: 5943 });
  });

  it('keeps default pid files under $WOLFPACK_STATE_DIR, one safe file name per resource', () => {
    const saved = process.env['WOLFPACK_STATE_DIR'];
    process.env['WOLFPACK_STATE_DIR'] = dir;
    try {
      expect(defaultPidFile('My App/1')).toBe(join(dir, 'process', 'My%20App%2F1.pid'));
    } finally {
      if (saved === undefined) delete process.env['WOLFPACK_STATE_DIR'];
      else process.env['WOLFPACK_STATE_DIR'] = saved;
    }
  });
});
