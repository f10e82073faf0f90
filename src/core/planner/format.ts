/**
 * The plan text format: what `wolfpack plan` prints and what golden scenarios compare. Written to
 * be read in a review: the command as received, the result code with its name, the changes made at
 * admission, the steps in topological order with what each waits for, and the persistent writes.
 * Deterministic: the same snapshot and command always print the same bytes.
 */
import type { Command } from '../commands.js';
import { describeCode } from '../errors.js';
import { OfflineReason } from '../flags.js';
import type { Plan, PlanResult, PlanStep, Rejection } from '../plan.js';
import { PersistentState } from '../states.js';
import { flagFamilyOf, targetName } from './admission.js';
import { describeFlags, reasonLabel, stateLabel } from './names.js';

/** "offline-group DemoGroup flags=0x1 (IGNORE_RESOURCE_STATUS) reason=USER_REQUESTED caller=admin(full)" */
export function formatCommand(command: Command): string {
  const parts = [command.kind, targetName(command), `flags=${describeFlags(flagFamilyOf(command), command.flags)}`];
  if (command.kind === 'offline-group' || command.kind === 'offline-resource') {
    parts.push(`reason=${reasonLabel(command.reason ?? OfflineReason.USER_REQUESTED)}`);
  }
  if (command.kind === 'offline-group' && command.destinationNode !== undefined) parts.push(`destination=${command.destinationNode}`);
  // '-': the caller named no node and placement chooses (the plan's `move:` line says which).
  if (command.kind === 'move-group') parts.push(`destination=${command.destinationNode ?? '-'}`);
  if (command.input) parts.push(`input=${command.input.bytes.length}B${command.input.valid ? '' : '(malformed)'}`);
  parts.push(`caller=${command.caller.principal}(${command.caller.access})`);
  return parts.join(' ');
}

function stepLabel(id: number): string {
  return `#${id + 1}`;
}

function stepFlags(step: PlanStep): string {
  return describeFlags(step.action === 'online' ? 'resDllOnline' : 'resDllOffline', step.resDllFlags);
}

function formatSteps(steps: readonly PlanStep[]): string[] {
  if (steps.length === 0) return ['steps: -'];
  const flagsText = steps.map(stepFlags);
  const idWidth = stepLabel(steps.length - 1).length;
  let actionWidth = 0;
  let nameWidth = 0;
  let flagsWidth = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PlanStep;
    actionWidth = Math.max(actionWidth, step.action.length);
    nameWidth = Math.max(nameWidth, step.resource.length);
    flagsWidth = Math.max(flagsWidth, (flagsText[i] as string).length);
  }
  const lines = ['steps:'];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PlanStep;
    let line = `  ${stepLabel(step.id).padEnd(idWidth)} ${step.action.padEnd(actionWidth)} ${step.resource.padEnd(nameWidth)} flags=${(flagsText[i] as string).padEnd(flagsWidth)}`;
    if (step.reason !== null) line += ` reason=${reasonLabel(step.reason)}`;
    if (step.destinationNode !== null) line += ` dest=${step.destinationNode}`;
    line += `  after: ${step.after.length === 0 ? '-' : step.after.map(stepLabel).join(' ')}`;
    lines.push(line);
  }
  return lines;
}

export function formatPlan(plan: Plan): string {
  const lines = [`command: ${formatCommand(plan.command)}`, `result: ${describeCode(plan.code)}`];
  if (plan.move) lines.push(`move: ${plan.move.from} -> ${plan.move.to}${plan.move.queued ? ' (queued until the lock clears)' : ''}`);
  if (plan.immediate.length === 0) lines.push('immediate: -');
  else {
    lines.push('immediate:');
    for (const change of plan.immediate) lines.push(`  ${change.resource}: ${stateLabel(change.from)} -> ${stateLabel(change.to)}`);
  }
  lines.push(...formatSteps(plan.steps));
  if (plan.persistent.length === 0) lines.push('persistent: -');
  else {
    lines.push('persistent:');
    for (const change of plan.persistent) {
      lines.push(`  ${change.target} ${change.name} -> ${change.state === PersistentState.Online ? 'online' : 'offline'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** With the command, the header line is printed too, exactly as for a plan. */
export function formatRejection(rejection: Rejection, command?: Command): string {
  const lines: string[] = [];
  if (command) lines.push(`command: ${formatCommand(command)}`);
  lines.push(`result: ${describeCode(rejection.code)}`, `detail: ${rejection.detail}`);
  return `${lines.join('\n')}\n`;
}

export function formatPlanResult(command: Command, result: PlanResult): string {
  return result.ok ? formatPlan(result.plan) : formatRejection(result.rejection, command);
}
