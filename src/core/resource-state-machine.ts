/**
 * The resource state machine as a table: `step(state, event) -> {state, effects}`. The engine feeds
 * it every request and every outcome of a resource-type call, then carries out the effects (calls,
 * timers, policy) in the order listed. Nothing here runs anything: effects are data (STYLE.md 4).
 *
 * Shape (wsfc.md §15): Initializing -> Offline <-> OnlinePending -> Online <-> OfflinePending ->
 * Offline, plus Failed; a type's 127/126 reports map to Offline/Failed (§2.1).
 *
 * A cell is either a transition or `invalid`: the event does not apply in that state. Requests get
 * 5023 ERROR_INVALID_STATE (§2.4); engine events that arrive in a state where they cannot apply
 * (a late reply after terminate, a timer that fired after the call ended) are stale and the engine
 * drops them, logging the reason. An invalid cell never changes the state and has no effects.
 */
import { Win32 } from './errors.js';
import { ResourceState } from './states.js';

/** The states the machine drives. `Pending` (128) is only ever reported, never entered. */
export type MachineState =
  | typeof ResourceState.Initializing
  | typeof ResourceState.Online
  | typeof ResourceState.Offline
  | typeof ResourceState.Failed
  | typeof ResourceState.OnlinePending
  | typeof ResourceState.OfflinePending;

export const MACHINE_STATES: readonly MachineState[] = [
  ResourceState.Initializing,
  ResourceState.Online,
  ResourceState.Offline,
  ResourceState.Failed,
  ResourceState.OnlinePending,
  ResourceState.OfflinePending,
];

export const RESOURCE_EVENTS = [
  /** A plan step (or recovery) asks for online. */
  'online-requested',
  /** A plan step asks for a graceful offline (OfflineV2). */
  'offline-requested',
  /** FORCE_WITH_TERMINATION, a cancel, or a move that must not wait: terminate now. */
  'terminate-requested',
  /** The outstanding online/offline returned 0, or its promise resolved. */
  'entry-succeeded',
  /** The outstanding online/offline returned 997 ERROR_IO_PENDING (the promise is still open). */
  'entry-pending',
  /** The outstanding online/offline returned an error, threw, or its promise rejected. */
  'entry-failed',
  /** The type called reportProgress (SetResourceStatus with a new CheckPoint). */
  'progress-reported',
  /** PendingTimeout passed with no progress report (a gap timer, §5.2 item 4). */
  'pending-timeout',
  /** IsAlive returned false (LooksAlive false only triggers an IsAlive, §5.3). */
  'health-check-failed',
  /** The resource host process died. */
  'host-crashed',
  /** A probe found the resource running (startup adoption, §"Resource hosts"). */
  'probe-found-running',
  /** A probe found the resource stopped. */
  'probe-found-stopped',
  /** The type reported ClusterResourceCannotComeOnlineOnThisNode (127) while coming online. */
  'reported-cannot-come-online-on-this-node',
  /** The type reported ClusterResourceCannotComeOnlineOnAnyNode (126) while coming online. */
  'reported-cannot-come-online-on-any-node',
] as const;
export type ResourceEventKind = (typeof RESOURCE_EVENTS)[number];

export interface ResourceEvent {
  readonly kind: ResourceEventKind;
  /** For failures: the Win32 code or text, carried into the record-failure effect. */
  readonly detail?: string;
}

export type ResourceEffect =
  | { readonly kind: 'call-online' }
  | { readonly kind: 'call-offline' }
  | { readonly kind: 'call-terminate' }
  /** Ask the host for a fresh probe (the previous one was lost with its host). */
  | { readonly kind: 'call-probe' }
  | { readonly kind: 'start-pending-timer' }
  /** A progress report resets the gap timer (PendingTimeout is not a total timer). */
  | { readonly kind: 'restart-pending-timer' }
  | { readonly kind: 'stop-pending-timer' }
  | { readonly kind: 'start-health-checks' }
  | { readonly kind: 'stop-health-checks' }
  /** Restart/failover policy (§5.5); the engine skips it when persistent state is offline (§2.4 rule 8). */
  | { readonly kind: 'apply-restart-policy' }
  /** 127: the group should be placed on another node (placement decides which). */
  | { readonly kind: 'request-move-to-another-node' }
  | { readonly kind: 'record-failure'; readonly reason: string };

export type EffectKind = ResourceEffect['kind'];

export interface Transition {
  /** The next state; the unchanged input state when `invalid` is set. */
  readonly state: ResourceState;
  readonly effects: readonly ResourceEffect[];
  /** Present when the event does not apply in this state; state is unchanged, effects empty. */
  readonly invalid?: { readonly code: number; readonly reason: string };
}

type Cell =
  | { readonly to: MachineState; readonly effects: readonly EffectKind[]; readonly failure?: string }
  | { readonly invalid: string };

const S = ResourceState;
const stale = (why: string): Cell => ({ invalid: `stale: ${why}` });
const refused = (why: string): Cell => ({ invalid: why });
const NO_ENTRY = stale('no online/offline call is outstanding');
const NO_TIMER = stale('no pending timer runs in this state');
const NOT_MONITORED = stale('health checks run only while Online');
const NOT_COMING_ONLINE = stale('127/126 are reported only while coming online');
const PROBE_WHILE_PENDING = stale('a probe result cannot override an outstanding call');

/** Starting an online: from Offline, Failed and Initializing alike (§2.4 online rule 1). */
const START_ONLINE: Cell = { to: S.OnlinePending, effects: ['start-pending-timer', 'call-online'] };
const ADOPT_RUNNING: Cell = { to: S.Online, effects: ['start-health-checks'] };

/**
 * THE TABLE. Rows are states, columns events. Effects run in the order listed: timers are stopped
 * before terminate so a late timer cannot fire into the next state.
 */
const TABLE: Readonly<Record<MachineState, Readonly<Record<ResourceEventKind, Cell>>>> = {
  [S.Initializing]: {
    'online-requested': START_ONLINE,
    'offline-requested': refused('offline needs Online, Offline or Failed (MS-CMRP 3.1.4.2.19 step 1)'),
    // Terminate leaves a resource offline whatever it was doing (§5.1), so it is safe unprobed.
    'terminate-requested': { to: S.Offline, effects: ['call-terminate'] },
    'entry-succeeded': NO_ENTRY,
    'entry-pending': NO_ENTRY,
    'entry-failed': NO_ENTRY,
    'progress-reported': NO_ENTRY,
    'pending-timeout': NO_TIMER,
    'health-check-failed': NOT_MONITORED,
    // The probe died with its host: ask again rather than guess (the process may have survived).
    'host-crashed': { to: S.Initializing, effects: ['call-probe'] },
    'probe-found-running': ADOPT_RUNNING,
    'probe-found-stopped': { to: S.Offline, effects: [] },
    'reported-cannot-come-online-on-this-node': NOT_COMING_ONLINE,
    'reported-cannot-come-online-on-any-node': NOT_COMING_ONLINE,
  },
  [S.Offline]: {
    'online-requested': START_ONLINE,
    // Already offline: nothing to do (MS-CMRP 3.1.4.2.19 step 3 returns SUCCESS).
    'offline-requested': { to: S.Offline, effects: [] },
    'terminate-requested': { to: S.Offline, effects: [] },
    'entry-succeeded': NO_ENTRY,
    'entry-pending': NO_ENTRY,
    'entry-failed': NO_ENTRY,
    'progress-reported': NO_ENTRY,
    'pending-timeout': NO_TIMER,
    'health-check-failed': NOT_MONITORED,
    'host-crashed': { to: S.Offline, effects: [] },
    // Running although we believed it stopped: record the truth; the engine then reconciles it
    // with the persistent state (it offlines it if persistent is offline).
    'probe-found-running': ADOPT_RUNNING,
    'probe-found-stopped': { to: S.Offline, effects: [] },
    'reported-cannot-come-online-on-this-node': NOT_COMING_ONLINE,
    'reported-cannot-come-online-on-any-node': NOT_COMING_ONLINE,
  },
  [S.OnlinePending]: {
    'online-requested': refused('an online is already pending (MS-CMRP 3.1.4.2.18 step 1)'),
    'offline-requested': refused('offline needs Online, Offline or Failed; the resource is OnlinePending (MS-CMRP 3.1.4.2.19 step 1)'),
    'terminate-requested': { to: S.Offline, effects: ['stop-pending-timer', 'call-terminate'] },
    'entry-succeeded': { to: S.Online, effects: ['stop-pending-timer', 'start-health-checks'] },
    // The timer started with the call; a 997 is not itself progress.
    'entry-pending': { to: S.OnlinePending, effects: [] },
    // §5.2 item 5: on a non-997 error the monitor calls Terminate; §5.5 item 1: a failed online is a failure.
    'entry-failed': { to: S.Failed, effects: ['stop-pending-timer', 'call-terminate', 'record-failure', 'apply-restart-policy'], failure: 'online failed' },
    'progress-reported': { to: S.OnlinePending, effects: ['restart-pending-timer'] },
    // §5.2 item 4: terminate, end Failed; the failure counts for restart policy.
    'pending-timeout': { to: S.Failed, effects: ['call-terminate', 'record-failure', 'apply-restart-policy'], failure: 'online pending timeout' },
    'health-check-failed': NOT_MONITORED,
    // The host is gone, so there is nothing to terminate; the resource is lost.
    'host-crashed': { to: S.Failed, effects: ['stop-pending-timer', 'record-failure', 'apply-restart-policy'], failure: 'resource host crashed' },
    'probe-found-running': PROBE_WHILE_PENDING,
    'probe-found-stopped': PROBE_WHILE_PENDING,
    // 127 is reported as Offline (§2.1); the type gave a final status, so no terminate. Another
    // node may succeed, so placement is asked to move the group instead of restarting here.
    'reported-cannot-come-online-on-this-node': { to: S.Offline, effects: ['stop-pending-timer', 'request-move-to-another-node'] },
    // 126 is reported as Failed (§2.1). Restarting cannot help on any node, so no restart policy.
    'reported-cannot-come-online-on-any-node': { to: S.Failed, effects: ['stop-pending-timer', 'call-terminate', 'record-failure'], failure: 'cannot come online on any node' },
  },
  [S.Online]: {
    // MS-CMRP 3.1.4.2.18 step 2: already Online returns SUCCESS.
    'online-requested': { to: S.Online, effects: [] },
    'offline-requested': { to: S.OfflinePending, effects: ['stop-health-checks', 'start-pending-timer', 'call-offline'] },
    'terminate-requested': { to: S.Offline, effects: ['stop-health-checks', 'call-terminate'] },
    'entry-succeeded': NO_ENTRY,
    'entry-pending': NO_ENTRY,
    'entry-failed': NO_ENTRY,
    'progress-reported': NO_ENTRY,
    'pending-timeout': NO_TIMER,
    // §5.3: IsAlive FALSE sets Failed and calls Terminate; §5.5 policy follows.
    'health-check-failed': { to: S.Failed, effects: ['stop-health-checks', 'call-terminate', 'record-failure', 'apply-restart-policy'], failure: 'health check failed' },
    'host-crashed': { to: S.Failed, effects: ['stop-health-checks', 'record-failure', 'apply-restart-policy'], failure: 'resource host crashed' },
    'probe-found-running': { to: S.Online, effects: [] },
    // It stopped behind our back: that is a failure like a failed health check.
    'probe-found-stopped': { to: S.Failed, effects: ['stop-health-checks', 'record-failure', 'apply-restart-policy'], failure: 'found stopped while Online' },
    'reported-cannot-come-online-on-this-node': NOT_COMING_ONLINE,
    'reported-cannot-come-online-on-any-node': NOT_COMING_ONLINE,
  },
  [S.OfflinePending]: {
    'online-requested': refused('online needs Initializing, Online, Offline or Failed; the resource is OfflinePending (MS-CMRP 3.1.4.2.18 step 1)'),
    'offline-requested': refused('an offline is already pending (MS-CMRP 3.1.4.2.19 step 1)'),
    'terminate-requested': { to: S.Offline, effects: ['stop-pending-timer', 'call-terminate'] },
    'entry-succeeded': { to: S.Offline, effects: ['stop-pending-timer'] },
    'entry-pending': { to: S.OfflinePending, effects: [] },
    // MS-CMRP 3.1.4.2.19 step 7: a failed offline leaves the resource Failed. No restart policy:
    // the caller asked for offline (§2.4 rule 8).
    'entry-failed': { to: S.Failed, effects: ['stop-pending-timer', 'call-terminate', 'record-failure'], failure: 'offline failed' },
    'progress-reported': { to: S.OfflinePending, effects: ['restart-pending-timer'] },
    'pending-timeout': { to: S.Failed, effects: ['call-terminate', 'record-failure'], failure: 'offline pending timeout' },
    'health-check-failed': NOT_MONITORED,
    // The offline did not complete cleanly; say so rather than claim Offline.
    'host-crashed': { to: S.Failed, effects: ['stop-pending-timer', 'record-failure'], failure: 'resource host crashed during offline' },
    'probe-found-running': PROBE_WHILE_PENDING,
    'probe-found-stopped': PROBE_WHILE_PENDING,
    'reported-cannot-come-online-on-this-node': NOT_COMING_ONLINE,
    'reported-cannot-come-online-on-any-node': NOT_COMING_ONLINE,
  },
  [S.Failed]: {
    'online-requested': START_ONLINE,
    // The seed (OfflineClusterResource remarks): offlining a Failed resource succeeds and it goes Offline.
    'offline-requested': { to: S.Offline, effects: [] },
    'terminate-requested': { to: S.Offline, effects: [] },
    'entry-succeeded': NO_ENTRY,
    'entry-pending': NO_ENTRY,
    'entry-failed': NO_ENTRY,
    'progress-reported': NO_ENTRY,
    'pending-timeout': NO_TIMER,
    'health-check-failed': NOT_MONITORED,
    'host-crashed': { to: S.Failed, effects: [] },
    'probe-found-running': ADOPT_RUNNING,
    // Failed is sticky until someone (policy or a person) acts.
    'probe-found-stopped': { to: S.Failed, effects: [] },
    'reported-cannot-come-online-on-this-node': NOT_COMING_ONLINE,
    'reported-cannot-come-online-on-any-node': NOT_COMING_ONLINE,
  },
};

function isMachineState(state: number): state is MachineState {
  return (MACHINE_STATES as readonly number[]).includes(state);
}

/** The next state and the effects to run. A state outside the machine (Unknown, 128) is invalid. */
export function step(state: ResourceState, event: ResourceEvent | ResourceEventKind): Transition {
  const ev: ResourceEvent = typeof event === 'string' ? { kind: event } : event;
  if (!isMachineState(state)) {
    return { state, effects: [], invalid: { code: Win32.ERROR_INVALID_STATE, reason: `state ${state} is not driven by the machine` } };
  }
  const cell = TABLE[state][ev.kind];
  if ('invalid' in cell) return { state, effects: [], invalid: { code: Win32.ERROR_INVALID_STATE, reason: cell.invalid } };
  const effects = cell.effects.map((kind): ResourceEffect => {
    if (kind === 'record-failure') {
      return { kind, reason: ev.detail === undefined ? (cell.failure ?? 'failed') : `${cell.failure ?? 'failed'}: ${ev.detail}` };
    }
    return { kind };
  });
  return { state: cell.to, effects };
}

/** True when the cell exists: the engine may ask before it commits to a request. */
export function accepts(state: ResourceState, kind: ResourceEventKind): boolean {
  return step(state, kind).invalid === undefined;
}
