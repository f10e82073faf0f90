import { describe, expect, it } from 'vitest';
import { buildModel, validateClusterConfig } from './config/index.js';
import type { ClusterModel, Runtime } from './model.js';
import { canHost, chooseNode, failbackTarget, insideFailbackWindow, resourceBarringNode } from './placement.js';
import type { NodeOverride } from './runtime.js';
import { initialRuntime } from './runtime.js';
import { NodeState } from './states.js';

function modelWith(group: Record<string, unknown>): ClusterModel {
  return buildModel(validateClusterConfig({ cluster: 'c', nodes: ['a', 'b', 'c', 'd'], groups: { G: group } }));
}

const model = modelWith({
  preferredOwners: ['c', 'a'],
  resources: { R1: { type: 'dummy', possibleOwners: ['a', 'b', 'c'] }, R2: { type: 'dummy', possibleOwners: ['b', 'c', 'd'] }, R3: { type: 'dummy' } },
});

function runtime(m: ClusterModel, nodes: Record<string, NodeOverride> = {}, owner?: string): Runtime {
  return initialRuntime(m, { overrides: { nodes, groups: owner === undefined ? {} : { G: { owner } } } });
}

describe('canHost', () => {
  it('needs a configured node allowed by every resource (empty possibleOwners = all)', () => {
    expect(['a', 'b', 'c', 'd', 'x'].map((n) => canHost(model, n, 'G'))).toEqual([false, true, true, false, false]);
    expect(canHost(model, 'B', 'g')).toBe(true);
    expect(canHost(model, 'b', 'Nope')).toBe(false);
    expect(resourceBarringNode(model, 'a', 'G')).toBe('R2');
    expect(resourceBarringNode(model, 'd', 'G')).toBe('R1');
    expect(resourceBarringNode(model, 'b', 'G')).toBeNull();
  });
});

describe('chooseNode', () => {
  const up = NodeState.Up;
  const down = NodeState.Down;
  const paused = NodeState.Paused;
  const joining = NodeState.Joining;
  // Candidate order: c, a (preferred), then b, d (configuration order); a and d cannot host.
  const table: [string, Record<string, NodeState>, readonly string[], string | null][] = [
    ['first preferred owner', {}, [], 'c'],
    ['skips an excluded node', {}, ['c'], 'b'],
    ['exclusion is case-insensitive', {}, ['C'], 'b'],
    ['skips a preferred owner that cannot host, then configuration order', { c: down }, [], 'b'],
    ['Paused is never chosen', { c: paused }, [], 'b'],
    ['Joining is never chosen', { c: joining, b: up }, [], 'b'],
    ['nothing left', { c: down, b: paused }, [], null],
    ['nothing left after exclusion', { b: down }, ['c'], null],
  ];
  for (const [name, states, exclude, expected] of table) {
    it(`${name}: ${String(expected)}`, () => {
      const nodes = Object.fromEntries(Object.entries(states).map(([n, state]) => [n, { state }]));
      expect(chooseNode(model, runtime(model, nodes), 'G', { exclude })).toBe(expected);
    });
  }

  it('a node missing from the runtime counts as unknown, not Up', () => {
    const rt = runtime(model);
    const nodes = new Map(rt.nodes);
    nodes.delete('c');
    expect(chooseNode(model, { ...rt, nodes }, 'G')).toBe('b');
  });

  it('without preferred owners: configuration order; unknown group: null', () => {
    const plain = modelWith({ resources: { R: { type: 'dummy' } } });
    expect(chooseNode(plain, runtime(plain), 'G')).toBe('a');
    expect(chooseNode(plain, runtime(plain), 'G', { exclude: ['a'] })).toBe('b');
    expect(chooseNode(plain, runtime(plain), 'Nope')).toBeNull();
  });
});

describe('insideFailbackWindow', () => {
  const NONE = 0xffffffff;
  const table: [number, number, number, boolean][] = [
    [NONE, NONE, 0, true],
    [-1, -1, 13, true],
    [NONE, 5, 3, true], // half a window is no window
    [8, 17, 8, true],
    [8, 17, 16, true],
    [8, 17, 17, false],
    [8, 17, 7, false],
    [22, 6, 22, true],
    [22, 6, 23, true],
    [22, 6, 0, true],
    [22, 6, 5, true],
    [22, 6, 6, false],
    [22, 6, 12, false],
    [3, 3, 3, true],
    [3, 3, 4, false],
    [0, 23, 23, false],
  ];
  for (const [start, end, hour, expected] of table) {
    it(`[${start}, ${end}) at ${hour}: ${expected}`, () => expect(insideFailbackWindow(start, end, hour)).toBe(expected));
  }
  it('a bad hour is a RangeError', () => {
    for (const hour of [-1, 24, 1.5, Number.NaN]) expect(() => insideFailbackWindow(NONE, NONE, hour)).toThrow(RangeError);
  });
});

describe('failbackTarget', () => {
  const allow = (extra: Record<string, unknown> = {}): ClusterModel =>
    modelWith({ preferredOwners: ['c', 'b'], AutoFailbackType: 1, resources: { R: { type: 'dummy' } }, ...extra });

  it('fails back to the most preferred Up node when it is not the owner', () => {
    const m = allow();
    expect(failbackTarget(m, runtime(m, {}, 'b'), 'G', 12)).toBe('c');
    expect(failbackTarget(m, runtime(m, {}, 'd'), 'G', 12)).toBe('c');
    expect(failbackTarget(m, runtime(m, {}, 'c'), 'G', 12)).toBeNull();
    // c is down: b is now the most preferred Up node; the owner already is b.
    expect(failbackTarget(m, runtime(m, { c: { state: NodeState.Down } }, 'b'), 'G', 12)).toBeNull();
    expect(failbackTarget(m, runtime(m, { c: { state: NodeState.Paused } }, 'd'), 'G', 12)).toBe('b');
  });

  it('needs AutoFailbackType 1 and preferred owners', () => {
    const prevent = modelWith({ preferredOwners: ['c'], resources: { R: { type: 'dummy' } } });
    expect(failbackTarget(prevent, runtime(prevent, {}, 'b'), 'G', 12)).toBeNull();
    const noPreferred = modelWith({ AutoFailbackType: 1, resources: { R: { type: 'dummy' } } });
    expect(failbackTarget(noPreferred, runtime(noPreferred, {}, 'b'), 'G', 12)).toBeNull();
    expect(failbackTarget(allow(), runtime(allow(), {}, 'b'), 'Nope', 12)).toBeNull();
  });

  it('only inside the window, which may wrap midnight', () => {
    const m = allow({ FailbackWindowStart: 22, FailbackWindowEnd: 6 });
    const rt = runtime(m, {}, 'b');
    expect([21, 22, 2, 5, 6, 12].map((h) => failbackTarget(m, rt, 'G', h))).toEqual([null, 'c', 'c', 'c', null, null]);
  });

  it('passes over a preferred owner that cannot host the group', () => {
    const m = modelWith({ preferredOwners: ['c', 'b'], AutoFailbackType: 1, resources: { R: { type: 'dummy', possibleOwners: ['b', 'd'] } } });
    expect(failbackTarget(m, runtime(m, {}, 'd'), 'G', 12)).toBe('b');
  });
});
