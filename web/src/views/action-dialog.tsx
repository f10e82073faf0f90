/**
 * Offline / online of a group or resource: every flag of the call, the reason (offline), the
 * instructions, and the plan from a dry run that re-runs whenever the form changes, before the
 * operator confirms. An accepted command opens its timeline; a refused one stays in the dialog
 * with its code, name and what to do.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandAnswer, CommandBody } from '../api/contract.js';
import { ApiFailure, segment, type ApiClient } from '../api/http.js';
import { isAccepted } from '../model/advice.js';
import { callName, flagChoices, REASON_CHOICES, type Action, type TargetKind } from '../model/call-flags.js';
import { instructionsToJson, type InstructionRow } from '../model/instructions.js';
import { InstructionEditor } from './instruction-editor.js';
import { ModalDialog } from './modal-dialog.js';
import { PlanPreview } from './plan-preview.js';
import { Rejection } from './rejection.js';

export interface ActionTarget {
  readonly kind: TargetKind;
  readonly name: string;
  readonly action: Action;
}

/** The dry run waits for typing to pause, so a plan is not asked for on every keystroke. */
const PLAN_DEBOUNCE_MS = 250;

function failureAnswer(error: unknown): CommandAnswer {
  const body = error instanceof ApiFailure ? error.body : { code: 1359, name: 'ERROR_INTERNAL_ERROR', message: String(error) };
  return { ...body, operation: null };
}

export function ActionDialog(props: { client: ApiClient; target: ActionTarget; onClose: () => void; onAccepted: (operation: string) => void }) {
  const { client, target } = props;
  const choices = flagChoices(target.kind, target.action);
  const [flags, setFlags] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [rows, setRows] = useState<InstructionRow[]>([]);
  const [plan, setPlan] = useState<CommandAnswer | null>(null);
  const [planning, setPlanning] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<CommandAnswer | null>(null);
  const planRequest = useRef(0);

  const instructions = instructionsToJson(rows);
  const path = `/v1/${target.kind === 'group' ? 'groups' : 'resources'}/${segment(target.name)}/${target.action}`;
  const body: CommandBody = {
    ...(flags.size > 0 ? { flags: [...flags] } : {}),
    ...(target.action === 'offline' && reason !== '' ? { reason } : {}),
    ...(instructions.json !== null ? { properties: instructions.json } : {}),
  };
  const bodyKey = JSON.stringify(body);
  const formOk = instructions.problems.size === 0;

  useEffect(() => {
    if (!formOk) return undefined;
    const id = ++planRequest.current;
    setPlanning(true);
    const timer = window.setTimeout(() => {
      // Never rejects: a failure becomes an answer (failureAnswer), shown like a refusal.
      void client
        .command<CommandAnswer>(path, { ...body, plan: true })
        .then((answer) => answer.body, failureAnswer)
        .then((answer) => {
          if (id !== planRequest.current) return;
          setPlan(answer);
          setPlanning(false);
        });
    }, PLAN_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [bodyKey, formOk]);

  const toggle = (name: string, on: boolean): void => {
    const next = new Set(flags);
    if (on) next.add(name);
    else next.delete(name);
    setFlags(next);
    setResult(null);
  };

  const confirm = async (): Promise<void> => {
    setSubmitting(true);
    const answer = await client.command<CommandAnswer>(path, body).then((a) => a.body, failureAnswer);
    setSubmitting(false);
    setResult(answer);
    if (answer.code === 997 && answer.operation !== null) props.onAccepted(answer.operation);
  };

  const verb = target.action === 'offline' ? 'Take offline' : 'Bring online';
  const planRefused = plan !== null && !isAccepted(plan.code);
  const blocked = !formOk || planning || planRefused || submitting;
  const title = `${verb}: ${target.kind} ${target.name}`;
  return (
    <ModalDialog title={title} titleId="action-title" onClose={props.onClose}>
      <form
        class="action-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!blocked) void confirm();
        }}
      >
        <p class="muted">
          Calls <code>{callName(target.kind, target.action)}</code> through <code>POST {path}</code>.
        </p>
        <fieldset class="flags">
          <legend>Flags</legend>
          {choices.map((choice, index) => (
            <label class="check" key={choice.name}>
              <input type="checkbox" name={choice.name} checked={flags.has(choice.name)} data-autofocus={index === 0 ? true : undefined} onChange={(e) => toggle(choice.name, e.currentTarget.checked)} />
              <span>
                {choice.label} <code class="flag-value">0x{choice.value.toString(16)}</code>
                <small>{choice.help}</small>
              </span>
            </label>
          ))}
        </fieldset>
        {target.action === 'offline' ? (
          <label class="field">
            <span>Reason</span>
            <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              <option value="">default (user requested)</option>
              {REASON_CHOICES.map((choice) => (
                <option value={choice.word} key={choice.word}>
                  {choice.word} (0x{choice.value.toString(16)})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <InstructionEditor rows={rows} problems={instructions.problems} onChange={(next) => { setRows(next); setResult(null); }} />
        {instructions.json !== null ? (
          <details>
            <summary>Instructions as sent (JSON form)</summary>
            <pre class="json">{JSON.stringify(instructions.json, null, 2)}</pre>
          </details>
        ) : null}
        {formOk ? <PlanPreview plan={plan?.plan ?? null} pending={planning} answer={plan} /> : <p class="muted">Fix the instructions to see the plan.</p>}
        {result !== null && result.code === 0 ? (
          <p class="notice" role="status">
            Nothing to do (0 ERROR_SUCCESS){result.operation ? `, recorded as ${result.operation}` : ''}.
          </p>
        ) : null}
        {result !== null && !isAccepted(result.code) ? <Rejection code={result.code} name={result.name} message={result.message} issues={result.issues} /> : null}
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={blocked} aria-describedby={planRefused ? 'plan-title' : undefined}>
            {submitting ? 'Sending…' : `${verb}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
