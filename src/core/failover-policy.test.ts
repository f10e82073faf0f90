import { describe, expect, it } from 'vitest';
import { effectiveFailoverThreshold, failoverAllowed } from './failover-policy.js';

const H = 3_600_000;
const DEFAULT = 0xffffffff;

describe('effectiveFailoverThreshold', () => {
  const table: [number, number, number][] = [
    [DEFAULT, 3, 2],
    [-1, 3, 2],
    [DEFAULT, 1, 0],
    [DEFAULT, 0, 0],
    [0, 5, 0],
    [10, 2, 10],
  ];
  for (const [threshold, nodes, expected] of table) {
    it(`${threshold} with ${nodes} nodes: ${expected}`, () => expect(effectiveFailoverThreshold(threshold, nodes)).toBe(expected));
  }
});

describe('failoverAllowed', () => {
  const now = 100 * H;
  const table: [string, readonly number[], number, number, number, { allowed: boolean; history: number[]; remaining: number }][] = [
    ['first failover, default threshold on 3 nodes', [], DEFAULT, 6, 3, { allowed: true, history: [now], remaining: 1 }],
    ['second within the period', [now - H], DEFAULT, 6, 3, { allowed: true, history: [now - H, now], remaining: 0 }],
    ['third within the period exceeds nodes - 1', [now - 2 * H, now - H], DEFAULT, 6, 3, { allowed: false, history: [now - 2 * H, now - H], remaining: 0 }],
    ['old failovers fall out of the period', [now - 7 * H, now - 6 * H, now - H], DEFAULT, 6, 3, { allowed: true, history: [now - H, now], remaining: 0 }],
    ['exactly one period ago no longer counts', [now - 6 * H], 1, 6, 3, { allowed: true, history: [now], remaining: 0 }],
    ['just inside the period counts', [now - 6 * H + 1], 1, 6, 3, { allowed: false, history: [now - 6 * H + 1], remaining: 0 }],
    ['threshold 0 never fails over', [], 0, 6, 3, { allowed: false, history: [], remaining: 0 }],
    ['one node: nowhere to go by default', [], DEFAULT, 6, 1, { allowed: false, history: [], remaining: 0 }],
    ['explicit threshold ignores node count', [now - 1, now - 2], 5, 6, 1, { allowed: true, history: [now - 2, now - 1, now], remaining: 2 }],
    ['period 0 forgets everything', [now - 1, now], 1, 0, 3, { allowed: true, history: [now], remaining: 0 }],
    ['a future time (clock skew) still counts', [now + 1000], 1, 6, 3, { allowed: false, history: [now + 1000], remaining: 0 }],
    ['unsorted history comes back sorted', [now - H, now - 3 * H], 4, 6, 3, { allowed: true, history: [now - 3 * H, now - H, now], remaining: 1 }],
  ];
  for (const [name, history, threshold, period, nodes, expected] of table) {
    it(name, () => expect(failoverAllowed(history, now, threshold, period, nodes)).toEqual(expected));
  }

  it('does not mutate the history it is given', () => {
    const history = [now - H, now - 3 * H];
    failoverAllowed(history, now, 4, 6, 3);
    expect(history).toEqual([now - H, now - 3 * H]);
  });

  it('repeated failovers are refused once the threshold is reached, then allowed again after the period', () => {
    let history: number[] = [];
    const decisions: boolean[] = [];
    for (const t of [0, H, 2 * H, 3 * H]) {
      const d = failoverAllowed(history, t, 2, 6, 3);
      decisions.push(d.allowed);
      history = d.history;
    }
    expect(decisions).toEqual([true, true, false, false]);
    expect(failoverAllowed(history, 6 * H, 2, 6, 3)).toMatchObject({ allowed: true, history: [H, 6 * H], remaining: 0 });
  });
});
