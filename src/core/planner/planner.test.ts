/**
 * Planner unit tests beyond the golden scenarios: the admission order (each check beats every later
 * one), "a rejection changes nothing", structural invariants of every plan (after ids point
 * backwards, offline dependents first, online providers first), and 10,000-deep chains without
 * recursion.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import { buildModel, validateClusterConfig } from '../config/index.js';
import type { ClusterModel, Snapshot } from '../model.js';
import type { Plan, PlanResult } from '../plan.js';
import { initialRuntime, type ResourceOverride } from '../runtime.js';
import { PersistentState, ResourceState } from '../states.js';
import { formatPlanResult, plan } from './index.js';

const S = ResourceState;
const full = { principal: 'admin', access: 'full' } as const;

// Disk <- Db <- App <- Web ; Cache alone ; Name needs (Net1 or Net2).
const model: ClusterModel = buildModel(
  validateClusterConfig({
    cluster: 'c',
    nodes: ['n1', 'n2'],
    groups: {
      G: {
        preferredOwners: ['n1'],
        resources: {
          Disk: { type: 'dummy' },
          Db: { type: 'dummy', dependsOn: ['Disk'] },
          App: { type: 'dummy', dependsOn: ['Db'] },
          Web: { type: 'dummy', dependsOn: ['App'] },
          Cache: { type: 'dummy' },
          Net1: { type: 'dummy' },
          Net2: { type: 'dummy' },
          Name: { type: 'dummy', dependsOn: '[Net1] or [Net2]' },
        },
      },
    },
  }),
);

function snapshot(resources: Record<string, ResourceOverride> = {}, moving = false, all: ResourceState = S.Online): Snapshot {
  return { model, runtime: initialRuntime(model, { allResources: { state: all }, overrides: { resources, groups: { G: { moving } } } }) };
}

function code(result: PlanResult): number {
  return result.ok ? result.plan.code : result.rejection.code;
}

function accepted(result: PlanResult): Plan {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code} ${result.rejection.detail}`);
  return result.plan;
}

describe('admission order: access -> object -> flags -> input -> moving -> state -> locked', () => {
  const everythingWrong = snapshot({ Db: { state: S.OnlinePending, locked: true } }, true);

  it('a read-only caller with bad flags on an unknown group gets 5, not 5013 or 87', () => {
    expect(code(plan(everythingWrong, { kind: 'offline-group', group: 'Nope', flags: 0x80, caller: { principal: 'v', access: 'read' } }))).toBe(5);
    expect(code(plan(everythingWrong, { kind: 'offline-resource', resource: 'Db', flags: 0x10, caller: { principal: 'v', access: 'none' } }))).toBe(5);
  });

  it('an unknown group or resource with bad flags gets 5013 / 5007, not 87', () => {
    expect(code(plan(everythingWrong, { kind: 'offline-group', group: 'Nope', flags: 0x80, caller: full }))).toBe(5013);
    expect(code(plan(everythingWrong, { kind: 'online-group', group: 'Nope', flags: 0x80, caller: full }))).toBe(5013);
    expect(code(plan(everythingWrong, { kind: 'offline-resource', resource: 'Nope', flags: 0x80, caller: full }))).toBe(5007);
    expect(code(plan(everythingWrong, { kind: 'online-resource', resource: 'Nope', flags: 0x80, caller: full }))).toBe(5007);
  });

  it('bad flags beat a malformed input buffer (87 before 13), and both beat state', () => {
    const input = { bytes: new Uint8Array(3), valid: false };
    expect(code(plan(everythingWrong, { kind: 'offline-resource', resource: 'Db', flags: 0x8, caller: full, input }))).toBe(87);
    expect(code(plan(everythingWrong, { kind: 'offline-resource', resource: 'Db', flags: 0, caller: full, input }))).toBe(13);
  });

  it('a reason outside the enum is 87, and reason values passed as flags are 87', () => {
    expect(code(plan(snapshot(), { kind: 'offline-resource', resource: 'Db', flags: 0, reason: 3 as never, caller: full }))).toBe(87);
    for (const reasonAsFlag of [0x8, 0x10, 0x20, 0x40]) {
      expect(code(plan(snapshot(), { kind: 'offline-resource', resource: 'Db', flags: reasonAsFlag, caller: full }))).toBe(87);
    }
    expect(code(plan(snapshot(), { kind: 'offline-group', group: 'G', flags: 0x4, caller: full }))).toBe(87);
  });

  it('flags that are not DWORDs are 87', () => {
    for (const flags of [-1, 1.5, 2 ** 32, Number.NaN]) {
      expect(code(plan(snapshot(), { kind: 'online-resource', resource: 'Db', flags, caller: full }))).toBe(87);
    }
  });

  it('a moving group gives 5908 before any pending resource gives 5023', () => {
    expect(code(plan(everythingWrong, { kind: 'offline-resource', resource: 'Db', flags: 0, caller: full }))).toBe(5908);
    expect(code(plan(everythingWrong, { kind: 'online-group', group: 'G', flags: 0, caller: full }))).toBe(5908);
  });

  it('pending beats locked: 5023 before 5960', () => {
    const pendingAndLocked = snapshot({ Db: { state: S.OnlinePending, locked: true }, App: { locked: true } });
    expect(code(plan(pendingAndLocked, { kind: 'offline-resource', resource: 'Db', flags: 0, caller: full }))).toBe(5023);
    expect(code(plan(pendingAndLocked, { kind: 'offline-resource', resource: 'Disk', flags: 0, caller: full }))).toBe(5023);
    expect(code(plan(pendingAndLocked, { kind: 'offline-group', group: 'G', flags: 0, caller: full }))).toBe(5023);
  });

  it('names are case-insensitive and steps carry canonical names', () => {
    const p = accepted(plan(snapshot(), { kind: 'offline-resource', resource: 'WEB', flags: 0, caller: full }));
    expect(p.steps.map((s) => s.resource)).toEqual(['Web']);
  });
});

describe('a rejection changes nothing', () => {
  it('returns no plan at all, so there is nothing to apply', () => {
    const result = plan(snapshot({ Web: { locked: true } }), { kind: 'offline-resource', resource: 'Disk', flags: 0, caller: full });
    expect(result).toEqual({ ok: false, rejection: { code: 5960, detail: expect.stringContaining("'Web'") as unknown } });
  });

  it('never mutates the snapshot it is given', () => {
    const snap = snapshot({ Cache: { state: S.Failed } });
    const before = JSON.stringify([...snap.runtime.resources]);
    accepted(plan(snap, { kind: 'offline-group', group: 'G', flags: 0, caller: full }));
    expect(JSON.stringify([...snap.runtime.resources])).toBe(before);
  });
});

describe('plan shape', () => {
  const commands: Command[] = [
    { kind: 'offline-group', group: 'G', flags: 0, caller: full },
    { kind: 'offline-resource', resource: 'Disk', flags: 0, caller: full },
    { kind: 'offline-resource', resource: 'Net1', flags: 0, caller: full },
  ];
  for (const command of commands) {
    it(`${command.kind}: every offline step comes after its online dependents' steps`, () => {
      const p = accepted(plan(snapshot(), command));
      const idOf = new Map(p.steps.map((s) => [s.resource, s.id]));
      for (const step of p.steps) {
        for (const a of step.after) expect(a).toBeLessThan(step.id);
        for (const dependent of model.dependents.get(step.resource) ?? []) {
          const d = idOf.get(dependent);
          if (d !== undefined) expect(step.after).toContain(d);
        }
      }
    });
  }

  it('online steps come after the providers they rely on', () => {
    const p = accepted(plan(snapshot({}, false, S.Offline), { kind: 'online-group', group: 'G', flags: 0, caller: full }));
    const idOf = new Map(p.steps.map((s) => [s.resource, s.id]));
    expect(p.steps.find((s) => s.resource === 'Web')?.after).toEqual([idOf.get('App')]);
    // One provider of an OR-set is enough: Name waits for Net1 (first listed) only.
    expect(p.steps.find((s) => s.resource === 'Name')?.after).toEqual([idOf.get('Net1')]);
  });

  it('offline of one OR provider leaves the dependent alone while another is online', () => {
    expect(accepted(plan(snapshot(), { kind: 'offline-resource', resource: 'Net1', flags: 0, caller: full })).steps.map((s) => s.resource)).toEqual(['Net1']);
    const last = accepted(plan(snapshot({ Net2: { state: S.Offline } }), { kind: 'offline-resource', resource: 'Net1', flags: 0, caller: full }));
    expect(last.steps.map((s) => s.resource)).toEqual(['Name', 'Net1']);
  });

  it('persistent effects: offline group writes the group and every resource', () => {
    const p = accepted(plan(snapshot(), { kind: 'offline-group', group: 'G', flags: 0, caller: full }));
    expect(p.persistent[0]).toEqual({ target: 'group', name: 'G', state: PersistentState.Offline });
    expect(p.persistent).toHaveLength(1 + model.config.resources.length);
  });

  it('format is deterministic', () => {
    const command: Command = { kind: 'offline-group', group: 'G', flags: 1, caller: full };
    expect(formatPlanResult(command, plan(snapshot(), command))).toBe(formatPlanResult(command, plan(snapshot(), command)));
  });
});

describe('scale without recursion', () => {
  const N = 10_000;
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < N; i++) resources[`R${i}`] = i === 0 ? { type: 'dummy' } : { type: 'dummy', dependsOn: [`R${i - 1}`] };
  const chain = buildModel(validateClusterConfig({ cluster: 'c', nodes: ['n1'], groups: { Big: { resources } } }, { maxDependencyDepth: N + 1 }));

  it('offline of the bottom of a 10,000-deep chain walks it all', () => {
    const snap: Snapshot = { model: chain, runtime: initialRuntime(chain, { allResources: { state: S.Online } }) };
    const p = accepted(plan(snap, { kind: 'offline-resource', resource: 'R0', flags: 0, caller: full }));
    expect(p.steps).toHaveLength(N);
    expect(p.steps[0]?.resource).toBe(`R${N - 1}`);
    expect(p.steps[N - 1]?.after).toEqual([N - 2]);
  });

  it('online of the top of a 10,000-deep chain brings every provider first', () => {
    const snap: Snapshot = { model: chain, runtime: initialRuntime(chain) };
    const p = accepted(plan(snap, { kind: 'online-resource', resource: `R${N - 1}`, flags: 0, caller: full }));
    expect(p.steps).toHaveLength(N);
    expect(p.steps[0]?.resource).toBe('R0');
    expect(p.steps[N - 1]?.resource).toBe(`R${N - 1}`);
  });
});
