/**
 * A group's resources as an SVG dependency graph: each resource a box with its state, dependents
 * above the resources they depend on, an arrow from dependent to provider. Locked resources get a
 * lock band, failed ones a red outline; the reasons are in the list beside the graph (SVG text
 * cannot wrap), which is also what screen readers get: the drawing itself is one labelled image.
 */
import type { ResourceView } from '../api/contract.js';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../model/graph-layout.js';
import { stateLabel, stateTone } from './format.js';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function DependencyGraph(props: { group: string; resources: readonly ResourceView[] }) {
  const layout = layoutGraph(props.resources);
  const byName = new Map(props.resources.map((r) => [r.name, r]));
  const at = new Map(layout.nodes.map((n) => [n.name, n]));
  const summary = props.resources.map((r) => `${r.name} ${stateLabel(r.stateName)}${r.providers.length ? `, depends on ${r.providers.join(', ')}` : ''}`).join('; ');
  const markerId = `arrow-${props.group.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <svg class="graph" viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height} role="img" aria-label={`Dependency graph of ${props.group}: ${summary}`}>
      <defs>
        <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
        </marker>
      </defs>
      {layout.edges.map((edge) => {
        const from = at.get(edge.from);
        const to = at.get(edge.to);
        if (!from || !to) return null;
        const x1 = from.x + NODE_WIDTH / 2;
        const y1 = from.y + NODE_HEIGHT;
        const x2 = to.x + NODE_WIDTH / 2;
        const y2 = to.y;
        const bend = (y2 - y1) / 2;
        return <path key={`${edge.from}->${edge.to}`} class="edge" d={`M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`} marker-end={`url(#${markerId})`} />;
      })}
      {layout.nodes.map((node) => {
        const r = byName.get(node.name);
        if (!r) return null;
        const tone = stateTone(r.stateName);
        return (
          <g key={node.name} class={`node tone-${tone}${r.locked ? ' locked' : ''}`} transform={`translate(${node.x} ${node.y})`} data-resource={r.name} data-state={stateLabel(r.stateName)}>
            <title>{`${r.name} (${r.type}): ${stateLabel(r.stateName)}${r.locked ? ', locked' : ''}${r.failureReason ? `, failed: ${r.failureReason}` : ''}`}</title>
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx="6" class="node-box" />
            {r.locked ? <rect width={NODE_WIDTH} height="6" rx="3" class="lock-band" /> : null}
            <text x="10" y="20" class="node-name">
              {clip(r.name, 17)}
            </text>
            <text x="10" y="38" class="node-state">
              {stateLabel(r.stateName)}
              {r.locked ? ' · LOCKED' : ''}
            </text>
            <text x="10" y="54" class="node-type">
              {clip(r.type, 22)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
