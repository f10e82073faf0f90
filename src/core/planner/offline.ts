/**
 * Planning offline: OfflineClusterGroupEx and OfflineClusterResourceEx. Dependents go offline
 * before their providers (wsfc.md §6.2); independent branches get no edge between them so the
 * graph runner runs them in parallel. The state (5023) and locked (5960) checks run here because
 * they need the set of resources the operation acts on; 5023 is decided before 5960.
 */
import type { OfflineGroupCommand, OfflineResourceCommand } from '../commands.js';
import { Win32 } from '../errors.js';
import { GroupOfflineFlags, hasFlag, OfflineReason, ResDllOfflineFlags, ResourceOfflineFlags } from '../flags.js';
import type { GroupConfig, ResourceConfig, Snapshot } from '../model.js';
import { nameKey } from '../model.js';
import type { ImmediateStateChange, PersistentStateChange, PlanResult, PlanStep } from '../plan.js';
import { resourceRuntime } from '../runtime.js';
import { isPendingResourceState, PersistentState, ResourceState } from '../states.js';
import { rejected } from './admission.js';
import type { GroupGraph } from './graph.js';
import { groupGraph } from './graph.js';
import { stateLabel } from './names.js';
import { buildSteps } from './steps.js';

const OFFLINE_NEEDS = 'offline needs Online, Offline or Failed (MS-CMRP 3.1.4.2.19 step 1)';

/** Pending states and Initializing: the offline rules of §2.4 refuse both. */
function blocksOffline(state: ResourceState): boolean {
  return state === ResourceState.Initializing || isPendingResourceState(state);
}

function lockedDetail(subject: string): string {
  return `${subject} is locked; pass IGNORE_RESOURCE_STATUS (0x1) to take it offline anyway`;
}

function stateOf(snapshot: Snapshot, graph: GroupGraph, index: number): ResourceState {
  return resourceRuntime(snapshot.runtime, graph.names[index] as string).state;
}

/** Index of the first resource a whole-group offline cannot act on (pending or Initializing), or -1. */
export function firstBlockingOffline(snapshot: Snapshot, graph: GroupGraph): number {
  for (let i = 0; i < graph.names.length; i++) if (blocksOffline(stateOf(snapshot, graph, i))) return i;
  return -1;
}

/**
 * Index of the first locked resource whose state a whole-group offline changes, or -1: Online ones
 * get a step and Failed ones go Offline at admission, so both count (docs/planner.md decision 3).
 */
export function firstLockedToChange(snapshot: Snapshot, graph: GroupGraph): number {
  for (let i = 0; i < graph.names.length; i++) {
    const state = stateOf(snapshot, graph, i);
    if (state !== ResourceState.Online && state !== ResourceState.Failed) continue;
    if (resourceRuntime(snapshot.runtime, graph.names[i] as string).locked) return i;
  }
  return -1;
}

export interface GroupOfflineStepSpec {
  readonly resDllFlags: number;
  readonly reason: OfflineReason;
  readonly destinationNode: string | null;
}

/**
 * The work of a whole-group offline once admitted: an offline step per Online resource after the
 * steps of its Online dependents, and Failed -> Offline at admission for every Failed resource.
 * Shared by offline-group and move-group so the two can never take a group down differently.
 */
export function groupOfflineWork(snapshot: Snapshot, graph: GroupGraph, spec: GroupOfflineStepSpec): { steps: PlanStep[]; immediate: ImmediateStateChange[] } {
  const count = graph.names.length;
  const states: ResourceState[] = new Array<ResourceState>(count);
  const selected: number[] = [];
  const immediate: ImmediateStateChange[] = [];
  for (let i = 0; i < count; i++) {
    const state = stateOf(snapshot, graph, i);
    states[i] = state;
    if (state === ResourceState.Online) selected.push(i);
    else if (state === ResourceState.Failed) immediate.push({ resource: graph.names[i] as string, from: ResourceState.Failed, to: ResourceState.Offline });
  }
  const waitFor: (number[] | undefined)[] = new Array<number[] | undefined>(count);
  for (const p of selected) {
    const online = (graph.dependents[p] ?? []).filter((d) => states[d] === ResourceState.Online);
    if (online.length > 0) waitFor[p] = online;
  }
  const steps = buildSteps(graph, { selected, waitFor, actionOf: () => 'offline', ...spec });
  return { steps, immediate };
}

/**
 * OfflineClusterGroupEx. Every Online resource gets an offline step after the steps of its Online
 * dependents; every Failed resource goes Offline at admission (seed: offlining a Failed resource
 * succeeds). Any pending or Initializing resource makes the whole call 5023: the group is in the
 * middle of something and a group offline acts on every resource.
 */
export function planOfflineGroup(snapshot: Snapshot, command: OfflineGroupCommand, group: GroupConfig): PlanResult {
  const graph = groupGraph(snapshot.model, group);
  const blocking = firstBlockingOffline(snapshot, graph);
  if (blocking >= 0) {
    const name = graph.names[blocking] as string;
    return rejected(Win32.ERROR_INVALID_STATE, `resource '${name}' of group '${group.name}' is ${stateLabel(stateOf(snapshot, graph, blocking))}; ${OFFLINE_NEEDS}`);
  }
  const ignoreLocked = hasFlag(command.flags, GroupOfflineFlags.CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS);
  if (!ignoreLocked) {
    const locked = firstLockedToChange(snapshot, graph);
    if (locked >= 0) return rejected(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, lockedDetail(`resource '${graph.names[locked] as string}'`));
  }
  const { steps, immediate } = groupOfflineWork(snapshot, graph, {
    resDllFlags: ignoreLocked ? ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS : 0,
    reason: command.reason ?? OfflineReason.USER_REQUESTED,
    destinationNode: command.destinationNode ?? null,
  });
  // OfflineClusterGroupEx has no DO_NOT_UPDATE_PERSISTENT_STATE flag: the group and every resource
  // in it are meant to stay offline (also across a restart, ARCHITECTURE "Operations").
  const persistent: PersistentStateChange[] = [{ target: 'group', name: group.name, state: PersistentState.Offline }];
  for (const name of graph.names) persistent.push({ target: 'resource', name, state: PersistentState.Offline });

  return { ok: true, plan: { code: steps.length > 0 ? 997 : 0, command, steps, immediate, persistent } };
}

/**
 * The resources an offline of `target` must take down with it: the target and, transitively, every
 * non-offline dependent that is left with an OR-set without an online provider (§6.1, §6.2: "only
 * when the resource is the last online provider of the set"). Linear in edges: each (dependent,
 * set) counter starts at the set's Online members and drops by one as each member joins the scope.
 * Returns the scope in discovery order, or the first dependent that blocks the walk (5023).
 */
function offlineScope(snapshot: Snapshot, graph: GroupGraph, target: number): { scope: number[] } | { blockedBy: number } {
  const count = graph.names.length;
  const inScope = new Uint8Array(count);
  const remaining: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(count);
  const scope = [target];
  inScope[target] = 1;
  for (let head = 0; head < scope.length; head++) {
    const x = scope[head] as number;
    for (const ref of graph.memberships[x] ?? []) {
      const d = ref.dependent;
      if (inScope[d] === 1) continue;
      const state = stateOf(snapshot, graph, d);
      // Offline and Failed dependents are not running: nothing to stop, nothing to wait for.
      if (state === ResourceState.Offline || state === ResourceState.Failed) continue;
      let counters = remaining[d];
      if (!counters) {
        const sets = graph.providerSets[d] ?? [];
        counters = new Int32Array(sets.length);
        for (let s = 0; s < sets.length; s++) {
          let online = 0;
          for (const p of sets[s] as readonly number[]) if (stateOf(snapshot, graph, p) === ResourceState.Online) online++;
          counters[s] = online;
        }
        remaining[d] = counters;
      }
      const left = (counters[ref.set] as number) - 1;
      counters[ref.set] = left;
      if (left > 0) continue;
      // The set just lost its last online provider: the dependent must go offline first. A
      // pending or Initializing dependent cannot be acted on (§2.4 rule 1 applied to it).
      if (blocksOffline(state)) return { blockedBy: d };
      inScope[d] = 1;
      scope.push(d);
    }
  }
  return { scope };
}

/**
 * OfflineClusterResourceEx. Target Offline: 0. Target Failed: 0 and Failed -> Offline at admission
 * (seed, wsfc.md §13 item 4). Target Online: the target and its scope (above) get steps, dependents
 * first. FORCE_WITH_TERMINATION terminates the target only; dependents still get a graceful
 * offline first, because the flag names the resource the caller chose and a dependent's clean-up
 * (flushing to the disk being forced down) is what makes the force safe.
 */
export function planOfflineResource(snapshot: Snapshot, command: OfflineResourceCommand, resource: ResourceConfig, group: GroupConfig): PlanResult {
  const graph = groupGraph(snapshot.model, group);
  const target = graph.indexByKey.get(nameKey(resource.name));
  if (target === undefined) return rejected(Win32.ERROR_RESOURCE_NOT_FOUND, `resource '${resource.name}' is not listed in group '${group.name}'`);
  const targetRuntime = resourceRuntime(snapshot.runtime, resource.name);
  if (blocksOffline(targetRuntime.state)) {
    return rejected(Win32.ERROR_INVALID_STATE, `resource '${resource.name}' is ${stateLabel(targetRuntime.state)}; ${OFFLINE_NEEDS}`);
  }

  const ignoreLocked = hasFlag(command.flags, ResourceOfflineFlags.CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS);
  const force = hasFlag(command.flags, ResourceOfflineFlags.CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION);
  const keepPersistent = hasFlag(command.flags, ResourceOfflineFlags.CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE);
  const persistentFor = (names: readonly string[]): PersistentStateChange[] =>
    keepPersistent ? [] : names.map((name) => ({ target: 'resource', name, state: PersistentState.Offline }));

  if (targetRuntime.state === ResourceState.Offline) {
    // MS-CMRP 3.1.4.2.19 steps 2-3: persistent state is written, then SUCCESS.
    return { ok: true, plan: { code: 0, command, steps: [], immediate: [], persistent: persistentFor([resource.name]) } };
  }
  if (targetRuntime.state === ResourceState.Failed) {
    if (!ignoreLocked && targetRuntime.locked) {
      return rejected(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, lockedDetail(`resource '${resource.name}'`));
    }
    const immediate: ImmediateStateChange[] = [{ resource: resource.name, from: ResourceState.Failed, to: ResourceState.Offline }];
    return { ok: true, plan: { code: 0, command, steps: [], immediate, persistent: persistentFor([resource.name]) } };
  }

  const walk = offlineScope(snapshot, graph, target);
  if ('blockedBy' in walk) {
    const name = graph.names[walk.blockedBy] as string;
    const state = stateOf(snapshot, graph, walk.blockedBy);
    return rejected(Win32.ERROR_INVALID_STATE, `dependent '${name}' of '${resource.name}' is ${stateLabel(state)} and would have to go offline with it; ${OFFLINE_NEEDS}`);
  }
  const { scope } = walk;
  // MS-CMRP 3.1.4.2.19 step 9: the resource or any resource that must go offline with it.
  if (!ignoreLocked) {
    for (const i of scope) {
      if (resourceRuntime(snapshot.runtime, graph.names[i] as string).locked) {
        const name = graph.names[i] as string;
        const detail = lockedDetail(i === target ? `resource '${name}'` : `dependent '${name}' of '${resource.name}'`);
        return rejected(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, detail);
      }
    }
  }

  const inScope = new Uint8Array(graph.names.length);
  for (const i of scope) inScope[i] = 1;
  const waitFor: (number[] | undefined)[] = new Array<number[] | undefined>(graph.names.length);
  for (const p of scope) {
    const deps = (graph.dependents[p] ?? []).filter((d) => inScope[d] === 1);
    if (deps.length > 0) waitFor[p] = deps;
  }
  let resDllFlags = 0;
  if (ignoreLocked) resDllFlags |= ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS;
  if (keepPersistent) resDllFlags |= ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE;
  const steps = buildSteps(graph, {
    selected: scope,
    waitFor,
    actionOf: (i) => (force && i === target ? 'terminate' : 'offline'),
    resDllFlags,
    reason: command.reason ?? OfflineReason.USER_REQUESTED,
    destinationNode: null,
  });
  // Dependents taken down with the target get persistent offline too: they are not meant to come
  // back at the next restart or failover without an explicit online (§6.3 step 3 restores
  // persistent state, and their provider will be offline).
  const persistent = persistentFor(steps.map((s) => s.resource));
  return { ok: true, plan: { code: 997, command, steps, immediate: [], persistent } };
}
