/**
 * PauseClusterNode(Ex) and ResumeClusterNode(Ex) (wsfc.md §2.3). Each resolves to the cluster's
 * Win32 code: 0 once the node is paused or resumed (a drain or failback then goes on in the
 * cluster), or the refusal.
 * Pausing and resuming is the cluster layer's; a single engine in this process, or a daemon that
 * runs alone, answers 5005 ERROR_HOST_NODE_NOT_AVAILABLE after the checks every call gets (access
 * 5, node 5042, flags 87).
 *
 * Checked here, before anything reaches the cluster: the handles (6). PauseClusterNodeEx's
 * hNodeDrainTarget is taken as a handle (6 when it is not one of this cluster), but Wolfpack drains
 * only where placement puts groups, so a target is 87: refused rather than silently ignored.
 */
import { Win32 } from '../core/errors.js';
import type { NodeCommand } from './connection.js';
import { type CLUSTER_NODE_RESUME_FAILBACK_TYPE, DoNotFailbackGroups } from './constants.js';
import { type HNODE, handles, sameCluster } from './handles.js';

type Without<T> = T extends unknown ? Omit<T, 'node' | 'access'> : never;

async function nodeCommand(hNode: HNODE | null, command: Without<NodeCommand>): Promise<number> {
  const node = handles.lookup(hNode, 'HNODE');
  if (!node) return Win32.ERROR_INVALID_HANDLE;
  const answer = await node.connection.nodeCommand({ ...command, node: node.name, access: node.access } as NodeCommand);
  return answer.code;
}

/** Pauses without draining: no group may come to the node; its groups stay. */
export function PauseClusterNode(hNode: HNODE | null): Promise<number> {
  return PauseClusterNodeEx(hNode, false, 0, null);
}

/**
 * bDrainNode: move the node's groups away (a BOOL: any truthy value). dwPauseFlags:
 * CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, CLUSAPI_NODE_AVOID_PLACEMENT,
 * CLUSAPI_NODE_PAUSE_RETRY_DRAIN_ON_FAILURE. hNodeDrainTarget: must be NULL (see the header).
 */
export async function PauseClusterNodeEx(hNode: HNODE | null, bDrainNode: boolean | number, dwPauseFlags: number, hNodeDrainTarget?: HNODE | null): Promise<number> {
  const node = handles.lookup(hNode, 'HNODE');
  if (!node) return Win32.ERROR_INVALID_HANDLE;
  if (hNodeDrainTarget !== null && hNodeDrainTarget !== undefined) {
    const target = handles.lookup(hNodeDrainTarget, 'HNODE');
    return target && sameCluster(node, target) ? Win32.ERROR_INVALID_PARAMETER : Win32.ERROR_INVALID_HANDLE;
  }
  return nodeCommand(hNode, { kind: 'pause-node', drain: Boolean(bDrainNode), flags: dwPauseFlags });
}

/** Resumes without failback. */
export function ResumeClusterNode(hNode: HNODE | null): Promise<number> {
  return ResumeClusterNodeEx(hNode, DoNotFailbackGroups, 0);
}

/** eResumeFailbackType: DoNotFailbackGroups 0, FailbackGroupsImmediately 1, FailbackGroupsPerPolicy 2 (else 87). */
export function ResumeClusterNodeEx(hNode: HNODE | null, eResumeFailbackType: CLUSTER_NODE_RESUME_FAILBACK_TYPE, dwResumeFlagsReserved: number): Promise<number> {
  return nodeCommand(hNode, { kind: 'resume-node', failback: eResumeFailbackType, flags: dwResumeFlagsReserved });
}
