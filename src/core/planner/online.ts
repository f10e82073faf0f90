/**
 * Planning online: OnlineClusterGroupEx and OnlineClusterResourceEx. Providers come online before
 * their dependents (wsfc.md §6.2). For an OR-set one provider is enough (§6.1, MS-CMRP 3.1.4.2.18
 * step 3); the plan waits for exactly one, chosen by `chooseProvider`. Failed resources are
 * brought online like Offline ones: online is how a person recovers a Failed resource.
 */
import type { OnlineGroupCommand, OnlineResourceCommand } from '../commands.js';
import { Win32 } from '../errors.js';
import { GroupOnlineFlags, hasFlag, ResDllOnlineFlags, ResourceOnlineFlags } from '../flags.js';
import type { GroupConfig, ResourceConfig, Snapshot } from '../model.js';
import { nameKey } from '../model.js';
import type { PersistentStateChange, PlanResult } from '../plan.js';
import { resourceRuntime } from '../runtime.js';
import { isPendingResourceState, PersistentState, ResourceState } from '../states.js';
import { rejected } from './admission.js';
import type { GroupGraph } from './graph.js';
import { groupGraph } from './graph.js';
import { stateLabel } from './names.js';
import { buildSteps } from './steps.js';

const ONLINE_NEEDS = 'online needs Initializing, Online, Offline or Failed (MS-CMRP 3.1.4.2.18 step 1)';

function lockedDetail(subject: string): string {
  return `${subject} is locked; pass IGNORE_RESOURCE_STATUS (0x1) to bring it online anyway`;
}

type Choice = { readonly satisfied: true } | { readonly provider: number } | { readonly blockedBy: number };

/**
 * Which member of an OR-set the plan relies on. An Online member satisfies the set with nothing to
 * do. Otherwise the first listed member that is Offline or Initializing (the operator's order is
 * the preference order), then the first Failed one (worth a try: online is how Failed is
 * recovered). A set whose only non-online members are pending cannot be planned (5023).
 */
function chooseProvider(states: (i: number) => ResourceState, members: readonly number[]): Choice {
  let failed = -1;
  let pending = -1;
  for (const p of members) {
    const state = states(p);
    if (state === ResourceState.Online) return { satisfied: true };
  }
  for (const p of members) {
    const state = states(p);
    if (state === ResourceState.Offline || state === ResourceState.Initializing) return { provider: p };
    if (state === ResourceState.Failed && failed < 0) failed = p;
    if (isPendingResourceState(state) && pending < 0) pending = p;
  }
  if (failed >= 0) return { provider: failed };
  return { blockedBy: pending >= 0 ? pending : (members[0] as number) };
}

function stateReader(snapshot: Snapshot, graph: GroupGraph): (i: number) => ResourceState {
  return (i) => resourceRuntime(snapshot.runtime, graph.names[i] as string).state;
}

/**
 * OnlineClusterGroupEx: every resource that is not Online gets a step after the steps of the
 * providers it relies on. Any pending resource makes the call 5023 (the group is Pending; §4.3
 * "already Pending"). Persistent state of the group and every resource becomes online.
 * SYNCHRONOUS, BEST_POSSIBLE_NODE and IGNORE_AFFINITY_RULE are accepted and do not change the plan:
 * they are about how the caller waits and where the group is placed, not about the steps.
 */
export function planOnlineGroup(snapshot: Snapshot, command: OnlineGroupCommand, group: GroupConfig): PlanResult {
  const graph = groupGraph(snapshot.model, group);
  const count = graph.names.length;
  const states = new Array<ResourceState>(count);
  const stateOf = (i: number): ResourceState => states[i] as ResourceState;
  for (let i = 0; i < count; i++) {
    const state = resourceRuntime(snapshot.runtime, graph.names[i] as string).state;
    if (isPendingResourceState(state)) {
      return rejected(Win32.ERROR_INVALID_STATE, `resource '${graph.names[i] as string}' of group '${group.name}' is ${stateLabel(state)}; ${ONLINE_NEEDS}`);
    }
    states[i] = state;
  }

  const ignoreLocked = hasFlag(command.flags, GroupOnlineFlags.CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS);
  const selected: number[] = [];
  for (let i = 0; i < count; i++) {
    if (stateOf(i) === ResourceState.Online) continue;
    if (!ignoreLocked && resourceRuntime(snapshot.runtime, graph.names[i] as string).locked) {
      return rejected(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, lockedDetail(`resource '${graph.names[i] as string}'`));
    }
    selected.push(i);
  }

  const waitFor: (number[] | undefined)[] = new Array<number[] | undefined>(count);
  for (const d of selected) {
    let waits: number[] | undefined;
    for (const members of graph.providerSets[d] ?? []) {
      const choice = chooseProvider(stateOf, members);
      // Pending members were rejected above, so every choice here is a provider or satisfied.
      if ('provider' in choice) (waits ??= []).push(choice.provider);
    }
    if (waits) waitFor[d] = dedupe(waits);
  }
  const steps = buildSteps(graph, {
    selected,
    waitFor,
    actionOf: () => 'online',
    resDllFlags: ignoreLocked ? ResDllOnlineFlags.CLUS_RESDLL_ONLINE_IGNORE_RESOURCE_STATUS : 0,
    reason: null,
    destinationNode: null,
  });
  const persistent: PersistentStateChange[] = [{ target: 'group', name: group.name, state: PersistentState.Online }];
  for (const name of graph.names) persistent.push({ target: 'resource', name, state: PersistentState.Online });
  return { ok: true, plan: { code: steps.length > 0 ? 997 : 0, command, steps, immediate: [], persistent } };
}

function dedupe(values: number[]): number[] {
  if (values.length < 2) return values;
  return [...new Set(values)];
}

/**
 * OnlineClusterResourceEx: the target and, transitively, one provider per unsatisfied set. A
 * Failed provider is brought online rather than refused with 5942: 5942 ("failed to come online
 * due to the failure of one or more provider resources") describes an outcome, which the engine
 * reports if the provider's own online fails; refusing up front would make a Failed chain
 * impossible to recover from its top. Persistent state becomes online for the target and every
 * provider that gets a step, unless DO_NOT_UPDATE_PERSISTENT_STATE (0x2).
 */
export function planOnlineResource(snapshot: Snapshot, command: OnlineResourceCommand, resource: ResourceConfig, group: GroupConfig): PlanResult {
  const graph = groupGraph(snapshot.model, group);
  const target = graph.indexByKey.get(nameKey(resource.name));
  if (target === undefined) return rejected(Win32.ERROR_RESOURCE_NOT_FOUND, `resource '${resource.name}' is not listed in group '${group.name}'`);
  const stateOf = stateReader(snapshot, graph);
  const targetState = stateOf(target);
  if (isPendingResourceState(targetState)) {
    return rejected(Win32.ERROR_INVALID_STATE, `resource '${resource.name}' is ${stateLabel(targetState)}; ${ONLINE_NEEDS}`);
  }
  const ignoreLocked = hasFlag(command.flags, ResourceOnlineFlags.CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS);
  const keepPersistent = hasFlag(command.flags, ResourceOnlineFlags.CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE);
  const persistentFor = (names: readonly string[]): PersistentStateChange[] =>
    keepPersistent ? [] : names.map((name) => ({ target: 'resource', name, state: PersistentState.Online }));

  if (targetState === ResourceState.Online) {
    // MS-CMRP 3.1.4.2.18 step 2: persistent state set, already Online returns SUCCESS.
    return { ok: true, plan: { code: 0, command, steps: [], immediate: [], persistent: persistentFor([resource.name]) } };
  }

  const count = graph.names.length;
  const selectedFlag = new Uint8Array(count);
  const selected = [target];
  selectedFlag[target] = 1;
  const waitFor: (number[] | undefined)[] = new Array<number[] | undefined>(count);
  for (let head = 0; head < selected.length; head++) {
    const d = selected[head] as number;
    let waits: number[] | undefined;
    for (const members of graph.providerSets[d] ?? []) {
      const choice = chooseProvider(stateOf, members);
      if ('satisfied' in choice) continue;
      if ('blockedBy' in choice) {
        const name = graph.names[choice.blockedBy] as string;
        return rejected(Win32.ERROR_INVALID_STATE, `provider '${name}' of '${graph.names[d] as string}' is ${stateLabel(stateOf(choice.blockedBy))}; ${ONLINE_NEEDS}`);
      }
      (waits ??= []).push(choice.provider);
      if (selectedFlag[choice.provider] === 0) {
        selectedFlag[choice.provider] = 1;
        selected.push(choice.provider);
      }
    }
    if (waits) waitFor[d] = dedupe(waits);
  }

  // MS-CMRP 3.1.4.2.18 step 5 and §6.4: the target or a provider it brings online being locked is 5960.
  if (!ignoreLocked) {
    for (const i of selected) {
      if (resourceRuntime(snapshot.runtime, graph.names[i] as string).locked) {
        return rejected(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, lockedDetail(i === target ? `resource '${resource.name}'` : `provider '${graph.names[i] as string}' of '${resource.name}'`));
      }
    }
  }
  const steps = buildSteps(graph, {
    selected,
    waitFor,
    actionOf: () => 'online',
    resDllFlags: ignoreLocked ? ResDllOnlineFlags.CLUS_RESDLL_ONLINE_IGNORE_RESOURCE_STATUS : 0,
    reason: null,
    destinationNode: null,
  });
  return { ok: true, plan: { code: 997, command, steps, immediate: [], persistent: persistentFor(steps.map((s) => s.resource)) } };
}
