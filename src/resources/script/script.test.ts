/**
 * The script type under MockResourceEnvironment with real bash scripts: exit codes to outcomes,
 * what the script finds in its arguments and environment, progress lines, time limits and aborts.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockResourceEnvironment, OfflineReason, type CallResult, type ResourceProperties } from '../sdk/index.js';
import { scriptType } from './index.js';
import { progressNote } from './run-script.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-script-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function script(body: string): string {
  const file = join(dir, 'agent.sh');
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function environment(properties: ResourceProperties): MockResourceEnvironment {
  return new MockResourceEnvironment(scriptType, { resourceName: 'Svc', properties });
}

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

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

describe('script type (unit, real scripts)', () => {
  it('maps exit codes: 0 ok, 7 not running (health) or stopped (offline), anything else failed', async () => {
    const env = environment({ Script: script(`case "$1" in online) exit 0;; offline) exit 7;; is-alive) exit 7;; looks-alive) echo "disk gone" >&2; exit 1;; terminate) exit 0;; esac`) });
    expect(await drive(env, env.online())).toEqual({ exec: 'done', outcome: 'ok', code: 0 });
    expect(await drive(env, env.isAlive())).toEqual({ exec: 'done', outcome: 'not-running', code: 0 });
    expect(await drive(env, env.looksAlive())).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/looks-alive exited with code 1: disk gone$/) });
    expect(await drive(env, env.offline())).toMatchObject({ outcome: 'ok' });
    const seven = environment({ Script: script('exit 7') });
    expect(await drive(seven, seven.online())).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('exited with code 7') });
  });

  it('passes the action first, then Arguments, with properties and offline instructions in the environment', async () => {
    const out = join(dir, 'seen');
    const env = environment({
      Script: script(`{ echo "args=$*"; echo "action=$WOLFPACK_ACTION resource=$WOLFPACK_RESOURCE mode=$WOLFPACK_PROP_Mode extra=$EXTRA"
echo "reason=$WOLFPACK_OFFLINE_REASON/$WOLFPACK_OFFLINE_REASON_NAME flags=$WOLFPACK_OFFLINE_FLAGS dest=$WOLFPACK_DESTINATION_NODE"
echo "save=$WOLFPACK_INSTRUCTION_Save raw=$WOLFPACK_INSTRUCTIONS_RAW"
echo "json=$WOLFPACK_INSTRUCTIONS"
echo "file=$(cat "$WOLFPACK_INSTRUCTIONS_FILE" | tr -d ' \\n')"; } > "${out}"`),
      Arguments: ['--verbose', 'two words'],
      Mode: 'fast',
      Environment: { EXTRA: 42 },
    });
    const instructions = { Save: { type: 'dword', value: 1 } };
    const offline = env.offline({ reason: OfflineReason.MOVING, destinationNode: 'node2', flags: 0x1, instructions, raw: new Uint8Array([7]) });
    expect(await drive(env, offline)).toMatchObject({ outcome: 'ok' });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'args=offline --verbose two words',
      'action=offline resource=Svc mode=fast extra=42',
      'reason=2/MOVING flags=1 dest=node2',
      'save=1 raw=Bw==',
      `json=${JSON.stringify(instructions)}`,
    ]);
    expect(lines[5]).toContain('"destinationNode":"node2"');
    expect(lines[5]).toContain('"instructions":{"Save":{"type":"dword","value":1}}');
  });

  it('reports progress lines and keeps other lines for the log', async () => {
    const env = environment({ Script: script('echo "progress: copying 40%"; echo "plain line"; echo progress; echo "Progress 90%"; echo oops >&2; exit 0') });
    expect(await drive(env, env.online())).toMatchObject({ outcome: 'ok' });
    expect(env.progress.map((p) => p.note)).toEqual(['copying 40%', null, '90%']);
    expect(env.logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', message: 'online: plain line' }),
        expect.objectContaining({ level: 'warn', message: 'online: oops' }),
      ]),
    );
    expect(progressNote('progressive')).toBeNull();
  });

  it('kills the script process group when TimeoutMs passes or the call is aborted', async () => {
    const pids = join(dir, 'pids');
    const hang = script(`sleep 30 & echo $! >> "${pids}"; echo $$ >> "${pids}"; wait`);
    const env = environment({ Script: hang, TimeoutMs: 300 });
    const result = await drive(env, env.online());
    expect(result).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('did not finish within 300 ms') });
    const first = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(first.every((pid) => !alive(pid))).toBe(true);

    rmSync(pids);
    const aborted = environment({ Script: hang });
    const pending = aborted.offline();
    const until = Date.now() + 5_000;
    while (!existsSync(pids) || readFileSync(pids, 'utf8').trim().split('\n').length < 2) {
      if (Date.now() > until) throw new Error('script did not start');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    aborted.abort('terminate');
    expect(await drive(aborted, pending)).toMatchObject({ outcome: 'failed', code: 995 });
    const second = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(second.every((pid) => !alive(pid))).toBe(true);
  });

  it('fails a health check that hangs past HealthTimeoutMs, and reports a script that cannot run', async () => {
    const env = environment({ Script: script('sleep 30'), HealthTimeoutMs: 200 });
    expect(await drive(env, env.isAlive())).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('did not finish within 200 ms') });
    const missing = environment({ Script: join(dir, 'missing.sh') });
    expect(await drive(missing, missing.online())).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('ENOENT') });
  });

  it('validates its properties', async () => {
    const env = environment({});
    expect(await env.validate({ Script: '/x', Arguments: 'a "b c"', TimeoutMs: '5' })).toMatchObject({ outcome: 'ok' });
    expect(await env.validate({})).toMatchObject({ outcome: 'failed', code: 5943, detail: expect.stringContaining('Script') });
    expect(await env.validate({ Script: '/x', Arguments: { a: 1 } })).toMatchObject({ detail: expect.stringContaining('Arguments') });
    expect(await env.validate({ Script: '/x', TimeoutMs: 'soon' })).toMatchObject({ detail: expect.stringContaining('TimeoutMs') });
    expect(await env.validate({ Script: '/x', Environment: { A: [1] } })).toMatchObject({ detail: expect.stringContaining('Environment.A') });
  });
});
