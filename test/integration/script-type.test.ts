/**
 * The `script` type end to end: the engine, real resource hosts and an instruction-aware bash
 * script that records every call (action, arguments, reason, flags, destination, instructions)
 * and keeps its running state in a file. Every pid a script reports is killed in afterEach.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceState } from '../../src/core/states.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { encodePropertyList, parsePropertyListJson } from '../../src/proplist/index.js';
import { FULL, TestDir, clusterYaml, processGone, startCluster, waitFor } from './support/local-cluster.js';

let cluster: LocalCluster | undefined;
let dir: TestDir | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  if (dir && existsSync(dir.file('pids'))) {
    for (const pid of readFileSync(dir.file('pids'), 'utf8').trim().split('\n').filter(Boolean).map(Number)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  dir?.remove();
  dir = undefined;
});

const AGENT = `#!/bin/bash
# An instruction-aware script: records what it received, keeps its state in StateFile.
action="$1"; shift
instructions_file=""
[ -n "$WOLFPACK_INSTRUCTIONS_FILE" ] && instructions_file="$(tr -d '\\n' < "$WOLFPACK_INSTRUCTIONS_FILE")"
printf '%s|%s|%s|%s|%s|%s|%s|%s\\n' "$action" "$*" "$WOLFPACK_OFFLINE_REASON" "$WOLFPACK_OFFLINE_REASON_NAME" \\
  "$WOLFPACK_OFFLINE_FLAGS" "$WOLFPACK_DESTINATION_NODE" "$WOLFPACK_INSTRUCTIONS" "$instructions_file" >> "$WOLFPACK_PROP_RecordFile"
case "$action" in
  online) touch "$WOLFPACK_PROP_StateFile" ;;
  offline)
    if [ -n "$WOLFPACK_PROP_Hang" ]; then sleep 60 & echo $! >> "$WOLFPACK_PROP_PidsFile"; wait; fi
    for i in $(seq 1 "\${WOLFPACK_PROP_SlowSteps:-0}"); do echo "progress: step $i"; sleep 0.2; done
    rm -f "$WOLFPACK_PROP_StateFile" ;;
  terminate) rm -f "$WOLFPACK_PROP_StateFile" ;;
  looks-alive|is-alive) [ -f "$WOLFPACK_PROP_StateFile" ] || exit 7 ;;
  *) exit 3 ;;
esac
`;

interface Call {
  action: string;
  args: string;
  reason: string;
  reasonName: string;
  flags: string;
  destination: string;
  instructions: string;
  file: string;
}

function calls(d: TestDir, action?: string): Call[] {
  if (!existsSync(d.file('record'))) return [];
  const all = readFileSync(d.file('record'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [a = '', args = '', reason = '', reasonName = '', flags = '', destination = '', ...rest] = line.split('|');
      // The two JSON fields come last; the file's JSON holds no '|' in these tests.
      const file = rest.pop() ?? '';
      return { action: a, args, reason, reasonName, flags, destination, instructions: rest.join('|'), file };
    });
  return action === undefined ? all : all.filter((c) => c.action === action);
}

function agent(extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}): { d: TestDir; resource: Record<string, unknown> } {
  const d = new TestDir();
  dir = d;
  writeFileSync(d.file('agent.sh'), AGENT);
  chmodSync(d.file('agent.sh'), 0o755);
  const resource = {
    type: 'script',
    ...extra,
    properties: { Script: d.file('agent.sh'), Arguments: ['--flavour', 'vanilla'], RecordFile: d.file('record'), StateFile: d.file('state'), PidsFile: d.file('pids'), ...props },
  };
  return { d, resource };
}

async function run(c: LocalCluster, command: Parameters<LocalCluster['engine']['submit']>[0]): Promise<string | undefined> {
  const answer = await c.engine.submit(command);
  expect(answer.code).toBe(997);
  return (await c.engine.waitForOperation(answer.operation as string))?.outcome;
}

describe('script resource type with a real bash script', () => {
  it('round-trips online, offline (with instructions) and terminate through the engine', async () => {
    const { d, resource } = agent();
    cluster = await startCluster(clusterYaml({ G: { Svc: resource } }));
    // The start-up probe asked is-alive; exit 7 means not running.
    expect(calls(d, 'is-alive')).toHaveLength(1);
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Offline);

    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(calls(d, 'online')).toMatchObject([{ args: '--flavour vanilla', reason: '' }]);
    expect(existsSync(d.file('state'))).toBe(true);

    const json = '{"Save": {"type": "dword", "value": 1}, "Note": {"type": "sz", "value": "before move"}}';
    const bytes = encodePropertyList(parsePropertyListJson(json));
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0x1, caller: FULL, inputBytes: bytes })).toBe('succeeded');
    const [offline] = calls(d, 'offline');
    expect(offline).toMatchObject({ args: '--flavour vanilla', reason: '4', reasonName: 'USER_REQUESTED', flags: '1', destination: '' });
    const instructions = { Save: { type: 'dword', value: 1 }, Note: { type: 'sz', value: 'before move' } };
    expect(JSON.parse(offline?.instructions ?? '')).toEqual(instructions);
    expect(JSON.parse(offline?.file ?? '')).toMatchObject({ reason: 4, flags: 1, destinationNode: null, instructions, raw: Buffer.from(bytes).toString('base64') });
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Offline);
    expect(existsSync(d.file('state'))).toBe(false);

    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(await run(cluster, { kind: 'offline-resource', resource: 'Svc', flags: 0x2, caller: FULL })).toBe('succeeded');
    expect(calls(d, 'terminate')).toHaveLength(1);
    expect(calls(d, 'offline')).toHaveLength(1);
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Offline);
  });

  it('is found running by the start-up probe (exit 0) and fails when is-alive exits 7 while online', async () => {
    const { d, resource } = agent({ LooksAlivePollInterval: 100, RestartAction: 0 });
    writeFileSync(d.file('state'), '');
    cluster = await startCluster(clusterYaml({ G: { Svc: resource } }));
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Online);
    expect(calls(d, 'online')).toHaveLength(0);

    rmSync(d.file('state'));
    await waitFor('Svc failed', () => cluster?.engine.resource('Svc')?.state === ResourceState.Failed);
    expect(calls(d, 'looks-alive').length).toBeGreaterThan(0);
    expect(calls(d, 'is-alive').length).toBeGreaterThan(1);
    expect(cluster.engine.resource('Svc')?.failureReason).toMatch(/health check failed/);
  });

  it('keeps a small PendingTimeout from expiring while the script prints progress lines', async () => {
    const { d, resource } = agent({ PendingTimeout: 600 }, { SlowSteps: 8 });
    cluster = await startCluster(clusterYaml({ G: { Svc: resource } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    const started = Date.now();
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Offline);
    expect(calls(d, 'terminate')).toHaveLength(0);
  });

  it('terminates a hung script when PendingTimeout expires: its process group dies, the resource ends Failed', async () => {
    const { d, resource } = agent({ PendingTimeout: 500 }, { Hang: 1 });
    cluster = await startCluster(clusterYaml({ G: { Svc: resource } }));
    expect(await run(cluster, { kind: 'online-group', group: 'G', flags: 0, caller: FULL })).toBe('succeeded');
    expect(await run(cluster, { kind: 'offline-group', group: 'G', flags: 0, caller: FULL })).toBe('failed');
    expect(cluster.engine.resource('Svc')?.state).toBe(ResourceState.Failed);
    await waitFor('the terminate call', () => calls(d, 'terminate').length === 1);
    const [sleeper] = readFileSync(d.file('pids'), 'utf8').trim().split('\n').map(Number);
    await waitFor('the hung sleep to die', () => processGone(sleeper as number));
  });
});
