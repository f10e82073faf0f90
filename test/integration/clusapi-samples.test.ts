/**
 * The two sample programs of the ClusAPI documentation (examples/offline-group.ts and
 * examples/offline-resource.ts) run unchanged against examples/demo-cluster.yaml, hosted in this
 * process with real resource host processes and registered as the default local cluster, which is
 * what their OpenCluster(NULL) opens. The demo's OCF resource becomes a dummy so the suite does not
 * depend on the agents installed; every resource records its entry-point calls.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import * as api from '../../src/clusapi/index.js';
import { PersistentState, ResourceState } from '../../src/core/states.js';
import type { LocalCluster } from '../../src/engine/local-cluster.js';
import { main as offlineGroupMain } from '../../examples/offline-group.js';
import { main as offlineResourceMain } from '../../examples/offline-resource.js';
import { closeWatched, watch, type WatchedCluster } from './support/watched-clusters.js';
import { FULL, TestDir, readRecord, startCluster, waitFor } from './support/local-cluster.js';

interface DemoDoc {
  groups: Record<string, { resources: Record<string, { type: string; properties?: Record<string, unknown> }> }>;
}

let dir: TestDir;
let record: string;
const running: WatchedCluster[] = [];
const registrations: Array<() => void> = [];

/**
 * examples/demo-cluster.yaml with dummies in place of the OCF agent and the HTTP server process (the
 * samples exercise the facade, not those types, and the demo's fixed port must stay free), and a
 * RecordFile on every resource.
 */
function demoYaml(extra: Record<string, Record<string, unknown>> = {}): string {
  const doc = parse(readFileSync(new URL('../../examples/demo-cluster.yaml', import.meta.url), 'utf8')) as DemoDoc;
  for (const group of Object.values(doc.groups)) {
    for (const [name, resource] of Object.entries(group.resources)) {
      if (resource.type !== 'dummy') {
        resource.type = 'dummy';
        resource.properties = {};
      }
      resource.properties = { ...resource.properties, RecordFile: record, ...extra[name] };
    }
  }
  return stringify(doc);
}

async function startDemo(yaml: string): Promise<LocalCluster> {
  const cluster = await startCluster(yaml, { start: false });
  running.push(watch(cluster));
  await cluster.engine.start();
  registrations.push(api.registerLocalCluster(cluster.engine.model.config.cluster, api.localConnection(cluster.engine, FULL), { default: true }));
  return cluster;
}

async function demoGroupOnline(cluster: LocalCluster): Promise<void> {
  const hCluster = await api.OpenCluster(null);
  const hGroup = await api.OpenClusterGroup(hCluster, 'DemoGroup');
  expect(await api.OnlineClusterGroup(hGroup)).toBe(api.ERROR_IO_PENDING);
  await waitFor('DemoGroup online', () => cluster.engine.groupState('DemoGroup') === api.ClusterGroupOnline);
  api.CloseClusterGroup(hGroup);
  api.CloseCluster(hCluster);
}

/** Runs a sample's main() and returns its code with what it printed. */
async function run(main: () => Promise<number>): Promise<{ code: number; printed: string[] }> {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });
  try {
    return { code: await main(), printed };
  } finally {
    spy.mockRestore();
  }
}

beforeEach(() => {
  dir = new TestDir();
  record = dir.file('record.jsonl');
});

afterEach(async () => {
  for (const undo of registrations.splice(0)) undo();
  const leftovers = await closeWatched(running);
  dir.remove();
  expect(leftovers, 'host processes left running').toEqual([]);
});


afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the ClusAPI sample programs against the demo cluster', () => {
  it('offline-group takes DemoGroup offline, dependents first, and returns 0', async () => {
    const cluster = await startDemo(demoYaml());
    await demoGroupOnline(cluster);
    const handlesBefore = api.openHandleCount();

    const { code, printed } = await run(offlineGroupMain);

    expect(code).toBe(api.ERROR_SUCCESS);
    expect(printed).toEqual(['Offlined the group DemoGroup']);
    expect(cluster.engine.groupState('DemoGroup')).toBe(api.ClusterGroupOffline);
    for (const name of cluster.engine.group('DemoGroup')?.config.resources ?? []) {
      expect(cluster.engine.resource(name)?.state, name).toBe(ResourceState.Offline);
      expect(cluster.engine.resource(name)?.persistentState, name).toBe(PersistentState.Offline);
    }
    const offlines = readRecord(record, 'offline');
    const end = (name: string) => offlines.find((l) => l.resource === name)?.end ?? Infinity;
    const start = (name: string) => offlines.find((l) => l.resource === name)?.start ?? -Infinity;
    expect(start('App')).toBeGreaterThanOrEqual(end('DemoResource'));
    expect(start('Disk')).toBeGreaterThanOrEqual(Math.max(end('App'), end('Marker')));
    // The IGNORE flag reached every resource as CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS.
    for (const line of offlines) expect(line.flags).toBe(api.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS);
    // The other group was not touched, and the program closed every handle it opened.
    expect(readRecord(record, 'offline').some((l) => l.resource.startsWith('Web'))).toBe(false);
    expect(api.openHandleCount()).toBe(handlesBefore);
  });

  it('offline-resource takes DemoResource offline alone and returns 0, even while it is locked', async () => {
    const cluster = await startDemo(demoYaml({ DemoResource: { Locked: true } }));
    await demoGroupOnline(cluster);
    await waitFor('DemoResource locked', () => cluster.engine.resource('DemoResource')?.locked === true);
    const handlesBefore = api.openHandleCount();

    const { code, printed } = await run(offlineResourceMain);

    expect(code).toBe(api.ERROR_SUCCESS);
    expect(printed).toEqual(['Offlined the resource DemoResource']);
    expect(cluster.engine.resource('DemoResource')?.state).toBe(ResourceState.Offline);
    for (const name of ['App', 'Marker', 'Disk']) expect(cluster.engine.resource(name)?.state, name).toBe(ResourceState.Online);
    expect(readRecord(record, 'offline').map((l) => l.resource)).toEqual(['DemoResource']);
    expect(api.openHandleCount()).toBe(handlesBefore);
  });

  it('both programs return 0 at once when there is nothing to do', async () => {
    await startDemo(demoYaml());
    expect(await run(offlineGroupMain)).toEqual({ code: 0, printed: ['Offlined the group DemoGroup'] });
    expect(await run(offlineResourceMain)).toEqual({ code: 0, printed: ['Offlined the resource DemoResource'] });
    expect(readRecord(record, 'offline')).toEqual([]);
  });

  it('report the failure code when the cluster or the object cannot be opened', async () => {
    // Without an in-process cluster the samples fall back to a daemon: make sure none answers.
    vi.stubEnv('WOLFPACK_SERVER', 'http://127.0.0.1:1');
    expect(await run(offlineGroupMain)).toEqual({ code: api.RPC_S_SERVER_UNAVAILABLE, printed: ['Failed to open cluster: 0x6ba'] });
    await startDemo(demoYaml().replace(/DemoGroup/g, 'OtherGroup').replace(/DemoResource/g, 'OtherResource'));
    expect(await run(offlineGroupMain)).toEqual({ code: api.ERROR_GROUP_NOT_FOUND, printed: ['Failed to open cluster group DemoGroup: 0x1395'] });
    expect(await run(offlineResourceMain)).toEqual({ code: api.ERROR_RESOURCE_NOT_FOUND, printed: ['Failed to open cluster resource DemoResource: 0x138f'] });
  });
});
