/**
 * GetClusterGroupState, GetClusterResourceState, GetClusterNodeState (wsfc.md §1.3, §2). They
 * answer the state, or the Unknown state (-1) with GetLastError: 6 for a bad handle, 5012 / 5006
 * when the object has left the cluster since the handle was opened, 5 without Read access.
 *
 * The C out-parameters (a WCHAR buffer plus a count in characters) become `{ value }` objects the
 * call fills: strings have no fixed buffer here, so there is no truncation and no ERROR_MORE_DATA.
 */
import { Win32 } from '../core/errors.js';
import { GroupState, NodeState, ResourceState } from '../core/states.js';
import type { CLUSTER_GROUP_STATE, CLUSTER_NODE_STATE, CLUSTER_RESOURCE_STATE } from './constants.js';
import { type HGROUP, type HNODE, type HRESOURCE, type OutParam, handles, notAvailableCode } from './handles.js';
import { failWith } from './last-error.js';

/** lpszNodeName receives the owner node ('' while no node owns the group). */
export async function GetClusterGroupState(hGroup: HGROUP | null, lpszNodeName?: OutParam<string> | null): Promise<CLUSTER_GROUP_STATE> {
  const group = handles.lookup(hGroup, 'HGROUP');
  if (!group) return failWith(GroupState.Unknown, Win32.ERROR_INVALID_HANDLE);
  const answer = await group.connection.groupStatus(group.name);
  if (!answer.ok) return failWith(GroupState.Unknown, notAvailableCode('group', answer.code));
  if (lpszNodeName) lpszNodeName.value = answer.value.owner ?? '';
  return answer.value.state;
}

/** lpszNodeName receives the node the resource is on (its group's owner), lpszGroupName its group. */
export async function GetClusterResourceState(
  hResource: HRESOURCE | null,
  lpszNodeName?: OutParam<string> | null,
  lpszGroupName?: OutParam<string> | null,
): Promise<CLUSTER_RESOURCE_STATE> {
  const resource = handles.lookup(hResource, 'HRESOURCE');
  if (!resource) return failWith(ResourceState.Unknown, Win32.ERROR_INVALID_HANDLE);
  const answer = await resource.connection.resourceStatus(resource.name);
  if (!answer.ok) return failWith(ResourceState.Unknown, notAvailableCode('resource', answer.code));
  if (lpszNodeName) lpszNodeName.value = answer.value.owner ?? '';
  if (lpszGroupName) lpszGroupName.value = answer.value.group;
  return answer.value.state;
}

export async function GetClusterNodeState(hNode: HNODE | null): Promise<CLUSTER_NODE_STATE> {
  const node = handles.lookup(hNode, 'HNODE');
  if (!node) return failWith(NodeState.Unknown, Win32.ERROR_INVALID_HANDLE);
  const answer = await node.connection.nodeStatus(node.name);
  if (!answer.ok) return failWith(NodeState.Unknown, answer.code);
  return answer.value.state;
}
