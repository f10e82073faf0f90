/**
 * One test per cell of the resource state machine: every state x every event. The expected table
 * below is written independently of the implementation's table, as "NextState: effect, effect" or
 * "invalid", so a change to either shows up as a failing cell.
 */
import { describe, expect, it } from 'vitest';
import { accepts, MACHINE_STATES, RESOURCE_EVENTS, step, type ResourceEventKind } from './resource-state-machine.js';
import { ResourceState, resourceStateLabel } from './states.js';

type Row = Record<ResourceEventKind, string>;
const X = 'invalid';

const EXPECTED: Record<string, Row> = {
  Initializing: {
    'online-requested': 'OnlinePending: start-pending-timer, call-online',
    'offline-requested': X,
    'terminate-requested': 'Offline: call-terminate',
    'entry-succeeded': X,
    'entry-pending': X,
    'entry-failed': X,
    'progress-reported': X,
    'pending-timeout': X,
    'health-check-failed': X,
    'host-crashed': 'Initializing: call-probe',
    'probe-found-running': 'Online: start-health-checks',
    'probe-found-stopped': 'Offline:',
    'reported-cannot-come-online-on-this-node': X,
    'reported-cannot-come-online-on-any-node': X,
  },
  Offline: {
    'online-requested': 'OnlinePending: start-pending-timer, call-online',
    'offline-requested': 'Offline:',
    'terminate-requested': 'Offline:',
    'entry-succeeded': X,
    'entry-pending': X,
    'entry-failed': X,
    'progress-reported': X,
    'pending-timeout': X,
    'health-check-failed': X,
    'host-crashed': 'Offline:',
    'probe-found-running': 'Online: start-health-checks',
    'probe-found-stopped': 'Offline:',
    'reported-cannot-come-online-on-this-node': X,
    'reported-cannot-come-online-on-any-node': X,
  },
  OnlinePending: {
    'online-requested': X,
    'offline-requested': X,
    'terminate-requested': 'Offline: stop-pending-timer, call-terminate',
    'entry-succeeded': 'Online: stop-pending-timer, start-health-checks',
    'entry-pending': 'OnlinePending:',
    'entry-failed': 'Failed: stop-pending-timer, call-terminate, record-failure, apply-restart-policy',
    'progress-reported': 'OnlinePending: restart-pending-timer',
    'pending-timeout': 'Failed: call-terminate, record-failure, apply-restart-policy',
    'health-check-failed': X,
    'host-crashed': 'Failed: stop-pending-timer, record-failure, apply-restart-policy',
    'probe-found-running': X,
    'probe-found-stopped': X,
    'reported-cannot-come-online-on-this-node': 'Offline: stop-pending-timer, request-move-to-another-node',
    'reported-cannot-come-online-on-any-node': 'Failed: stop-pending-timer, call-terminate, record-failure',
  },
  Online: {
    'online-requested': 'Online:',
    'offline-requested': 'OfflinePending: stop-health-checks, start-pending-timer, call-offline',
    'terminate-requested': 'Offline: stop-health-checks, call-terminate',
    'entry-succeeded': X,
    'entry-pending': X,
    'entry-failed': X,
    'progress-reported': X,
    'pending-timeout': X,
    'health-check-failed': 'Failed: stop-health-checks, call-terminate, record-failure, apply-restart-policy',
    'host-crashed': 'Failed: stop-health-checks, record-failure, apply-restart-policy',
    'probe-found-running': 'Online:',
    'probe-found-stopped': 'Failed: stop-health-checks, record-failure, apply-restart-policy',
    'reported-cannot-come-online-on-this-node': X,
    'reported-cannot-come-online-on-any-node': X,
  },
  OfflinePending: {
    'online-requested': X,
    'offline-requested': X,
    'terminate-requested': 'Offline: stop-pending-timer, call-terminate',
    'entry-succeeded': 'Offline: stop-pending-timer',
    'entry-pending': 'OfflinePending:',
    'entry-failed': 'Failed: stop-pending-timer, call-terminate, record-failure',
    'progress-reported': 'OfflinePending: restart-pending-timer',
    'pending-timeout': 'Failed: call-terminate, record-failure',
    'health-check-failed': X,
    'host-crashed': 'Failed: stop-pending-timer, record-failure',
    'probe-found-running': X,
    'probe-found-stopped': X,
    'reported-cannot-come-online-on-this-node': X,
    'reported-cannot-come-online-on-any-node': X,
  },
  Failed: {
    'online-requested': 'OnlinePending: start-pending-timer, call-online',
    'offline-requested': 'Offline:',
    'terminate-requested': 'Offline:',
    'entry-succeeded': X,
    'entry-pending': X,
    'entry-failed': X,
    'progress-reported': X,
    'pending-timeout': X,
    'health-check-failed': X,
    'host-crashed': 'Failed:',
    'probe-found-running': 'Online: start-health-checks',
    'probe-found-stopped': 'Failed:',
    'reported-cannot-come-online-on-this-node': X,
    'reported-cannot-come-online-on-any-node': X,
  },
};

describe('resource state machine table', () => {
  it('the expected table covers every state and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(MACHINE_STATES.map(resourceStateLabel).sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual([...RESOURCE_EVENTS].sort());
  });

  for (const state of MACHINE_STATES) {
    const label = resourceStateLabel(state);
    for (const event of RESOURCE_EVENTS) {
      const want = EXPECTED[label]?.[event];
      it(`${label} x ${event} -> ${want}`, () => {
        const got = step(state, event);
        if (want === X) {
          expect(got.state).toBe(state);
          expect(got.effects).toEqual([]);
          expect(got.invalid?.code).toBe(5023);
          expect(got.invalid?.reason.length).toBeGreaterThan(0);
          expect(accepts(state, event)).toBe(false);
        } else {
          expect(got.invalid).toBeUndefined();
          expect(`${resourceStateLabel(got.state)}: ${got.effects.map((e) => e.kind).join(', ')}`.trimEnd()).toBe(want);
          expect(accepts(state, event)).toBe(true);
        }
      });
    }
  }
});

describe('resource state machine details', () => {
  it('carries the event detail into record-failure', () => {
    const got = step(ResourceState.OnlinePending, { kind: 'entry-failed', detail: '5018 ERROR_RESMON_ONLINE_FAILED' });
    expect(got.effects).toContainEqual({ kind: 'record-failure', reason: 'online failed: 5018 ERROR_RESMON_ONLINE_FAILED' });
  });

  it('never starts the restart policy for a failure during offline (MS-CMRP 3.1.4.2.19 step 8)', () => {
    for (const event of RESOURCE_EVENTS) {
      expect(step(ResourceState.OfflinePending, event).effects.map((e) => e.kind)).not.toContain('apply-restart-policy');
    }
  });

  it('stops the pending timer on every exit from a pending state except the timer itself firing', () => {
    for (const state of [ResourceState.OnlinePending, ResourceState.OfflinePending] as const) {
      for (const event of RESOURCE_EVENTS) {
        const got = step(state, event);
        if (got.invalid || got.state === state || event === 'pending-timeout') continue;
        expect(got.effects.map((e) => e.kind), `${state} x ${event}`).toContain('stop-pending-timer');
      }
    }
  });

  it('treats states outside the machine as invalid without changing them', () => {
    const got = step(ResourceState.Pending, 'online-requested');
    expect(got.state).toBe(ResourceState.Pending);
    expect(got.invalid?.code).toBe(5023);
  });
});
