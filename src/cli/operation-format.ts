/**
 * Operations as text: the `op list` table and the `op show` record with its timeline. Step
 * numbers are printed as in the plan format (#1 is step id 0), so a plan printed with --plan and
 * the timeline of the operation that ran it line up; offsets are from the operation's submission.
 */
import { describeCode } from '../core/errors.js';
import { describeFlags, reasonLabel } from '../core/planner/names.js';
import type { FlagFamilyName } from '../core/flags.js';
import { COMMAND_FLAG_FAMILY } from '../core/planner/plan-input.js';
import type { OperationKindName, OperationView, StepView } from '../client/index.js';
import { duration, offset, table, timestamp } from './text-format.js';

/** The flag family of each kind that has a flags word; audited changes (configuration, tokens) have none. */
const FLAG_FAMILY: Partial<Record<OperationKindName, FlagFamilyName>> = { ...COMMAND_FLAG_FAMILY, 'pause-node': 'nodePause' };

export function formatOperationList(operations: readonly OperationView[]): string {
  if (operations.length === 0) return 'No operations.';
  const rows = operations.map((op) => [
    op.id,
    timestamp(op.submitted),
    op.kind,
    op.target,
    op.actor,
    describeCode(op.code),
    op.outcome,
    op.ended === null ? '-' : duration(op.ended - op.submitted),
  ]);
  return table(['ID', 'SUBMITTED', 'KIND', 'TARGET', 'ACTOR', 'ANSWER', 'OUTCOME', 'DURATION'], rows);
}

export function formatOperation(op: OperationView): string {
  const lines = [`Operation ${op.id}: ${op.kind} ${op.target}`];
  const fields: Array<[string, string]> = [['actor', `${op.actor} (via ${op.client})`]];
  const family = FLAG_FAMILY[op.kind];
  if (family !== undefined) fields.push(['flags', describeFlags(family, op.flags)]);
  if (op.reason !== null) fields.push(['reason', reasonLabel(op.reason)]);
  if (op.destinationNode !== null) fields.push(['destination', op.destinationNode]);
  if (op.input !== null) fields.push(['input', inputText(op.input)]);
  fields.push(['answer', `${describeCode(op.code)}${op.detail ? `: ${op.detail}` : ''}`]);
  if (op.cause !== null) fields.push(['cause', op.cause]);
  fields.push(['submitted', timestamp(op.submitted)]);
  fields.push(['outcome', op.ended === null ? op.outcome : `${op.outcome} after ${duration(op.ended - op.submitted)}`]);
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [key, value] of fields) lines.push(`  ${key.padEnd(width)}  ${value}`);
  lines.push('', 'Timeline:');
  if (op.steps.length === 0) {
    lines.push('  (no steps)');
    return lines.join('\n');
  }
  const rows = op.steps.map((s) => stepRow(op, s));
  lines.push(...table(['STEP', 'ACTION', 'RESOURCE', 'START', 'DURATION', 'STATUS', 'WAITS FOR', 'DETAIL'], rows).split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

function stepRow(op: OperationView, s: StepView): string[] {
  const start = s.start === null ? '-' : offset(s.start - op.submitted);
  const took = s.start === null ? '-' : s.end === null ? 'running' : duration(s.end - s.start);
  // A step's detail usually names its code already ("online failed: 5038 ..."); say it once.
  const code = s.code !== null && s.code !== 0 && !(s.detail ?? '').includes(describeCode(s.code)) ? describeCode(s.code) : '';
  const detail = [s.exec !== null && s.exec !== 'done' ? s.exec : '', code, s.detail ?? ''].filter((x) => x !== '').join(': ');
  return [`#${s.id + 1}`, s.action, s.resource, start, took, s.status, s.after.length === 0 ? '-' : s.after.map((a) => `#${a + 1}`).join(' '), detail];
}

function inputText(input: NonNullable<OperationView['input']>): string {
  const bytes = Buffer.from(input.base64, 'base64').length;
  const json = input.json === null ? 'malformed property list' : JSON.stringify(input.json);
  return `${json} (${bytes} bytes)`;
}
