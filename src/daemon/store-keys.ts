/**
 * Where the daemon keeps things in the cluster database (docs/store.md). One module so the layout
 * is written down once.
 */
export const KEYS = {
  config: '/wolfpack/config',
  operationCounter: '/wolfpack/counters/op',
  operationPrefix: '/wolfpack/ops/',
  resourcePersistentPrefix: '/wolfpack/persistent/resources/',
  groupPersistentPrefix: '/wolfpack/persistent/groups/',
  operation: (id: string): string => `/wolfpack/ops/${id}`,
  /** In a many-node cluster each node counts its own operations (ids op-<node>-000042). */
  nodeOperationCounter: (node: string): string => `/wolfpack/counters/op/${node}`,
  resourcePersistent: (name: string): string => `/wolfpack/persistent/resources/${name}`,
  groupPersistent: (name: string): string => `/wolfpack/persistent/groups/${name}`,
} as const;

/** "op-000042" -> 42, "op-node2-000042" -> 42 */
export function operationNumber(id: string): number {
  const match = /^op-(?:.+-)?(\d+)$/.exec(id);
  return match ? Number(match[1]) : NaN;
}
