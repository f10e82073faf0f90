/**
 * One group: its state, owner and intended state, its resources as a graph and as a list (with
 * locked and failed resources marked with the reason), and the offline / online buttons for the
 * group and each resource -- disabled, with the reason said, for a Read principal.
 */
import type { GroupView, ResourceView } from '../api/contract.js';
import type { Progress } from '../api/live-store.js';
import type { Action, TargetKind } from '../model/call-flags.js';
import { DependencyGraph } from './dependency-graph.js';
import { stateLabel, stateTone } from './format.js';
import { Link } from './router.js';

export interface ActPermission {
  readonly allowed: boolean;
  /** Id of the element that says why actions are disabled. */
  readonly explanationId: string;
}

export type OpenAction = (kind: TargetKind, name: string, action: Action) => void;

function ActionButtons(props: { kind: TargetKind; name: string; permission: ActPermission; onAct: OpenAction }) {
  const { kind, name, permission, onAct } = props;
  const describedBy = permission.allowed ? undefined : permission.explanationId;
  return (
    <span class="actions">
      <button type="button" disabled={!permission.allowed} aria-describedby={describedBy} onClick={() => onAct(kind, name, 'offline')} aria-label={`Offline ${kind} ${name}…`}>
        Offline…
      </button>
      <button type="button" disabled={!permission.allowed} aria-describedby={describedBy} onClick={() => onAct(kind, name, 'online')} aria-label={`Online ${kind} ${name}…`}>
        Online…
      </button>
    </span>
  );
}

function StateBadge(props: { stateName: string }) {
  return <span class={`badge tone-${stateTone(props.stateName)}`}>{stateLabel(props.stateName)}</span>;
}

function ResourceRow(props: { resource: ResourceView; lockReason: number | undefined; progress: Progress | undefined; permission: ActPermission; onAct: OpenAction }) {
  const r = props.resource;
  return (
    <li class="resource-row" data-resource={r.name}>
      <div class="resource-main">
        <strong>{r.name}</strong> <span class="muted">{r.type}</span> <StateBadge stateName={r.stateName} />
        {r.persistentState === 1 ? null : <span class="muted"> · intended offline</span>}
        {r.operation ? (
          <>
            {' '}
            · <Link href={`/operations/${r.operation}`}>{r.operation}</Link>
          </>
        ) : null}
      </div>
      {r.locked ? (
        <p class="mark mark-locked" data-mark="locked">
          Locked{props.lockReason !== undefined ? ` (reason ${props.lockReason})` : ''}: taking it offline is refused with 5960 unless Ignore locked is ticked.
        </p>
      ) : null}
      {r.failureReason ? (
        <p class="mark mark-failed" data-mark="failed">
          Failed: {r.failureReason}
        </p>
      ) : null}
      {props.progress?.note ? <p class="muted">Progress: {props.progress.note}</p> : null}
      <ActionButtons kind="resource" name={r.name} permission={props.permission} onAct={props.onAct} />
    </li>
  );
}

export function GroupCard(props: { group: GroupView; lockReasons: (resource: string) => number | undefined; progress: ReadonlyMap<string, Progress>; permission: ActPermission; onAct: OpenAction }) {
  const g = props.group;
  const headingId = `group-${g.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <article class="group-card" aria-labelledby={headingId} data-group={g.name} data-state={stateLabel(g.stateName)}>
      <header class="group-head">
        <h3 id={headingId}>{g.name}</h3>
        <StateBadge stateName={g.stateName} />
        {g.locked ? <span class="badge tone-locked">Locked</span> : null}
        {g.moving ? <span class="badge tone-pending">Moving</span> : null}
        <span class="muted">
          owner {g.owner ?? '—'} · intended {g.persistentState === 1 ? 'online' : 'offline'}
        </span>
        <ActionButtons kind="group" name={g.name} permission={props.permission} onAct={props.onAct} />
      </header>
      <div class="group-body">
        <div class="graph-wrap">
          <DependencyGraph group={g.name} resources={g.resources} />
        </div>
        <ul class="resource-list" aria-label={`Resources of ${g.name}`}>
          {g.resources.map((r) => (
            <ResourceRow key={r.name} resource={r} lockReason={props.lockReasons(r.name)} progress={props.progress.get(r.name.toLowerCase())} permission={props.permission} onAct={props.onAct} />
          ))}
        </ul>
      </div>
    </article>
  );
}
