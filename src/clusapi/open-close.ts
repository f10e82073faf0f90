/**
 * Opening and closing handles (wsfc.md §1.2). Open* resolve a name through the cluster and answer
 * NULL with GetLastError on failure: 6 for a bad cluster handle, 5013 / 5007 / 5042 for unknown
 * names, 5 when the access asked for is not granted, 87 for a bad DesiredAccess, 1722 when no
 * cluster answers to the name. Open* are async (over HTTP each is a request); Close* are not,
 * because closing forgets a handle on this side only.
 *
 * Plain Open* ask for All access (§9). Object handles opened with plain Open* inherit the level of
 * the cluster handle they were opened through; the Open*Ex variants ask for their own.
 */
import { Win32 } from '../core/errors.js';
import { decideAccess, grantedAccessMask } from './access.js';
import type { Handle } from './handle-table.js';
import { resolveCluster } from './cluster-registry.js';
import type { ClusterConnection, ObjectKind } from './connection.js';
import { GENERIC_ALL } from './constants.js';
import { type GrantedLevel, type HCLUSTER, type HGROUP, type HNODE, type HRESOURCE, type HandleKindName, type OutParam, handles } from './handles.js';
import { failWith } from './last-error.js';

type ClusterTarget = string | ClusterConnection | null | undefined;

/** NULL (or nothing) opens the default local cluster; see cluster-registry.ts for names. */
export function OpenCluster(lpszClusterName?: ClusterTarget): Promise<HCLUSTER | null> {
  return openCluster(lpszClusterName, GENERIC_ALL, null);
}

/** DesiredAccess: GENERIC_READ, GENERIC_ALL, MAXIMUM_ALLOWED (or a mix); GrantedAccess receives GENERIC_READ or GENERIC_ALL. */
export function OpenClusterEx(lpszClusterName: ClusterTarget, DesiredAccess: number, GrantedAccess?: OutParam<number> | null): Promise<HCLUSTER | null> {
  return openCluster(lpszClusterName, DesiredAccess, GrantedAccess ?? null);
}

async function openCluster(target: ClusterTarget, desired: number, granted: OutParam<number> | null): Promise<HCLUSTER | null> {
  const resolved = await resolveCluster(target);
  if (!resolved.ok) return failWith(null, resolved.code);
  const connection = resolved.value;
  const decision = decideAccess(desired, await connection.grantedAccess());
  if (!decision.ok) return failWith(null, decision.code);
  if (granted) granted.value = grantedAccessMask(decision.level);
  return handles.open('HCLUSTER', { connection, access: decision.level });
}

export function OpenClusterGroup(hCluster: HCLUSTER | null, lpszGroupName: string): Promise<HGROUP | null> {
  return openObject('HGROUP', 'group', hCluster, lpszGroupName, null, null);
}

export function OpenClusterGroupEx(hCluster: HCLUSTER | null, lpszGroupName: string, DesiredAccess: number, GrantedAccess?: OutParam<number> | null): Promise<HGROUP | null> {
  return openObject('HGROUP', 'group', hCluster, lpszGroupName, DesiredAccess, GrantedAccess ?? null);
}

export function OpenClusterResource(hCluster: HCLUSTER | null, lpszResourceName: string): Promise<HRESOURCE | null> {
  return openObject('HRESOURCE', 'resource', hCluster, lpszResourceName, null, null);
}

export function OpenClusterResourceEx(hCluster: HCLUSTER | null, lpszResourceName: string, DesiredAccess: number, GrantedAccess?: OutParam<number> | null): Promise<HRESOURCE | null> {
  return openObject('HRESOURCE', 'resource', hCluster, lpszResourceName, DesiredAccess, GrantedAccess ?? null);
}

export function OpenClusterNode(hCluster: HCLUSTER | null, lpszNodeName: string): Promise<HNODE | null> {
  return openObject('HNODE', 'node', hCluster, lpszNodeName, null, null);
}

export function OpenClusterNodeEx(hCluster: HCLUSTER | null, lpszNodeName: string, DesiredAccess: number, GrantedAccess?: OutParam<number> | null): Promise<HNODE | null> {
  return openObject('HNODE', 'node', hCluster, lpszNodeName, DesiredAccess, GrantedAccess ?? null);
}

type ObjectHandleKind = Exclude<HandleKindName, 'HCLUSTER'>;

async function openObject<K extends ObjectHandleKind>(
  kind: K,
  objectKind: ObjectKind,
  hCluster: HCLUSTER | null,
  name: string,
  desired: number | null,
  granted: OutParam<number> | null,
): Promise<Handle<K> | null> {
  const cluster = handles.lookup(hCluster, 'HCLUSTER');
  if (!cluster) return failWith(null, Win32.ERROR_INVALID_HANDLE);
  if (typeof name !== 'string') return failWith(null, Win32.ERROR_INVALID_PARAMETER);
  const { connection } = cluster;
  let access: GrantedLevel = cluster.access;
  if (desired !== null) {
    const decision = decideAccess(desired, await connection.grantedAccess());
    if (!decision.ok) return failWith(null, decision.code);
    access = decision.level;
  }
  const found = await connection.findObject(objectKind, name);
  if (!found.ok) return failWith(null, found.code);
  if (granted) granted.value = grantedAccessMask(access);
  return handles.open(kind, { connection, access, name: found.value });
}

function closeHandle(handle: unknown, kind: HandleKindName): boolean {
  return handles.close(handle, kind) || failWith(false, Win32.ERROR_INVALID_HANDLE);
}

/** Handles opened through this cluster handle stay usable after it is closed (clusapi keeps the binding while any is open). */
export function CloseCluster(hCluster: HCLUSTER | null): boolean {
  return closeHandle(hCluster, 'HCLUSTER');
}

export function CloseClusterGroup(hGroup: HGROUP | null): boolean {
  return closeHandle(hGroup, 'HGROUP');
}

export function CloseClusterResource(hResource: HRESOURCE | null): boolean {
  return closeHandle(hResource, 'HRESOURCE');
}

export function CloseClusterNode(hNode: HNODE | null): boolean {
  return closeHandle(hNode, 'HNODE');
}
