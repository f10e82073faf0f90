/**
 * The operation log (GET /v1/operations, newest first) with the API's filters: principal, object,
 * kind and outcome. The filters live in the URL (?principal=...), so a filtered view can be linked;
 * the list is read again when they change and when an operation starts or ends (an event, not a
 * timer).
 */
import { useEffect, useState } from 'preact/hooks';
import type { OperationView } from '../api/contract.js';
import { ApiFailure } from '../api/http.js';
import type { LiveStore } from '../api/live-store.js';
import { clockTime, duration } from './format.js';
import { Rejection } from './rejection.js';
import { Link, navigate } from './router.js';
import { useLive } from './use-live.js';

const KINDS = ['offline-group', 'offline-resource', 'online-group', 'online-resource', 'apply-config', 'create-token', 'revoke-token'] as const;
const OUTCOMES = ['running', 'succeeded', 'failed', 'rejected', 'interrupted', 'nothing-to-do'] as const;
const FILTERS = ['principal', 'target', 'kind', 'outcome'] as const;

export function HistoryPage(props: { store: LiveStore; query: string }) {
  const snapshot = useLive(props.store);
  const params = new URLSearchParams(props.query);
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>);
  const [rows, setRows] = useState<OperationView[] | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const apiQuery = new URLSearchParams([['limit', '200'], ...FILTERS.filter((f) => (params.get(f) ?? '') !== '').map((f): [string, string] => [f, params.get(f) ?? ''])]).toString();
  useEffect(() => {
    let current = true;
    props.store.client
      .get<OperationView[]>(`/v1/operations?${apiQuery}`)
      .then((list) => {
        if (current) {
          setRows(list);
          setFailure(null);
        }
      })
      .catch((error: unknown) => current && setFailure(error instanceof ApiFailure ? error : null));
    return () => {
      current = false;
    };
  }, [apiQuery, snapshot.operationEpoch]);

  const apply = (event: Event): void => {
    event.preventDefault();
    const next = new URLSearchParams(FILTERS.filter((f) => draft[f].trim() !== '').map((f): [string, string] => [f, draft[f].trim()])).toString();
    navigate(`/operations${next ? `?${next}` : ''}`);
  };
  const field = (name: (typeof FILTERS)[number]) => ({ value: draft[name], onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }) });

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Operation log</h2>
      <form class="filters" onSubmit={apply} aria-label="Filter the operation log">
        <label>
          <span>Principal</span>
          <input type="text" name="principal" placeholder="exact, e.g. admin" {...field('principal')} />
        </label>
        <label>
          <span>Object</span>
          <input type="text" name="target" placeholder="group or resource" {...field('target')} />
        </label>
        <label>
          <span>Kind</span>
          <select name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value })}>
            <option value="">any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Outcome</span>
          <select name="outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value })}>
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Filter
        </button>
      </form>
      {failure ? <Rejection code={failure.body.code} name={failure.body.name} message={failure.body.message} issues={failure.body.issues} /> : null}
      {rows === null ? <p aria-busy="true">Reading the log…</p> : null}
      {rows !== null && rows.length === 0 ? <p class="muted">No operation matches.</p> : null}
      {rows !== null && rows.length > 0 ? (
        <div class="table-wrap">
          <table class="log">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Submitted</th>
                <th scope="col">Kind</th>
                <th scope="col">Object</th>
                <th scope="col">Principal</th>
                <th scope="col">Outcome</th>
                <th scope="col">Answer</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((op) => (
                <tr key={op.id} data-operation={op.id}>
                  <td>
                    <Link href={`/operations/${op.id}`}>{op.id}</Link>
                  </td>
                  <td>{clockTime(op.submitted)}</td>
                  <td>{op.kind}</td>
                  <td>{op.target}</td>
                  <td>
                    {op.actor} <span class="muted">{op.client}</span>
                  </td>
                  <td class={`outcome-${op.outcome}`}>{op.outcome}</td>
                  <td>
                    {op.code} <code>{op.codeName}</code>
                  </td>
                  <td>{op.ended !== null ? duration(op.ended - op.submitted) : '…'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
