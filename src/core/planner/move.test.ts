import { describe, expect, it } from 'vitest';
import type { Caller, Command, MoveGroupCommand } from '../commands.js';
import { buildModel, validateClusterConfig } from '../config/index.js';
import { OfflineReason } from '../flags.js';
import type { ClusterModel, Snapshot } from '../model.js';
import type { Plan, PlanResult } from '../plan.js';
import type { GroupOverride, NodeOverride, ResourceOverride } from '../runtime.js';
import { initialRuntime } from '../runtime.js';
import { NodeState, ResourceState } from '../states.js';
import { formatPlanResult, plan } from './index.js';
import { buildSnapshot, parseCommand, parsePlanInput } from './plan-input.js';

const S = ResourceState;
const full: Caller = { principal: 'admin', access: 'full' };

// Disk <- Db <- App ; Lic alone, hostable on n1..n3 only. Owner n1.
const model: ClusterModel = buildModel(
  validateClusterConfig({
    cluster: 'c',
    nodes: ['n1', 'n2', 'n3', 'n4'],
    groups: {
      G: {
        preferredOwners: ['n1', 'n3'],
        resources: {
          Disk: { type: 'dummy' },
          Db: { type: 'dummy', dependsOn: ['Disk'] },
          App: { type: 'dummy', dependsOn: ['Db'] },
          Lic: { type: 'dummy', possibleOwners: ['n1', 'n2', 'n3'] },
        },
      },
      Other: { resources: { X: { type: 'dummy' } } },
    },
  }),
);

interface State {
  readonly resources?: Record<string, ResourceOverride>;
  readonly group?: GroupOverride;
  readonly nodes?: Record<string, NodeOverride>;
  readonly all?: ResourceState;
}

function snapshot(state: State = {}): Snapshot {
  const overrides = { resources: state.resources ?? {}, groups: { G: state.group ?? {} }, nodes: state.nodes ?? {} };
  return { model, runtime: initialRuntime(model, { allResources: { state: state.all ?? S.Online }, overrides }) };
}

function move(destinationNode: string | null, flags = 0, extra: Partial<MoveGroupCommand> = {}): MoveGroupCommand {
  return { kind: 'move-group', group: 'G', flags, destinationNode, caller: full, ...extra };
}

function code(result: PlanResult): number {
  return result.ok ? result.plan.code : result.rejection.code;
}

function accepted(result: PlanResult): Plan {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code} ${result.rejection.detail}`);
  return result.plan;
}

describe('move-group admission rules', () => {
  const table: [string, State, MoveGroupCommand, number][] = [
    ['read access', {}, move('n2', 0, { caller: { principal: 'v', access: 'read' } }), 5],
    ['unknown group', {}, move('n2', 0, { group: 'Nope' }), 5013],
    ['unknown flag bit', {}, move('n2', 0x40), 87],
    ['IGNORE with QUEUE', {}, move('n2', 0x5), 87],
    ['malformed input buffer', {}, move('n2', 0, { input: { bytes: new Uint8Array(3), valid: false } }), 13],
    ['unknown node', {}, move('n9'), 5042],
    ['not a possible owner', {}, move('n4'), 5015],
    ['destination Down', { nodes: { n2: { state: NodeState.Down } } }, move('n2'), 5005],
    ['destination Joining', { nodes: { n2: { state: NodeState.Joining } } }, move('n2'), 5005],
    ['destination Unknown', { nodes: { n2: { state: NodeState.Unknown } } }, move('n2'), 5005],
    ['destination Paused', { nodes: { n2: { state: NodeState.Paused } } }, move('n2'), 70],
    ['moving', { group: { moving: true } }, move('n2'), 5908],
    ['OnlinePending', { resources: { Db: { state: S.OnlinePending } } }, move('n2'), 5023],
    ['OfflinePending', { resources: { Disk: { state: S.OfflinePending } } }, move('n2'), 5023],
    ['Initializing', { resources: { Lic: { state: S.Initializing } } }, move('n2'), 5023],
    ['already on the node', {}, move('n1'), 0],
    ['already on the node, case-insensitive', {}, move('N1'), 0],
    ['locked', { resources: { App: { locked: true } } }, move('n2'), 5960],
    ['locked Failed resource', { resources: { App: { state: S.Failed, locked: true } } }, move('n2'), 5960],
    ['locked with QUEUE', { resources: { App: { locked: true } } }, move('n2', 0x4), 997],
    ['locked with IGNORE', { resources: { App: { locked: true } } }, move('n2', 0x1), 997],
    ['locked Offline resource does not block', { resources: { App: { state: S.Offline, locked: true } } }, move('n2'), 997],
    ['every flag but QUEUE', {}, move('n2', 0x3b), 997],
    ['all Offline', { all: S.Offline }, move('n2'), 997],
    ['no destination, none available', { nodes: { n2: { state: NodeState.Down }, n3: { state: NodeState.Paused } } }, move(null), 5005],
  ];
  for (const [name, state, command, expected] of table) {
    it(`${name}: ${expected}`, () => expect(code(plan(snapshot(state), command))).toBe(expected));
  }
});

describe('move-group admission order: the earliest failing check wins', () => {
  const allWrong: State = { group: { moving: true }, resources: { Db: { state: S.OnlinePending }, App: { locked: true } }, nodes: { n2: { state: NodeState.Paused } } };
  const cases: [string, State, MoveGroupCommand, number][] = [
    ['access before the group', allWrong, move('n9', 0x5, { group: 'Nope', caller: { principal: 'v', access: 'none' } }), 5],
    ['group before flags', allWrong, move('n9', 0x5, { group: 'Nope' }), 5013],
    ['flags before the input buffer', allWrong, move('n9', 0x5, { input: { bytes: new Uint8Array(1), valid: false } }), 87],
    ['input buffer before the node', allWrong, move('n9', 0, { input: { bytes: new Uint8Array(1), valid: false } }), 13],
    ['unknown node before moving', allWrong, move('n9'), 5042],
    ['possible owners before node state', { ...allWrong, nodes: { n4: { state: NodeState.Down } } }, move('n4'), 5015],
    ['Down node before moving', { ...allWrong, nodes: { n2: { state: NodeState.Down } } }, move('n2'), 5005],
    ['Paused node before moving', allWrong, move('n2'), 70],
    ['moving before pending', allWrong, move('n3'), 5908],
    ['pending before already-there', { ...allWrong, group: {} }, move('n1'), 5023],
    ['pending before locked', { ...allWrong, group: {} }, move('n3', 0x4), 5023],
    ['already-there before locked', { resources: { App: { locked: true } } }, move('n1'), 0],
    ['placement failure before moving', { group: { moving: true }, nodes: { n2: { state: NodeState.Down }, n3: { state: NodeState.Down } } }, move(null), 5005],
  ];
  for (const [name, state, command, expected] of cases) {
    it(`${name}: ${expected}`, () => expect(code(plan(snapshot(state), command))).toBe(expected));
  }
});

describe('move-group plans', () => {
  it('offlines every Online resource, dependents first, with MOVING and the destination, and writes no persistent state', () => {
    const p = accepted(plan(snapshot({ resources: { Lic: { state: S.Failed } } }), move('n2')));
    expect(p.code).toBe(997);
    expect(p.move).toEqual({ from: 'n1', to: 'n2', queued: false });
    expect(p.steps.map((s) => s.resource)).toEqual(['App', 'Db', 'Disk']);
    expect(p.steps.map((s) => s.after)).toEqual([[], [0], [1]]);
    for (const step of p.steps) expect(step).toMatchObject({ action: 'offline', reason: OfflineReason.MOVING, destinationNode: 'n2', resDllFlags: 0 });
    expect(p.immediate).toEqual([{ resource: 'Lic', from: S.Failed, to: S.Offline }]);
    expect(p.persistent).toEqual([]);
  });

  it('names the canonical destination whatever case the caller used', () => {
    const p = accepted(plan(snapshot(), move('N2')));
    expect(p.move?.to).toBe('n2');
    expect(p.steps[0]?.destinationNode).toBe('n2');
  });

  it('IGNORE gives CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS and nothing else; other move flags add no step flags', () => {
    expect(accepted(plan(snapshot({ resources: { App: { locked: true } } }), move('n2', 0x1))).steps.every((s) => s.resDllFlags === 0x1)).toBe(true);
    expect(accepted(plan(snapshot(), move('n2', 0x3a))).steps.every((s) => s.resDllFlags === 0)).toBe(true);
  });

  it('QUEUE with a locked resource is admitted queued and changes nothing yet', () => {
    const p = accepted(plan(snapshot({ resources: { App: { locked: true }, Lic: { state: S.Failed } } }), move('n2', 0x4)));
    expect(p).toMatchObject({ code: 997, steps: [], immediate: [], persistent: [], move: { from: 'n1', to: 'n2', queued: true } });
  });

  it('QUEUE without a lock is an ordinary move', () => {
    const p = accepted(plan(snapshot(), move('n2', 0x4)));
    expect(p.move?.queued).toBe(false);
    expect(p.steps).toHaveLength(4);
  });

  it('already on the node: 0, no steps, no move', () => {
    const p = accepted(plan(snapshot(), move('n1')));
    expect(p).toEqual({ code: 0, command: move('n1'), steps: [], immediate: [], persistent: [] });
  });

  it('a group with every resource Offline: 997 and no steps (the handover is the work)', () => {
    const p = accepted(plan(snapshot({ all: S.Offline }), move('n3')));
    expect(p).toMatchObject({ code: 997, steps: [], move: { from: 'n1', to: 'n3', queued: false } });
  });

  it('without a destination, placement picks the next preferred owner, then configuration order', () => {
    expect(accepted(plan(snapshot(), move(null))).move?.to).toBe('n3');
    expect(accepted(plan(snapshot({ nodes: { n3: { state: NodeState.Paused } } }), move(null))).move?.to).toBe('n2');
    // n4 is Up but not a possible owner of Lic.
    expect(code(plan(snapshot({ nodes: { n2: { state: NodeState.Down }, n3: { state: NodeState.Down } } }), move(null)))).toBe(5005);
  });

  it('never mutates the snapshot', () => {
    const snap = snapshot({ resources: { Lic: { state: S.Failed } } });
    const before = JSON.stringify([...snap.runtime.resources, ...snap.runtime.groups]);
    accepted(plan(snap, move('n2')));
    expect(JSON.stringify([...snap.runtime.resources, ...snap.runtime.groups])).toBe(before);
  });
});

describe('cancel-group', () => {
  const cancel = (flags = 0, extra: Partial<Command> = {}): Command => ({ kind: 'cancel-group', group: 'G', flags, caller: full, ...extra }) as Command;
  const table: [string, State, Command, number][] = [
    ['read access', { group: { moving: true } }, cancel(1, { caller: { principal: 'v', access: 'read' } }), 5],
    ['unknown group before flags', {}, cancel(1, { group: 'Nope' } as Partial<Command>), 5013],
    ['flags 1', { group: { moving: true } }, cancel(1), 87],
    ['flags before not-moving', {}, cancel(0x80000000), 87],
    ['not moving', {}, cancel(0), 5023],
    ['moving', { group: { moving: true } }, cancel(0), 997],
  ];
  for (const [name, state, command, expected] of table) {
    it(`${name}: ${expected}`, () => expect(code(plan(snapshot(state), command))).toBe(expected));
  }

  it('an admitted cancel has an empty, valid plan', () => {
    const p = accepted(plan(snapshot({ group: { moving: true } }), cancel(0)));
    expect(p).toEqual({ code: 997, command: cancel(0), steps: [], immediate: [], persistent: [] });
  });
});

describe('plan input and format for move and cancel', () => {
  const text = `
cluster: c
nodes: [n1, n2]
groups:
  G: {preferredOwners: [n1], resources: {A: {type: dummy}}}
state:
  default: Online
  nodes: {n2: {state: Paused}}
command: {kind: move-group, target: G, destination: n2, flags: [RETURN_TO_SOURCE_NODE_ON_ERROR]}
`;
  it('parses destination, move flag names and node states', () => {
    const input = parsePlanInput('t', text);
    const command = parseCommand('t', input.command);
    expect(command).toMatchObject({ kind: 'move-group', group: 'G', destinationNode: 'n2', flags: 0x2 });
    const snap = buildSnapshot('t', input.model, input.state);
    expect(snap.runtime.nodes.get('n2')?.state).toBe(NodeState.Paused);
    expect(formatPlanResult(command, plan(snap, command))).toContain('result: 70 ERROR_SHARING_PAUSED');
  });

  it('a move without destination is null and prints as "-"; a plan prints its move line', () => {
    const command = parseCommand('t', { kind: 'move-group', target: 'G' });
    expect(command).toMatchObject({ destinationNode: null, flags: 0 });
    const out = formatPlanResult(command, plan(snapshot(), { ...(command as MoveGroupCommand), group: 'G' }));
    expect(out).toContain('move-group G flags=0x0 destination=- caller=admin(full)');
    expect(out).toContain('move: n1 -> n3');
  });

  it('rejects a reason on a move and an unknown node state', () => {
    expect(() => parseCommand('t', { kind: 'move-group', target: 'G', reason: 'MOVING' })).toThrow(/reason/);
    const input = parsePlanInput('t', text.replace('state: Paused', 'state: Sleeping'));
    expect(() => buildSnapshot('t', input.model, input.state)).toThrow(/Sleeping/);
  });

  it('cancel parses with reserved flags', () => {
    expect(parseCommand('t', { kind: 'cancel-group', target: 'G', flags: 1 })).toMatchObject({ kind: 'cancel-group', group: 'G', flags: 1 });
  });
});
