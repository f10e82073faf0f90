/**
 * The process's ClusAPI handles: one table for HCLUSTER, HGROUP, HRESOURCE and HNODE, as a Win32
 * process has one handle space. Each entry carries the connection it was opened through and the
 * access level it was granted; an object handle names its object by canonical name, so handles
 * opened with different casings address the same object.
 */
import { Win32 } from '../core/errors.js';
import type { ClusterConnection } from './connection.js';
import { type Handle, HandleTable } from './handle-table.js';

export type HCLUSTER = Handle<'HCLUSTER'>;
export type HGROUP = Handle<'HGROUP'>;
export type HRESOURCE = Handle<'HRESOURCE'>;
export type HNODE = Handle<'HNODE'>;

export type GrantedLevel = 'read' | 'full';

export interface ClusterEntry {
  readonly connection: ClusterConnection;
  readonly access: GrantedLevel;
}

export interface ObjectEntry extends ClusterEntry {
  /** Canonical name, as the cluster spells it. */
  readonly name: string;
}

interface Entries {
  HCLUSTER: ClusterEntry;
  HGROUP: ObjectEntry;
  HRESOURCE: ObjectEntry;
  HNODE: ObjectEntry;
}

export type HandleKindName = keyof Entries;

export const handles = new HandleTable<Entries>();

/** Live handles (all kinds, or one): for tests and diagnostics that look for leaks. */
export function openHandleCount(kind?: HandleKindName): number {
  return handles.count(kind);
}

/** Windows' out-parameter, as an object the callee fills: `const node = { value: '' }`. */
export interface OutParam<T> {
  value: T;
}

/**
 * Two handles may be used together only if they came through the same connection: Windows
 * forbids mixing handles of different clusters (and LPC with RPC handles, wsfc.md §1.2).
 */
export function sameCluster(a: ClusterEntry, b: ClusterEntry): boolean {
  return a.connection === b.connection;
}

/** A handle that was valid but whose object has since left the cluster (wsfc.md §4.3). */
export function notAvailableCode(kind: 'group' | 'resource', code: number): number {
  if (kind === 'group' && code === Win32.ERROR_GROUP_NOT_FOUND) return Win32.ERROR_GROUP_NOT_AVAILABLE;
  if (kind === 'resource' && code === Win32.ERROR_RESOURCE_NOT_FOUND) return Win32.ERROR_RESOURCE_NOT_AVAILABLE;
  return code;
}
