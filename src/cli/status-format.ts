/**
 * `wolfpack status` as text: the cluster and its nodes, then each group with its state and owner,
 * and its resources as a dependency tree. Dependents are at the top and their providers hang
 * below them ("App needs Db needs Disk"), which is also the order a group offline walks: what you
 * read first goes offline first. A provider shared by two dependents is drawn once in full; its
 * second appearance says "(see above)" instead of repeating the subtree.
 */
import { groupStateLabel, nodeStateName, resourceStateLabel } from '../core/states.js';
import type { ClusterView, GroupView, ResourceView } from '../client/index.js';

export function formatStatus(cluster: ClusterView): string {
  const lines: string[] = [];
  lines.push(`Cluster ${cluster.name} (configuration revision ${cluster.configRevision})`);
  const nodes = cluster.nodes.map((n) => `${n.name} ${nodeStateName(n.state).replace(/^ClusterNode(State)?/, '')}`);
  lines.push(`Nodes: ${nodes.length > 0 ? nodes.join(', ') : '-'}`);
  for (const group of cluster.groups) {
    lines.push('');
    lines.push(...formatGroup(group));
  }
  if (cluster.groups.length === 0) lines.push('', 'No groups.');
  return lines.join('\n');
}

export function formatGroup(group: GroupView): string[] {
  const marks = [group.owner === null ? 'no owner' : `on ${group.owner}`];
  if (group.persistentState === 1 && group.state !== 0) marks.push('intended Online');
  if (group.moving) marks.push('moving');
  const head = `Group ${group.name}: ${groupStateLabel(group.state)} (${marks.join(', ')})${group.locked ? ' [locked]' : ''}`;
  const rows = treeRows(group.resources);
  if (rows.length === 0) return [head, '  (no resources)'];
  const width = Math.max(...rows.map((r) => r.prefix.length + r.resource.name.length));
  const typeWidth = Math.max(...rows.map((r) => r.resource.type.length));
  return [head, ...rows.map((row) => resourceLine(row, width, typeWidth))];
}

interface TreeRow {
  readonly prefix: string;
  readonly resource: ResourceView;
  readonly repeated: boolean;
}

function resourceLine(row: TreeRow, width: number, typeWidth: number): string {
  const r = row.resource;
  const name = `${row.prefix}${r.name}`.padEnd(width);
  if (row.repeated) return `  ${name}  ${r.type.padEnd(typeWidth)}  (see above)`;
  let line = `  ${name}  ${r.type.padEnd(typeWidth)}  ${resourceStateLabel(r.state)}`;
  if (r.locked) line += ' [locked]';
  if (r.persistentState === 1 && r.state !== 2) line += ' (intended Online)';
  if (r.operation !== null) line += ` (operation ${r.operation})`;
  if (r.failureReason) line += `: ${r.failureReason}`;
  return line;
}

/** Roots are the resources nothing in the group depends on; children are a resource's providers. */
function treeRows(resources: readonly ResourceView[]): TreeRow[] {
  const byName = new Map(resources.map((r) => [r.name.toLowerCase(), r]));
  const dependedOn = new Set(resources.flatMap((r) => r.providers.map((p) => p.toLowerCase())));
  const roots = resources.filter((r) => !dependedOn.has(r.name.toLowerCase()));
  const drawn = new Set<string>();
  const rows: TreeRow[] = [];
  const visit = (resource: ResourceView, lead: string, branch: string, path: ReadonlySet<string>): void => {
    const key = resource.name.toLowerCase();
    const repeated = drawn.has(key) || path.has(key);
    rows.push({ prefix: `${lead}${branch}`, resource, repeated });
    if (repeated) return;
    drawn.add(key);
    const providers = resource.providers.map((p) => byName.get(p.toLowerCase())).filter((p): p is ResourceView => p !== undefined);
    const childLead = lead + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    const next = new Set(path).add(key);
    providers.forEach((p, i) => visit(p, childLead, i === providers.length - 1 ? '└─ ' : '├─ ', next));
  };
  for (const root of roots) visit(root, '', '', new Set());
  // A cycle has no root; configuration validation forbids cycles, but never hide a resource.
  for (const r of resources) if (!drawn.has(r.name.toLowerCase())) visit(r, '', '', new Set());
  return rows;
}
