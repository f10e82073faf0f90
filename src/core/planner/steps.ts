/**
 * Turning a chosen set of resources and their wait edges into PlanSteps: ids are positions in a
 * topological order, so every `after` id is smaller than the step's own id and a reader (or the
 * graph runner) can walk the list front to back.
 */
import type { OfflineReason } from '../flags.js';
import type { PlanStep, StepAction } from '../plan.js';
import type { GroupGraph } from './graph.js';
import { topologicalOrder } from './graph.js';

export interface StepSpec {
  /** Resource indexes that get a step. */
  readonly selected: readonly number[];
  /** For each selected index, the selected indexes whose steps must end first. */
  readonly waitFor: readonly (readonly number[] | undefined)[];
  readonly actionOf: (index: number) => StepAction;
  readonly resDllFlags: number;
  readonly reason: OfflineReason | null;
  readonly destinationNode: string | null;
}

export function buildSteps(graph: GroupGraph, spec: StepSpec): PlanStep[] {
  const order = topologicalOrder(graph.names.length, spec.selected, spec.waitFor);
  const stepIdOf = new Int32Array(graph.names.length);
  const steps: PlanStep[] = new Array<PlanStep>(order.length);
  for (let id = 0; id < order.length; id++) {
    const index = order[id] as number;
    stepIdOf[index] = id;
    const waits = spec.waitFor[index] ?? [];
    const after = new Array<number>(waits.length);
    for (let k = 0; k < waits.length; k++) after[k] = stepIdOf[waits[k] as number] as number;
    // Ascending ids read best ("after: #1 #2") and keep the output independent of edge order.
    if (after.length > 1) after.sort((a, b) => a - b);
    steps[id] = {
      id,
      action: spec.actionOf(index),
      resource: graph.names[index] as string,
      group: graph.group.name,
      after,
      resDllFlags: spec.resDllFlags,
      reason: spec.reason,
      destinationNode: spec.destinationNode,
    };
  }
  return steps;
}
