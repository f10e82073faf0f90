/**
 * The planner: `plan(snapshot, command) -> PlanResult`, pure. Admission runs in the fixed order of
 * ARCHITECTURE.md "Operations": access (5) -> object (5013/5007) -> flags (87) and input buffer
 * (13) -> state (5908, then 5023) -> locked (5960). A move puts its destination checks (5042, 5015,
 * 5005, 70) between the input buffer and 5908 (move.ts). The first failing check is the answer and a
 * rejection carries no effects. An admitted command becomes a Plan: steps in dependency order plus
 * the state changes made at admission (docs/planner.md has every rule and decision).
 */
import type { Command } from '../commands.js';
import { Win32 } from '../errors.js';
import type { Snapshot } from '../model.js';
import type { PlanResult } from '../plan.js';
import { checkAccess, checkNotMoving, checkParameters, rejected, resolveTarget } from './admission.js';
import { planCancelGroup, planMoveGroup } from './move.js';
import { planOfflineGroup, planOfflineResource } from './offline.js';
import { planOnlineGroup, planOnlineResource } from './online.js';

export function plan(snapshot: Snapshot, command: Command): PlanResult {
  const denied = checkAccess(command);
  if (denied) return { ok: false, rejection: denied };

  const target = resolveTarget(snapshot.model, command);
  if ('code' in target) return { ok: false, rejection: target };

  const badParameters = checkParameters(command);
  if (badParameters) return { ok: false, rejection: badParameters };

  // Move checks its destination before 5908, and cancel needs the move that the others conflict with.
  if (command.kind === 'move-group') return planMoveGroup(snapshot, command, target.group);
  if (command.kind === 'cancel-group') return planCancelGroup(snapshot, command, target.group);

  const moving = checkNotMoving(snapshot.runtime, target.group, command);
  if (moving) return { ok: false, rejection: moving };

  switch (command.kind) {
    case 'offline-group':
      return planOfflineGroup(snapshot, command, target.group);
    case 'online-group':
      return planOnlineGroup(snapshot, command, target.group);
    case 'offline-resource':
      return target.resource ? planOfflineResource(snapshot, command, target.resource, target.group) : missing(command.resource);
    case 'online-resource':
      return target.resource ? planOnlineResource(snapshot, command, target.resource, target.group) : missing(command.resource);
  }
}

function missing(name: string): PlanResult {
  return rejected(Win32.ERROR_RESOURCE_NOT_FOUND, `no resource named '${name}'`);
}

export { formatPlan, formatPlanResult, formatRejection, formatCommand } from './format.js';
export { groupGraph, type GroupGraph } from './graph.js';
