/**
 * Nothing acknowledged is lost: a stream of 1,000 operations and configuration changes against a
 * real daemon that is killed with SIGKILL at random moments (and always once right after a 997, so
 * an operation is cut off mid-flight). After every restart each acknowledged persistent state and
 * configuration change is in effect; at the end the operation log in the database has no gaps,
 * holds every acknowledged operation, and marks the cut-off ones interrupted.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { WolfpackClient } from '../../src/client/index.js';
import { openStore } from '../../src/store/index.js';
import type { OperationRecord } from '../../src/engine/operation.js';
import { DaemonProcess } from '../support/daemon-process.js';
import { TestDir } from './support/local-cluster.js';

const GROUPS = ['G0', 'G1', 'G2', 'G3'];
const STEPS = 1000;

let daemon: DaemonProcess | undefined;
let client: WolfpackClient | undefined;
let dir: TestDir | undefined;

afterEach(async () => {
  client?.close();
  await daemon?.kill();
  dir?.remove();
});

function config(restartDelay: number): string {
  return stringify({
    cluster: 'Durable',
    nodes: ['node1'],
    groups: Object.fromEntries(
      GROUPS.map((g) => [
        g,
        {
          resources: {
            [`${g}A`]: { type: 'dummy', ...(g === 'G0' ? { RestartDelay: restartDelay } : {}), properties: { OnlineDelayMs: 10, OfflineDelayMs: 10 } },
            [`${g}B`]: { type: 'dummy', dependsOn: [`${g}A`], properties: { OnlineDelayMs: 10, OfflineDelayMs: 10 } },
          },
        },
      ]),
    ),
  });
}

/** A small seeded generator, so a failure can be replayed with the seed it prints. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

describe('durability of the daemon under kill -9', () => {
  it('keeps every acknowledged change across SIGKILLs during 1,000 operations and configuration changes', async () => {
    dir = new TestDir();
    const dataDir = dir.file('data');
    const file = dir.file('cluster.yaml');
    writeFileSync(file, config(500));
    const seed = Date.now() % 100_000;
    const rand = random(seed);
    const context = `seed ${seed}`;

    const start = async (args: string[]): Promise<void> => {
      daemon = new DaemonProcess(['--data-dir', dataDir, '--listen', 'none', ...args]);
      await daemon.ready();
      client = new WolfpackClient({ kind: 'socket', socketPath: `${dataDir}/wolfpack.sock` });
    };
    const restart = async (): Promise<void> => {
      client?.close();
      await daemon?.kill();
      // No --config: the configuration in effect is the one in the database.
      await start([]);
    };

    await start(['--config', file]);
    const acknowledged: Array<{ id: string; kind: string; target: string }> = [];
    const persistent = new Map(GROUPS.map((g) => [g, 0]));
    let restartDelay = 500;
    let kills = 0;
    let killedMidFlight = false;

    const verify = async (): Promise<void> => {
      for (const group of await (client as WolfpackClient).listGroups()) {
        expect(group.persistentState, `${context}: persistent state of ${group.name}`).toBe(persistent.get(group.name));
      }
      expect((await (client as WolfpackClient).getResource('G0A')).common['RestartDelay'], context).toBe(restartDelay);
    };

    for (let step = 0; step < STEPS; step++) {
      const c = client as WolfpackClient;
      if (rand() < 0.1) {
        const next = 500 + step;
        const answer = await c.applyConfig({ yaml: config(next) });
        expect(answer.code, context).toBe(0);
        restartDelay = next;
      } else {
        const group = GROUPS[Math.floor(rand() * GROUPS.length)] as string;
        const online = rand() < 0.5;
        const answer = online ? await c.onlineGroup(group) : await c.offlineGroup(group);
        if (answer.operation) acknowledged.push({ id: answer.operation, kind: online ? 'online-group' : 'offline-group', target: group });
        if (answer.code === 0 || answer.code === 997) persistent.set(group, online ? 1 : 0);
        if (answer.code === 997 && !killedMidFlight) {
          // Cut an operation off in flight: its record is durable, its steps are not done.
          killedMidFlight = true;
          kills++;
          await restart();
          await verify();
          continue;
        }
      }
      if (rand() < 0.006) {
        kills++;
        await restart();
        await verify();
      }
    }
    await verify();
    const stopped = await (daemon as DaemonProcess).stop('SIGTERM');
    expect(stopped.code).toBe(0);

    const store = await openStore(`sqlite:${dataDir}/cluster.db`);
    try {
      const ops = (await store.range('/wolfpack/ops/')).kvs.map((kv) => JSON.parse(kv.value) as OperationRecord);
      const numbers = ops.map((o) => Number(o.id.slice(3))).sort((a, b) => a - b);
      expect(numbers[0]).toBe(1);
      expect(numbers.at(-1), `${context}: no gaps in the operation log`).toBe(numbers.length);
      const byId = new Map(ops.map((o) => [o.id, o]));
      for (const ack of acknowledged) expect(byId.get(ack.id), `${context}: ${ack.id}`).toMatchObject({ kind: ack.kind, target: ack.target });
      expect(ops.filter((o) => o.outcome === 'running'), context).toHaveLength(0);
      expect(ops.some((o) => o.outcome === 'interrupted'), `${context}: an operation cut off mid-flight is marked interrupted`).toBe(true);
      expect(kills).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
    }
  }, 240_000);
});
