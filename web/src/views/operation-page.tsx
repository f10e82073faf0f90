/**
 * One operation: who asked for what (kind, target, actor, surface, flags by name, reason,
 * instructions), its admission answer and outcome, and its live Gantt chart with every step's
 * exec result. Opened directly by URL, it reads the record once; the stream keeps it current.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../api/http.js';
import type { LiveStore } from '../api/live-store.js';
import { flagNames, offlineReasonName } from '../../../src/core/flags.js';
import { familyOfKind } from '../model/call-flags.js';
import { dateTime, duration } from './format.js';
import { OperationGantt, type GanttContext } from './operation-gantt.js';
import { Rejection } from './rejection.js';
import { Link } from './router.js';
import { useLive } from './use-live.js';

export function ganttContextOf(store: LiveStore): GanttContext {
  const snapshot = store.current;
  const timeouts = new Map<string, number>();
  for (const group of snapshot.cluster?.view.groups ?? []) for (const r of group.resources) if (r.common['PendingTimeout'] !== undefined) timeouts.set(r.name.toLowerCase(), r.common['PendingTimeout']);
  return { progress: snapshot.progress, pendingTimeoutOf: (name) => timeouts.get(name), skewMs: snapshot.skewMs };
}

export function OperationPage(props: { store: LiveStore; id: string }) {
  const snapshot = useLive(props.store);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const operation = snapshot.operations.get(props.id);
  const known = operation !== undefined && operation.codeName !== '';
  useEffect(() => {
    if (known) return;
    props.store.loadOperation(props.id).catch((error: unknown) => setFailure(error instanceof ApiFailure ? error : null));
  }, [props.id, known]);

  if (failure) return <Rejection code={failure.body.code} name={failure.body.name} message={failure.body.message} title={`Operation ${props.id}`} />;
  if (!operation) return <p aria-busy="true">Reading {props.id}…</p>;
  const family = familyOfKind(operation.kind);
  const flags = family ? flagNames(family, operation.flags) : [];
  const took = operation.ended !== null ? duration(operation.ended - operation.submitted) : null;
  return (
    <section class="operation-page" aria-labelledby="operation-title">
      <p>
        <Link href="/operations">← Operation log</Link>
      </p>
      <h2 id="operation-title">
        {operation.id}: {operation.kind} {operation.target}
      </h2>
      <p class={`outcome outcome-${operation.outcome}`} data-outcome={operation.outcome} role="status">
        {operation.outcome}
        {took !== null ? ` in ${took}` : ''}
      </p>
      <dl class="facts">
        <dt>Asked by</dt>
        <dd>
          {operation.actor} <span class="muted">via {operation.client || '…'}</span>
        </dd>
        <dt>Submitted</dt>
        <dd>{dateTime(operation.submitted)}</dd>
        <dt>Answer</dt>
        <dd>
          {operation.code} <code>{operation.codeName}</code>
          {operation.detail ? ` — ${operation.detail}` : ''}
        </dd>
        <dt>Flags</dt>
        <dd>
          0x{operation.flags.toString(16)} {flags.length > 0 ? <code>{flags.join(' | ')}</code> : <span class="muted">none</span>}
        </dd>
        {operation.reason !== null ? (
          <>
            <dt>Reason</dt>
            <dd>
              <code>{offlineReasonName(operation.reason)}</code>
            </dd>
          </>
        ) : null}
        {operation.cause ? (
          <>
            <dt>Cause</dt>
            <dd>{operation.cause}</dd>
          </>
        ) : null}
        <dt>Instructions</dt>
        <dd>{operation.input ? <pre class="json">{JSON.stringify(operation.input.json, null, 2)}</pre> : <span class="muted">none</span>}</dd>
      </dl>
      <h3>Timeline</h3>
      {operation.steps.length === 0 && operation.outcome !== 'running' ? <p class="muted">No steps: the operation was {operation.outcome === 'rejected' ? 'refused at admission' : 'a no-op'}.</p> : <OperationGantt operation={operation} context={ganttContextOf(props.store)} />}
      {operation.outcome === 'rejected' ? <Rejection code={operation.code} name={operation.codeName} message={operation.detail ?? undefined} /> : null}
    </section>
  );
}
