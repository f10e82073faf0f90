/**
 * The UI's pure parts, without a browser: instruction rows to the shared JSON form, plan waves,
 * the graph layout (dependents above providers), and the view and timelines kept current by
 * events (including a step event that arrives before the operation's record is read).
 */
import { describe, expect, it } from 'vitest';
import type { ClusterView, OperationView, ResourceView, StepView } from '../../src/client/contract.js';
import { applyClusterEvent, lockReasonOf, type LiveCluster } from '../../web/src/model/cluster-events.js';
import { layoutGraph } from '../../web/src/model/graph-layout.js';
import { instructionsToJson } from '../../web/src/model/instructions.js';
import { applyOperationEvent, mergeRecord } from '../../web/src/model/operation-events.js';
import { planWaves } from '../../web/src/model/plan-order.js';

function resource(name: string, providers: string[] = []): ResourceView {
  return { name, group: 'G', type: 'dummy', state: 2, stateName: 'ClusterResourceOnline', persistentState: 1, locked: false, lockedReason: null, failureReason: null, owner: 'node1', dependsOn: providers.map((p) => `[${p}]`).join(' and '), providers, operation: null, properties: {}, common: { PendingTimeout: 180000 } };
}

function cluster(): LiveCluster {
  const view: ClusterView = {
    name: 'Demo',
    nodes: [{ name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null }],
    groups: [{ name: 'G', state: 0, stateName: 'ClusterGroupOnline', owner: 'node1', persistentState: 1, preferredOwners: [], locked: false, moving: false, resources: [resource('Disk'), resource('App', ['Disk'])] }],
    configRevision: 1,
    lastEventId: 10,
  };
  return { view, lockReasons: new Map() };
}

function step(id: number, status: StepView['status'], after: number[] = []): StepView {
  return { id, action: 'offline', resource: `R${id}`, after, resDllFlags: 0, reason: 4, status, start: status === 'waiting' ? null : 100, end: status === 'running' || status === 'waiting' ? null : 200, exec: null, code: null, detail: null };
}

describe('instruction rows', () => {
  it('become the object form, typed as the proplist JSON form wants', () => {
    const { json, problems } = instructionsToJson([
      { name: 'Virtual Machine', type: 'dword', value: '1' },
      { name: 'Mask', type: 'word', value: '0xff' },
      { name: 'Tags', type: 'multi_sz', value: 'a\nb\n' },
      { name: 'Blob', type: 'binary', value: '0A 0b' },
      { name: 'Big', type: 'ularge_integer', value: '18446744073709551615' },
      { name: '', type: 'dword', value: '' },
    ]);
    expect(problems.size).toBe(0);
    expect(json).toEqual({
      'Virtual Machine': { type: 'dword', value: 1 },
      Mask: { type: 'word', value: 255 },
      Tags: { type: 'multi_sz', value: ['a', 'b'] },
      Blob: { type: 'binary', value: '0a0b' },
      Big: { type: 'ularge_integer', value: '18446744073709551615' },
    });
  });

  it('use the array form when a name repeats, and flag bad rows by index', () => {
    expect(instructionsToJson([{ name: 'A', type: 'sz', value: 'x' }, { name: 'a', type: 'sz', value: 'y' }]).json).toEqual([
      { name: 'A', type: 'sz', value: 'x' },
      { name: 'a', type: 'sz', value: 'y' },
    ]);
    const bad = instructionsToJson([{ name: 'N', type: 'dword', value: '-1' }, { name: '', type: 'sz', value: 'x' }, { name: 'H', type: 'binary', value: 'abc' }]);
    expect([...bad.problems.keys()]).toEqual([0, 1, 2]);
    expect(bad.json).toBeNull();
  });
});

describe('plan waves and graph layout', () => {
  it('put each step after every step it waits for; independent steps share a wave', () => {
    const waves = planWaves([step(0, 'waiting'), step(1, 'waiting', [0]), step(2, 'waiting', [0]), step(3, 'waiting', [0, 1, 2])]);
    expect(waves.map((w) => w.map((s) => s.id))).toEqual([[0], [1, 2], [3]]);
  });

  it('draws dependents above their providers', () => {
    const layout = layoutGraph([resource('Disk'), resource('App', ['Disk']), resource('Marker', ['Disk']), resource('Top', ['App', 'Marker'])]);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.name, n.y]));
    expect(y['Top']).toBeLessThan(y['App'] as number);
    expect(y['App']).toBe(y['Marker']);
    expect(y['App']).toBeLessThan(y['Disk'] as number);
    expect(layout.edges).toHaveLength(4);
  });
});

describe('events applied to the view', () => {
  it('change states, failure reasons and locks, and ask for a re-read on what the view lacks', () => {
    let live = cluster();
    live = applyClusterEvent(live, { type: 'resource-state', resource: 'app', group: 'G', state: 4, previous: 2, operation: null, detail: 'offline refused: boom', seq: 11, time: 0 }) ?? live;
    expect(live.view.groups[0]?.resources[1]).toMatchObject({ stateName: 'ClusterResourceFailed', failureReason: 'offline refused: boom' });
    live = applyClusterEvent(live, { type: 'resource-locked', resource: 'Disk', locked: true, reason: 7, seq: 12, time: 0 }) ?? live;
    expect(live.view.groups[0]?.locked).toBe(true);
    expect(lockReasonOf(live, 'DISK')).toBe(7);
    live = applyClusterEvent(live, { type: 'group-state', group: 'G', state: 2, previous: 0, seq: 13, time: 0 }) ?? live;
    expect(live.view.groups[0]?.stateName).toBe('ClusterGroupFailed');
    expect(live.view.lastEventId).toBe(13);
    expect(applyClusterEvent(live, { type: 'resource-state', resource: 'New', group: 'G', state: 2, previous: 3, operation: null, seq: 14, time: 0 })).toBeNull();
    expect(applyClusterEvent(live, { type: 'reset', requested: 1, oldest: 5, reason: 'gone', seq: 15, time: 0 })).toBeNull();
  });

  it('keep a step event that came before the record was read, and never move a step back', () => {
    const started = applyOperationEvent(new Map(), { type: 'operation-started', operation: 'op-1', kind: 'offline-group', target: 'G', actor: 'admin', code: 997, seq: 1, time: 50 });
    expect(started.needsRecord).toBe('op-1');
    const ended = applyOperationEvent(started.operations, { type: 'step-ended', operation: 'op-1', step: { ...step(0, 'succeeded') }, seq: 2, time: 200 });
    const read: OperationView = { ...(ended.operations.get('op-1') as OperationView), codeName: 'ERROR_IO_PENDING', client: 'ui', steps: [step(0, 'running'), step(1, 'waiting', [0])] };
    const merged = mergeRecord(ended.operations.get('op-1'), read);
    expect(merged.steps.map((s) => s.status)).toEqual(['succeeded', 'waiting']);
    const done = applyOperationEvent(new Map([['op-1', merged]]), { type: 'operation-ended', operation: 'op-1', outcome: 'succeeded', seq: 3, time: 400 });
    expect(done.operations.get('op-1')).toMatchObject({ outcome: 'succeeded', ended: 400 });
  });
});
