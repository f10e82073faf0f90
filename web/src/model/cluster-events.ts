/**
 * The cluster as the page shows it: the ClusterView read once, then kept current by applying the
 * event stream to it (no polling). Pure: `applyClusterEvent(view, event)` returns the next view, or
 * `null` when the event names something the view does not know (a configuration change added it),
 * which tells the caller to read /v1/cluster again.
 *
 * Locked-mode reasons come with the view (ResourceView.lockedReason) and then with
 * resource-locked events, which are kept beside it.
 */
import type { ClusterView, GroupView, ResourceView, StreamEvent } from '../api/contract.js';
import { groupStateName, resourceStateName, ResourceState } from '../../../src/core/states.js';

export interface LiveCluster {
  readonly view: ClusterView;
  /** Locked-mode reasons from resource-locked events, by resource name. */
  readonly lockReasons: ReadonlyMap<string, number>;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function mapResource(view: ClusterView, name: string, change: (r: ResourceView) => ResourceView): ClusterView | null {
  let found = false;
  const groups = view.groups.map((group): GroupView => {
    if (!group.resources.some((r) => sameName(r.name, name))) return group;
    found = true;
    const resources = group.resources.map((r) => (sameName(r.name, name) ? change(r) : r));
    return { ...group, resources, locked: resources.some((r) => r.locked) };
  });
  return found ? { ...view, groups } : null;
}

function mapGroup(view: ClusterView, name: string, change: (g: GroupView) => GroupView): ClusterView | null {
  if (!view.groups.some((g) => sameName(g.name, name))) return null;
  return { ...view, groups: view.groups.map((g) => (sameName(g.name, name) ? change(g) : g)) };
}

/** The next view, or null: re-read the cluster (unknown object, or a reset of the stream). */
export function applyClusterEvent(live: LiveCluster, event: StreamEvent): LiveCluster | null {
  const view = live.view;
  const next = (v: ClusterView | null): LiveCluster | null => (v === null ? null : { ...live, view: { ...v, lastEventId: event.seq } });
  switch (event.type) {
    case 'resource-state':
      return next(
        mapResource(view, event.resource, (r) => ({
          ...r,
          state: event.state,
          stateName: resourceStateName(event.state),
          operation: event.operation,
          // The engine clears the failure reason on leaving Failed and sends it on entering it.
          failureReason: event.state === ResourceState.Failed ? (event.detail ?? r.failureReason ?? 'failed') : null,
        })),
      );
    case 'group-state':
      return next(mapGroup(view, event.group, (g) => ({ ...g, state: event.state, stateName: groupStateName(event.state) })));
    case 'resource-locked': {
      const updated = next(mapResource(view, event.resource, (r) => ({ ...r, locked: event.locked })));
      if (updated === null) return null;
      const lockReasons = new Map(live.lockReasons);
      if (event.locked) lockReasons.set(event.resource.toLowerCase(), event.reason);
      else lockReasons.delete(event.resource.toLowerCase());
      return { ...updated, lockReasons };
    }
    case 'persistent-state':
      return next(
        event.target === 'group'
          ? mapGroup(view, event.name, (g) => ({ ...g, persistentState: event.state }))
          : mapResource(view, event.name, (r) => ({ ...r, persistentState: event.state })),
      );
    case 'operation-ended':
      // A finished operation no longer owns its resources (their last resource-state may predate the end).
      return {
        ...live,
        view: {
          ...view,
          lastEventId: event.seq,
          groups: view.groups.map((g) => (g.resources.some((r) => r.operation === event.operation) ? { ...g, resources: g.resources.map((r) => (r.operation === event.operation ? { ...r, operation: null } : r)) } : g)),
        },
      };
    case 'reset':
      return null;
    default:
      return { ...live, view: { ...view, lastEventId: event.seq } };
  }
}

export function lockReasonOf(live: LiveCluster, resource: string): number | undefined {
  const seen = live.lockReasons.get(resource.toLowerCase());
  if (seen !== undefined) return seen;
  for (const group of live.view.groups) {
    const r = group.resources.find((x) => sameName(x.name, resource));
    if (r) return r.locked && r.lockedReason !== null ? r.lockedReason : undefined;
  }
  return undefined;
}
