/**
 * The state-changing calls (wsfc.md §1.3): Offline/Online of groups and resources, plain and Ex,
 * MoveClusterGroup(Ex) and CancelClusterGroupOperation.
 * Each resolves to the Win32 code of admission: 997 accepted and running, 0 nothing to do, or the
 * rejection, after which nothing has changed (ARCHITECTURE.md "Operations"). They never wait for
 * the operation to end; callers poll Get*State, as the sample programs do.
 *
 * Checked here, before anything reaches the cluster, as a Windows client stub checks its arguments
 * before marshalling: the handles (6, also for a handle of another kind or another cluster) and the
 * input buffer's size (87 when cbInBufferSize exceeds the buffer). Everything else (access 5,
 * flags 87, a malformed property list 13, state 5023, locked 5960) is the cluster's answer.
 */
import { Win32 } from '../core/errors.js';
import type { CommandKind } from '../core/commands.js';
import type { ConnectionCommand } from './connection.js';
import { type HGROUP, type HNODE, type HRESOURCE, type ObjectEntry, handles, notAvailableCode, sameCluster } from './handles.js';

export type InBuffer = Uint8Array | null | undefined;

/**
 * The bytes the call sends: the first cbInBufferSize bytes of the buffer, copied (the C call's
 * buffer is marshalled, so a caller may reuse it at once). A size past the end, a size without a
 * buffer, or a size that is not a DWORD is 87.
 */
export function delimitInput(lpInBuffer: InBuffer, cbInBufferSize: number): { readonly code: 0; readonly bytes: Uint8Array | null } | { readonly code: number } {
  if (!Number.isInteger(cbInBufferSize) || cbInBufferSize < 0 || cbInBufferSize > 0xffffffff) return { code: Win32.ERROR_INVALID_PARAMETER };
  if (cbInBufferSize === 0) return { code: 0, bytes: null };
  if (!lpInBuffer || cbInBufferSize > lpInBuffer.byteLength) return { code: Win32.ERROR_INVALID_PARAMETER };
  return { code: 0, bytes: lpInBuffer.slice(0, cbInBufferSize) };
}

interface Request {
  readonly kind: CommandKind;
  readonly target: ObjectEntry;
  readonly flags: number;
  readonly lpInBuffer: InBuffer;
  readonly cbInBufferSize: number;
  readonly destination?: ObjectEntry;
}

async function submit(request: Request): Promise<number> {
  const input = delimitInput(request.lpInBuffer, request.cbInBufferSize);
  if (!('bytes' in input)) return input.code;
  const { target } = request;
  const command: ConnectionCommand = {
    kind: request.kind,
    target: target.name,
    flags: request.flags,
    access: target.access,
    ...(input.bytes ? { input: input.bytes } : {}),
    ...(request.destination ? { destinationNode: request.destination.name } : {}),
  };
  const answer = await target.connection.submit(command);
  return notAvailableCode(request.kind.endsWith('-group') ? 'group' : 'resource', answer.code);
}

/** hDestinationNode: NULL (undefined) or a live node handle of the group's cluster; 'invalid' is 6. */
function destinationOf(target: ObjectEntry, hDestinationNode: HNODE | null | undefined): ObjectEntry | undefined | 'invalid' {
  if (hDestinationNode === null || hDestinationNode === undefined) return undefined;
  const destination = handles.lookup(hDestinationNode, 'HNODE');
  return destination && sameCluster(target, destination) ? destination : 'invalid';
}

export function OfflineClusterGroup(hGroup: HGROUP | null): Promise<number> {
  return OfflineClusterGroupEx(hGroup, 0, null, 0);
}

/** dwOfflineFlags: 0 or CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS; lpInBuffer: a CLUSPROP property list for the group's resources. */
export async function OfflineClusterGroupEx(hGroup: HGROUP | null, dwOfflineFlags: number, lpInBuffer: InBuffer, cbInBufferSize: number): Promise<number> {
  const target = handles.lookup(hGroup, 'HGROUP');
  if (!target) return Win32.ERROR_INVALID_HANDLE;
  return submit({ kind: 'offline-group', target, flags: dwOfflineFlags, lpInBuffer, cbInBufferSize });
}

export function OfflineClusterResource(hResource: HRESOURCE | null): Promise<number> {
  return OfflineClusterResourceEx(hResource, 0, null, 0);
}

/**
 * dwOfflineFlags: CLUSAPI_RESOURCE_OFFLINE_* only. The CLUSAPI_RESOURCE_OFFLINE_REASON_* values are
 * not flags (wsfc.md §13 item 3); the reason this call gives is USER_REQUESTED.
 */
export async function OfflineClusterResourceEx(hResource: HRESOURCE | null, dwOfflineFlags: number, lpInBuffer: InBuffer, cbInBufferSize: number): Promise<number> {
  const target = handles.lookup(hResource, 'HRESOURCE');
  if (!target) return Win32.ERROR_INVALID_HANDLE;
  return submit({ kind: 'offline-resource', target, flags: dwOfflineFlags, lpInBuffer, cbInBufferSize });
}

/** hDestinationNode: NULL for the group's owner node. */
export function OnlineClusterGroup(hGroup: HGROUP | null, hDestinationNode?: HNODE | null): Promise<number> {
  return OnlineClusterGroupEx(hGroup, hDestinationNode ?? null, 0, null, 0);
}

export async function OnlineClusterGroupEx(
  hGroup: HGROUP | null,
  hDestinationNode: HNODE | null | undefined,
  dwOnlineFlags: number,
  lpInBuffer: InBuffer,
  cbInBufferSize: number,
): Promise<number> {
  return submitToNode('online-group', hGroup, hDestinationNode, dwOnlineFlags, lpInBuffer, cbInBufferSize);
}

export function OnlineClusterResource(hResource: HRESOURCE | null): Promise<number> {
  return OnlineClusterResourceEx(hResource, 0, null, 0);
}

export async function OnlineClusterResourceEx(hResource: HRESOURCE | null, dwOnlineFlags: number, lpInBuffer: InBuffer, cbInBufferSize: number): Promise<number> {
  const target = handles.lookup(hResource, 'HRESOURCE');
  if (!target) return Win32.ERROR_INVALID_HANDLE;
  return submit({ kind: 'online-resource', target, flags: dwOnlineFlags, lpInBuffer, cbInBufferSize });
}

/** hDestinationNode: NULL lets the cluster pick the node (preferred owners first). */
export function MoveClusterGroup(hGroup: HGROUP | null, hDestinationNode?: HNODE | null): Promise<number> {
  return MoveClusterGroupEx(hGroup, hDestinationNode ?? null, 0, null, 0);
}

/**
 * dwMoveFlags: CLUSAPI_GROUP_MOVE_* (IGNORE_RESOURCE_STATUS with QUEUE_ENABLED is 87); lpInBuffer:
 * a CLUSPROP property list for the resources, offlining on the source and onlining on the
 * destination. 997 when the move runs, 0 when the group is already on the destination.
 */
export async function MoveClusterGroupEx(
  hGroup: HGROUP | null,
  hDestinationNode: HNODE | null | undefined,
  dwMoveFlags: number,
  lpInBuffer: InBuffer,
  cbInBufferSize: number,
): Promise<number> {
  return submitToNode('move-group', hGroup, hDestinationNode, dwMoveFlags, lpInBuffer, cbInBufferSize);
}

/** A group command that names a node by handle (online to, move to): both handles checked first. */
function submitToNode(kind: 'online-group' | 'move-group', hGroup: HGROUP | null, hDestinationNode: HNODE | null | undefined, flags: number, lpInBuffer: InBuffer, cbInBufferSize: number): Promise<number> {
  const target = handles.lookup(hGroup, 'HGROUP');
  if (!target) return Promise.resolve(Win32.ERROR_INVALID_HANDLE);
  const destination = destinationOf(target, hDestinationNode);
  if (destination === 'invalid') return Promise.resolve(Win32.ERROR_INVALID_HANDLE);
  return submit({ kind, target, flags, lpInBuffer, cbInBufferSize, ...(destination ? { destination } : {}) });
}

/** dwCancelFlags_RESERVED must be 0 (else 87). 0: a queued move ended; 5023: nothing to cancel (no move, or one already taking its group offline). */
export async function CancelClusterGroupOperation(hGroup: HGROUP | null, dwCancelFlags_RESERVED: number): Promise<number> {
  const target = handles.lookup(hGroup, 'HGROUP');
  if (!target) return Win32.ERROR_INVALID_HANDLE;
  return submit({ kind: 'cancel-group', target, flags: dwCancelFlags_RESERVED, lpInBuffer: null, cbInBufferSize: 0 });
}
