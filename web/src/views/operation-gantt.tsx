/**
 * An operation's steps as a live Gantt chart: one row per step, a bar from its start to its end
 * (growing while it runs), on a time axis from the operation's admission. Below the chart: what the
 * operation waits on right now and why -- the running steps, with the PendingTimeout left (from the
 * newest resource-progress report, else from the step's start), and the waiting steps with the
 * `after` steps they wait for. Times come from the record and the step events; nothing is polled,
 * the clock only redraws.
 */
import type { OperationView, StepView } from '../api/contract.js';
import type { Progress } from '../api/live-store.js';
import { duration } from './format.js';
import { useNow } from './use-live.js';

/** WSFC's default PendingTimeout (3 min), for a resource the view does not know. */
const DEFAULT_PENDING_TIMEOUT_MS = 180_000;

export interface GanttContext {
  readonly progress: ReadonlyMap<string, Progress>;
  /** The resource's PendingTimeout (its common properties), by lower-case name. */
  readonly pendingTimeoutOf: (resource: string) => number | undefined;
  readonly skewMs: number | null;
}

function stepLabel(step: StepView): string {
  return `#${step.id + 1} ${step.action} ${step.resource}`;
}

/** ms of PendingTimeout left for a running step, and the whole timeout it counts down from. */
export function pendingTimeoutLeft(step: StepView, operation: string, context: GanttContext, localNow: number, serverNow: number): { left: number; of: number; fromProgress: boolean } {
  const of = context.pendingTimeoutOf(step.resource.toLowerCase()) ?? DEFAULT_PENDING_TIMEOUT_MS;
  const report = context.progress.get(step.resource.toLowerCase());
  if (report && (report.operation === null || report.operation === operation)) return { left: report.pendingTimeoutMs - (localNow - report.receivedAt), of, fromProgress: true };
  return { left: of - (serverNow - (step.start ?? serverNow)), of, fromProgress: false };
}

function WaitingOn(props: { operation: OperationView; context: GanttContext; localNow: number; serverNow: number }) {
  const { operation, context, localNow, serverNow } = props;
  const byId = new Map(operation.steps.map((s) => [s.id, s]));
  const running = operation.steps.filter((s) => s.status === 'running');
  const waiting = operation.steps.filter((s) => s.status === 'waiting');
  if (operation.outcome !== 'running') return null;
  if (operation.steps.length === 0) return <p class="muted">Reading the operation's plan…</p>;
  return (
    <div class="waiting-on" aria-live="polite">
      <h4>Waiting on</h4>
      <ul>
        {running.map((step) => {
          const timeout = pendingTimeoutLeft(step, operation.id, context, localNow, serverNow);
          const left = Math.max(0, timeout.left);
          return (
            <li key={step.id} data-step={step.id} class="running-step">
              <strong>{stepLabel(step)}</strong>: running for {duration(serverNow - (step.start ?? serverNow))}; PendingTimeout left{' '}
              <strong class="countdown" data-ms={Math.round(left)}>
                {duration(left)}
              </strong>{' '}
              of {duration(timeout.of)} {timeout.fromProgress ? '(restarted by the last progress report)' : '(since the step started)'}
              <meter min={0} max={timeout.of} value={left} aria-label={`PendingTimeout left for ${step.resource}`} />
            </li>
          );
        })}
        {waiting.map((step) => (
          <li key={step.id} data-step={step.id} class="waiting-step">
            <strong>{stepLabel(step)}</strong> waits for{' '}
            {step.after
              .map((id) => byId.get(id))
              .filter((s): s is StepView => s !== undefined && s.status !== 'succeeded' && s.status !== 'skipped')
              .map((s) => `#${s.id + 1} ${s.resource} (${s.status})`)
              .join(', ') || 'its turn'}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function OperationGantt(props: { operation: OperationView; context: GanttContext }) {
  const { operation, context } = props;
  const live = operation.outcome === 'running';
  const localNow = useNow(live);
  const serverNow = localNow + (context.skewMs ?? 0);
  const origin = operation.submitted;
  const last = Math.max(operation.ended ?? serverNow, ...operation.steps.map((s) => s.end ?? (s.start !== null ? serverNow : origin)));
  const span = Math.max(1, last - origin);
  const pct = (t: number): string => `${(((t - origin) / span) * 100).toFixed(3)}%`;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div class="gantt" data-operation={operation.id} data-outcome={operation.outcome}>
      <ol class="gantt-rows" aria-label={`Steps of ${operation.id}`}>
        {operation.steps.map((step) => {
          const end = step.end ?? serverNow;
          const took = step.start === null ? null : end - step.start;
          return (
            <li key={step.id} class={`gantt-row status-${step.status}`} data-step={step.id} data-status={step.status}>
              <span class="gantt-label">
                <span class="step-id">#{step.id + 1}</span> <span class={`action action-${step.action}`}>{step.action}</span> {step.resource}
              </span>
              <span class="gantt-track" aria-hidden="true">
                {step.start !== null ? <span class="gantt-bar" style={{ left: pct(step.start), width: `max(3px, ${pct(origin + (end - step.start))})` }} /> : null}
              </span>
              <span class="gantt-status">
                {step.status}
                {took !== null ? ` · ${duration(took)}` : ''}
                {step.status === 'waiting' && step.after.length > 0 ? ` · after ${step.after.map((id) => `#${id + 1}`).join(', ')}` : ''}
                {step.detail ? ` · ${step.detail}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <div class="gantt-axis" aria-hidden="true">
        <span class="gantt-label" />
        <span class="gantt-track">
          {ticks.map((t) => (
            <span key={t} class="tick" style={{ left: `${t * 100}%` }}>
              {duration(t * span)}
            </span>
          ))}
        </span>
        <span class="gantt-status" />
      </div>
      <WaitingOn operation={operation} context={context} localNow={localNow} serverNow={serverNow} />
    </div>
  );
}
