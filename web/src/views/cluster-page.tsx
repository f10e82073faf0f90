/**
 * The cluster at a glance: nodes with their states, each group with its graph and resources, and
 * the newest operations with their live timelines. Everything here follows the event stream.
 */
import type { LiveStore } from '../api/live-store.js';
import { lockReasonOf } from '../model/cluster-events.js';
import { newestFirst } from '../model/operation-events.js';
import { GroupCard, type ActPermission, type OpenAction } from './group-card.js';
import { stateLabel, stateTone } from './format.js';
import { OperationGantt } from './operation-gantt.js';
import { ganttContextOf } from './operation-page.js';
import { Link } from './router.js';
import { useLive } from './use-live.js';

/** Timelines shown on the cluster page; the log has the rest. */
const RECENT_TIMELINES = 3;

export function ClusterPage(props: { store: LiveStore; permission: ActPermission; onAct: OpenAction }) {
  const snapshot = useLive(props.store);
  const live = snapshot.cluster;
  if (!live) return <p aria-busy="true">Reading the cluster…</p>;
  const view = live.view;
  const recent = newestFirst(snapshot.operations).filter((op) => op.outcome !== 'rejected').slice(0, RECENT_TIMELINES);
  const context = ganttContextOf(props.store);
  return (
    <div class="cluster-page">
      <section aria-labelledby="nodes-title" class="nodes">
        <h2 id="nodes-title">Nodes</h2>
        <ul class="node-list">
          {view.nodes.map((node) => (
            <li key={node.name} data-node={node.name}>
              <strong>{node.name}</strong> <span class={`badge tone-${stateTone(node.stateName)}`}>{stateLabel(node.stateName)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="groups-title">
        <h2 id="groups-title">Groups</h2>
        {view.groups.map((group) => (
          <GroupCard key={group.name} group={group} lockReasons={(name) => lockReasonOf(live, name)} progress={snapshot.progress} permission={props.permission} onAct={props.onAct} />
        ))}
      </section>
      <section aria-labelledby="recent-title" class="recent">
        <h2 id="recent-title">Recent operations</h2>
        {recent.length === 0 ? <p class="muted">No operations yet.</p> : null}
        {recent.map((op) => (
          <article key={op.id} class="recent-op" aria-label={`Operation ${op.id}`}>
            <h3>
              <Link href={`/operations/${op.id}`}>{op.id}</Link> <span class="muted">{op.kind}</span> {op.target} <span class={`outcome outcome-${op.outcome}`}>{op.outcome}</span>
            </h3>
            <OperationGantt operation={op} context={context} />
          </article>
        ))}
        <p>
          <Link href="/operations">The whole operation log →</Link>
        </p>
      </section>
    </div>
  );
}
