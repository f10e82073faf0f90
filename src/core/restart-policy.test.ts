import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCE_COMMON, type ResourceCommonProperties } from './common-properties.js';
import { decideRestart, restartsInWindow } from './restart-policy.js';
import { PersistentState } from './states.js';

const common = (patch: Partial<ResourceCommonProperties> = {}): ResourceCommonProperties => ({ ...DEFAULT_RESOURCE_COMMON, ...patch });

describe('restart policy', () => {
  it('restarts after RestartDelay while under RestartThreshold, counting attempts', () => {
    let history: readonly number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const decision = decideRestart(common(), PersistentState.Online, history, attempt * 1000);
      expect(decision).toMatchObject({ kind: 'restart', delayMs: 500, attempt });
      history = decision.history;
    }
    expect(history).toEqual([1000, 2000, 3000]);
    // The fourth failure inside the 15-minute window exceeds the threshold: RestartNotify fails over.
    expect(decideRestart(common(), PersistentState.Online, history, 4000).kind).toBe('fail-over-group');
  });

  it('forgets restarts older than RestartPeriod', () => {
    const history = [0, 100, 200];
    expect(decideRestart(common({ RestartPeriod: 1000 }), PersistentState.Online, history, 1150)).toMatchObject({ kind: 'restart', attempt: 2, history: [200, 1150] });
    expect(restartsInWindow(history, 1100, 1000)).toEqual([200]);
  });

  it('never restarts a resource whose persistent state is offline', () => {
    expect(decideRestart(common(), PersistentState.Offline, [], 0)).toMatchObject({ kind: 'stay-failed', retryAfterMs: null });
  });

  it('honours RestartAction 0 and 1', () => {
    expect(decideRestart(common({ RestartAction: 0 }), PersistentState.Online, [], 0)).toMatchObject({ kind: 'stay-failed', retryAfterMs: 3_600_000 });
    const full = [1, 2, 3];
    expect(decideRestart(common({ RestartAction: 1 }), PersistentState.Online, full, 10)).toMatchObject({ kind: 'stay-failed' });
    expect(decideRestart(common({ RestartAction: 1, RetryPeriodOnFailure: 0xffffffff }), PersistentState.Online, full, 10)).toMatchObject({ kind: 'stay-failed', retryAfterMs: null });
  });

  it('with RestartThreshold 0 goes straight to the RestartAction consequence', () => {
    expect(decideRestart(common({ RestartThreshold: 0 }), PersistentState.Online, [], 0).kind).toBe('fail-over-group');
  });
});
