/**
 * The ocf type under MockResourceEnvironment with real agent processes: heartbeat/Dummy as
 * installed, and a scripted agent (test-support/) for exit codes, timeouts, progress, the
 * environment and logging. Virtual time drives the type's timers; the agents run in real time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockResourceEnvironment, OfflineReason } from '../sdk/index.js';
import { ocfAgentRef } from './agent.js';
import { createOcfType } from './ocf-type.js';
import { readEnvDump, scriptedRoot, type ScriptedRoot } from './test-support/scripted-agent.js';

let fixture: ScriptedRoot;
beforeEach(() => {
  fixture = scriptedRoot();
});
afterEach(() => {
  fixture.remove();
});

function scripted(properties: Record<string, string | number | boolean>, name = 'R1'): MockResourceEnvironment {
  const type = createOcfType(fixture.agent, { timingsFile: null });
  return new MockResourceEnvironment(type, { resourceName: name, properties: { state: fixture.file('state'), ...properties } });
}

describe('ocf:heartbeat:Dummy (installed agent)', () => {
  it('starts, monitors and stops through the state file', async () => {
    const state = fixture.file('dummy.state');
    const type = createOcfType(ocfAgentRef('heartbeat', 'Dummy', '/usr/lib/ocf'), { timingsFile: null });
    expect(type.name).toBe('ocf:heartbeat:Dummy');
    const env = new MockResourceEnvironment(type, { resourceName: 'D1', properties: { state } });
    expect(await env.isAlive()).toEqual({ exec: 'done', outcome: 'not-running', code: 0 });
    expect(await env.online()).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    expect(existsSync(state)).toBe(true);
    expect(await env.looksAlive()).toMatchObject({ outcome: 'ok' });
    expect(await env.isAlive()).toMatchObject({ outcome: 'ok' });
    expect(await env.offline()).toMatchObject({ outcome: 'ok' });
    expect(existsSync(state)).toBe(false);
    expect(await env.looksAlive()).toMatchObject({ outcome: 'not-running' });
    expect(await env.offline()).toMatchObject({ outcome: 'ok' }); // idempotent
  });
});

describe('live migration (agents with migrate_to and migrate_from)', () => {
  it('a move runs migrate_to then stop on the source, migrate_from instead of start on the destination', async () => {
    const state = fixture.file('migrating.state');
    const timings = fixture.file('timings.jsonl');
    const type = createOcfType(ocfAgentRef('heartbeat', 'Dummy', '/usr/lib/ocf'), { timingsFile: timings });
    const source = new MockResourceEnvironment(type, { resourceName: 'VM', properties: { state } });
    expect(await source.online()).toMatchObject({ outcome: 'ok' });
    expect(await source.offline({ reason: OfflineReason.MOVING, destinationNode: 'node2' })).toMatchObject({ outcome: 'ok' });
    expect(existsSync(state)).toBe(false);
    const destination = new MockResourceEnvironment(type, { resourceName: 'VM', properties: { state } });
    expect(await destination.online({ sourceNode: 'node1' })).toMatchObject({ outcome: 'ok' });
    expect(existsSync(state)).toBe(true);
    // A plain offline (not a move) and a plain online stay stop and start.
    expect(await destination.offline({ reason: OfflineReason.USER_REQUESTED })).toMatchObject({ outcome: 'ok' });
    expect(await destination.online()).toMatchObject({ outcome: 'ok' });
    const actions = readFileSync(timings, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions).toEqual(['start', 'migrate_to', 'stop', 'migrate_from', 'stop', 'start']);
  });
});

describe('the agent environment', () => {
  it('carries OCF_*, parameters, advertised timeouts and the offline instructions, not the host environment', async () => {
    const envFile = fixture.file('env');
    const env = scripted({ env_file: envFile, 'timeout.stop': '12s' });
    await env.online({ flags: 0x8 });
    await env.looksAlive();
    await env.isAlive();
    const instructions = { Save: { type: 'dword', value: 1 } };
    await env.offline({ reason: OfflineReason.MOVING, flags: 0x1, destinationNode: 'node2', instructions, raw: new Uint8Array([1, 2]) });

    const start = readEnvDump(readFileSync(`${envFile}.start`, 'utf8'));
    expect(Object.fromEntries([...start].filter(([k]) => k.startsWith('OCF_')))).toEqual({
      OCF_ROOT: fixture.root,
      OCF_RA_VERSION_MAJOR: '1',
      OCF_RA_VERSION_MINOR: '1',
      OCF_RESOURCE_INSTANCE: 'R1',
      OCF_RESOURCE_TYPE: 'Scripted',
      OCF_RESOURCE_PROVIDER: 'test',
      OCF_RESKEY_state: fixture.file('state'),
      OCF_RESKEY_env_file: envFile,
      OCF_RESKEY_CRM_meta_timeout: '7000',
    });
    expect(start.get('WOLFPACK_ONLINE_FLAGS')).toBe('8');
    expect(start.has('WOLFPACK_RESOURCE_HOST')).toBe(false);
    expect(start.has('NODE_OPTIONS')).toBe(false);
    expect(start.get('PATH')).toBeTruthy();

    const monitor0 = readEnvDump(readFileSync(`${envFile}.monitor`, 'utf8'));
    // The last monitor written was isAlive's: depth 10, the 4 s entry.
    expect(monitor0.get('OCF_CHECK_LEVEL')).toBe('10');
    expect(monitor0.get('OCF_RESKEY_CRM_meta_timeout')).toBe('4000');

    const stop = readEnvDump(readFileSync(`${envFile}.stop`, 'utf8'));
    expect(stop.get('OCF_RESKEY_CRM_meta_timeout')).toBe('12000');
    expect(stop.get('WOLFPACK_OFFLINE_REASON')).toBe('2');
    expect(stop.get('WOLFPACK_OFFLINE_REASON_NAME')).toBe('MOVING');
    expect(stop.get('WOLFPACK_OFFLINE_FLAGS')).toBe('1');
    expect(stop.get('WOLFPACK_DESTINATION_NODE')).toBe('node2');
    expect(JSON.parse(stop.get('WOLFPACK_INSTRUCTIONS') ?? 'null')).toEqual(instructions);
    expect(stop.get('WOLFPACK_INSTRUCTION_Save')).toBe('1');
    expect(stop.get('WOLFPACK_INSTRUCTIONS_RAW')).toBe('AQI=');
    expect([...stop.keys()].some((k) => k.includes('timeout.'))).toBe(false);
  });

  it('writes WOLFPACK_INSTRUCTIONS_FILE only when the instructions do not fit the environment', async () => {
    const envFile = fixture.file('env');
    const env = scripted({ env_file: envFile });
    const big = { Blob: { type: 'sz', value: 'x'.repeat(70 * 1024) } };
    expect(await env.offline({ instructions: big })).toMatchObject({ outcome: 'ok' });
    const stop = readEnvDump(readFileSync(`${envFile}.stop`, 'utf8'));
    expect(stop.get('WOLFPACK_INSTRUCTIONS_TRUNCATED')).toBe('1');
    const file = stop.get('WOLFPACK_INSTRUCTIONS_FILE') ?? '';
    expect(file).toMatch(/instructions\.json$/);
    expect(existsSync(file)).toBe(false); // removed once stop returned
  });

  it('uses OCF_CHECK_LEVEL 0 for looksAlive with its own advertised timeout', async () => {
    const envFile = fixture.file('env');
    const env = scripted({ env_file: envFile });
    await env.looksAlive();
    const monitor = readEnvDump(readFileSync(`${envFile}.monitor`, 'utf8'));
    expect(monitor.get('OCF_CHECK_LEVEL')).toBe('0');
    expect(monitor.get('OCF_RESKEY_CRM_meta_timeout')).toBe('3000');
  });
});

describe('exit codes', () => {
  it.each([
    [1, 5038, 'start: OCF_ERR_GENERIC (1): it broke'],
    [2, 5943, 'start: OCF_ERR_ARGS (2): it broke'],
    [3, 1, 'start: OCF_ERR_UNIMPLEMENTED (3): it broke'],
    [4, 5038, 'start: OCF_ERR_PERM (4): it broke'],
    [5, 5079, 'start: OCF_ERR_INSTALLED (5): it broke'],
    [6, 5943, 'start: OCF_ERR_CONFIGURED (6): it broke'],
    [7, 5038, 'start: OCF_NOT_RUNNING (7): it broke'],
    [9, 5038, 'start: OCF_FAILED_PROMOTED (9): it broke'],
    [42, 5038, 'start: exit code 42: it broke'],
  ])('start exiting %i fails with %i', async (rc, code, detail) => {
    const env = scripted({ rc_start: rc, reason: 'it broke' });
    expect(await env.online()).toEqual({ exec: 'done', outcome: 'failed', code, detail });
  });

  it('start exiting 8 (running promoted) is success; stop exiting 7 (not running) is success', async () => {
    expect(await scripted({ rc_start: 8 }).online()).toMatchObject({ outcome: 'ok' });
    expect(await scripted({ rc_stop: 7 }).offline()).toMatchObject({ outcome: 'ok' });
    expect(await scripted({ rc_stop: 1 }).offline()).toMatchObject({ outcome: 'failed', code: 5038, detail: 'stop: OCF_ERR_GENERIC (1)' });
  });

  it.each([
    [0, { outcome: 'ok' }],
    [8, { outcome: 'ok' }],
    [7, { outcome: 'not-running' }],
    [1, { outcome: 'failed', code: 5038, detail: 'monitor (OCF_CHECK_LEVEL=10): OCF_ERR_GENERIC (1)' }],
    [9, { outcome: 'failed', code: 5038, detail: 'monitor (OCF_CHECK_LEVEL=10): OCF_FAILED_PROMOTED (9)' }],
    [6, { outcome: 'failed', code: 5943 }],
  ])('monitor exiting %i answers %o', async (rc, expected) => {
    expect(await scripted({ rc_monitor: rc }).isAlive()).toMatchObject(expected);
  });

  it('a missing agent is 5078, as data', async () => {
    const type = createOcfType(ocfAgentRef('test', 'Missing', fixture.root), { timingsFile: null });
    const env = new MockResourceEnvironment(type, { properties: {} });
    const result = await env.online();
    expect(result).toMatchObject({ exec: 'done', outcome: 'failed', code: 5078 });
    expect(result.detail).toContain('resource.d/test/Missing does not exist');
    expect(await env.isAlive()).toMatchObject({ outcome: 'failed', code: 5078 });
  });
});

describe('arguments the OS refuses', () => {
  it('a NUL byte in a parameter is a configuration failure, not an exception', async () => {
    const result = await scripted({ reason: 'a\u0000b' }).online();
    expect(result).toMatchObject({ exec: 'done', outcome: 'failed', code: 5943 });
  });
});

describe('long actions, deadlines and aborts', () => {
  it('reports progress every second of a long start and ends with the agent', async () => {
    const env = scripted({ sleep_start: '0.6' });
    await env.looksAlive(); // reads the meta-data, so the agent starts at once below
    const pending = env.online();
    await new Promise((r) => setTimeout(r, 50));
    await env.advance(3_500);
    expect(env.progress.map((p) => p.note)).toEqual(['start: agent running for 1 s', 'start: agent running for 2 s', 'start: agent running for 3 s']);
    expect(await pending).toMatchObject({ outcome: 'ok' });
  });

  it('kills an agent that outlives its advertised timeout: 5910', async () => {
    const env = scripted({ sleep_start: '30' });
    const pending = env.online();
    await new Promise((r) => setTimeout(r, 50));
    await env.advance(7_000);
    const result = await pending;
    expect(result).toMatchObject({ outcome: 'failed', code: 5910, detail: "start did not finish within 7000 ms; killed the agent's process group" });
  });

  it('terminate aborts a running start (995), killing its process group, then stops', async () => {
    const env = scripted({ sleep_start: '30' });
    const started = Date.now();
    const pending = env.online();
    await new Promise((r) => setTimeout(r, 50));
    expect(await env.terminate()).toMatchObject({ outcome: 'ok' });
    expect(await pending).toMatchObject({ outcome: 'failed', code: 995, detail: 'aborted by terminate' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await env.isAlive()).toMatchObject({ outcome: 'not-running' });
  });

  it('terminate gives a hanging stop a short deadline only', async () => {
    const env = scripted({ sleep_stop: '30' });
    await env.online();
    const pending = env.terminate();
    await new Promise((r) => setTimeout(r, 50));
    await env.advance(5_000);
    expect(await pending).toMatchObject({ outcome: 'ok' });
    expect(env.logs.some((l) => l.level === 'warn' && l.message.includes('stop did not finish within 5000 ms'))).toBe(true);
  });
});

describe('output and validation', () => {
  it('sends agent output to the resource log, by level', async () => {
    const env = scripted({ verbose: true });
    await env.online();
    expect(env.logs.map((l) => [l.level, l.message])).toEqual(
      expect.arrayContaining([
        ['info', 'start: out line for start'],
        ['info', 'start: INFO: err line for start'],
        ['error', 'start: ERROR: bad thing'],
      ]),
    );
  });

  it('validates properties against the meta-data (5943) through the SDK hook', async () => {
    const env = scripted({});
    expect(await env.validate({ state: '/tmp/x' })).toMatchObject({ outcome: 'ok' });
    const missing = await env.validate({ bogus: 1 });
    expect(missing).toMatchObject({ outcome: 'failed', code: 5943 });
    expect(missing.detail).toContain("ocf:test:Scripted has no parameter 'bogus'; its parameters: state, rc_start");
    expect(missing.detail).toContain("ocf:test:Scripted requires parameter 'state' (State file)");
    const typed = await env.validate({ state: 'x', rc_start: 'one', verbose: 'maybe', 'timeout.start': 'soon', 'timeout.bogus': 1 });
    expect(typed.detail).toContain("parameter 'rc_start' must be an integer");
    expect(typed.detail).toContain("parameter 'verbose' must be a boolean");
    expect(typed.detail).toContain('timeout.start must be a positive duration');
    expect(typed.detail).toContain("'timeout.bogus' is not a Wolfpack setting");
  });
});
