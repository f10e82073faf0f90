/**
 * Planning MoveClusterGroup(Ex) and CancelClusterGroupOperation. The planner only decides the part
 * on the current owner: admission and the offline of the group with reason MOVING and the
 * destination. The handover of ownership, the online on the destination, RETURN_TO_SOURCE_NODE_ON
 * _ERROR, the queue and the cancel itself are the engine's (ADR 0006 "Move").
 *
 * After access, object and flags (index.ts), move admission runs: destination (5042, 5015, 5005,
 * 70; or placement, 5005) -> moving (5908) -> pending (5023) -> already there (0) -> locked (5960,
 * or queued with QUEUE_ENABLED).
 */
import type { CancelGroupCommand, MoveGroupCommand } from '../commands.js';
import { Win32 } from '../errors.js';
import { GroupMoveFlags, hasFlag, OfflineReason, ResDllOfflineFlags } from '../flags.js';
import type { GroupConfig, Snapshot } from '../model.js';
import { findNode, nameKey } from '../model.js';
import { chooseNode, resourceBarringNode } from '../placement.js';
import type { PlanResult, Rejection } from '../plan.js';
import { groupRuntime, nodeState, resourceRuntime } from '../runtime.js';
import { NodeState, nodeStateName } from '../states.js';
import { checkNotMoving, rejected } from './admission.js';
import { groupGraph } from './graph.js';
import { stateLabel } from './names.js';
import { firstBlockingOffline, firstLockedToChange, groupOfflineWork } from './offline.js';

function refuse(rejection: Rejection): PlanResult {
  return { ok: false, rejection };
}

/**
 * The destination: the caller's node, checked in the order 5042 (not configured) -> 5015 (not a
 * possible owner of every resource) -> 5005 (Down, Joining or unknown) -> 70 (Paused); or, with
 * none named, placement's choice among the other nodes, 5005 when there is none. Returns the
 * canonical node name.
 */
function resolveDestination(snapshot: Snapshot, command: MoveGroupCommand, group: GroupConfig, owner: string | null): string | Rejection {
  const { model, runtime } = snapshot;
  if (command.destinationNode === null) {
    const chosen = chooseNode(model, runtime, group.name, { exclude: owner === null ? [] : [owner] });
    if (chosen !== null) return chosen;
    return { code: Win32.ERROR_HOST_NODE_NOT_AVAILABLE, detail: `no node other than ${owner === null ? 'none' : `'${owner}'`} is Up and a possible owner of every resource of group '${group.name}'` };
  }
  const node = findNode(model, command.destinationNode);
  if (!node) return { code: Win32.ERROR_CLUSTER_NODE_NOT_FOUND, detail: `no node named '${command.destinationNode}' in the cluster configuration` };
  const barring = resourceBarringNode(model, node.name, group.name);
  if (barring !== null) {
    return { code: Win32.ERROR_HOST_NODE_NOT_RESOURCE_OWNER, detail: `node '${node.name}' is not a possible owner of resource '${barring}' of group '${group.name}'` };
  }
  const state = nodeState(runtime, node.name);
  if (state === NodeState.Paused) return { code: Win32.ERROR_SHARING_PAUSED, detail: `node '${node.name}' is paused; resume it or choose another node` };
  if (state !== NodeState.Up) return { code: Win32.ERROR_HOST_NODE_NOT_AVAILABLE, detail: `node '${node.name}' is ${nodeStateName(state).replace(/^ClusterNode(State)?/, '')}; a move needs the destination Up` };
  return node.name;
}

/**
 * MoveClusterGroup(Ex). An admitted move is 997 even with no step to run (every resource already
 * Offline): the handover is the work. The offline is exactly offline-group's (dependents first,
 * Failed -> Offline at admission) with reason MOVING, the destination on every step, and no
 * persistent write (wsfc.md §6.3 step 3: a move never changes persistent state).
 */
export function planMoveGroup(snapshot: Snapshot, command: MoveGroupCommand, group: GroupConfig): PlanResult {
  const owner = groupRuntime(snapshot.runtime, group.name).owner;
  const destination = resolveDestination(snapshot, command, group, owner);
  if (typeof destination !== 'string') return refuse(destination);
  // Only a runtime with no node at all leaves a group without owner; there is nothing to hand over from.
  if (owner === null) return rejected(Win32.ERROR_HOST_NODE_NOT_AVAILABLE, `group '${group.name}' has no owner to move it from`);

  const moving = checkNotMoving(snapshot.runtime, group, command);
  if (moving) return refuse(moving);

  const graph = groupGraph(snapshot.model, group);
  const blocking = firstBlockingOffline(snapshot, graph);
  if (blocking >= 0) {
    const name = graph.names[blocking] as string;
    const state = resourceRuntime(snapshot.runtime, name).state;
    return rejected(Win32.ERROR_INVALID_STATE, `resource '${name}' of group '${group.name}' is ${stateLabel(state)}; a move needs every resource Online, Offline or Failed (MS-CMRP ApiMoveGroup)`);
  }

  // wsfc.md §4.3: "0 (also when already on that node)"; no move, so the engine marks nothing moving.
  if (nameKey(destination) === nameKey(owner)) return { ok: true, plan: { code: 0, command, steps: [], immediate: [], persistent: [] } };

  const ignoreLocked = hasFlag(command.flags, GroupMoveFlags.CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS);
  if (!ignoreLocked) {
    const locked = firstLockedToChange(snapshot, graph);
    if (locked >= 0) {
      const name = graph.names[locked] as string;
      if (hasFlag(command.flags, GroupMoveFlags.CLUSAPI_GROUP_MOVE_QUEUE_ENABLED)) {
        // Nothing happens now, not even Failed -> Offline: the engine plans the move again when the lock clears.
        return { ok: true, plan: { code: 997, command, steps: [], immediate: [], persistent: [], move: { from: owner, to: destination, queued: true } } };
      }
      return rejected(
        Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS,
        `resource '${name}' is locked; pass IGNORE_RESOURCE_STATUS (0x1) to move anyway, or QUEUE_ENABLED (0x4) to wait for the lock to clear`,
      );
    }
  }

  const { steps, immediate } = groupOfflineWork(snapshot, graph, {
    resDllFlags: ignoreLocked ? ResDllOfflineFlags.CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS : 0,
    reason: OfflineReason.MOVING,
    destinationNode: destination,
  });
  return { ok: true, plan: { code: 997, command, steps, immediate, persistent: [], move: { from: owner, to: destination, queued: false } } };
}

/**
 * CancelClusterGroupOperation. Only a moving group has something to cancel (5023 otherwise, wsfc.md
 * §4.3). Admitted, it is 997 with an empty plan: the engine does the cancelling, and answers 0 by
 * itself when the move was only queued.
 */
export function planCancelGroup(snapshot: Snapshot, command: CancelGroupCommand, group: GroupConfig): PlanResult {
  if (!groupRuntime(snapshot.runtime, group.name).moving) {
    return rejected(Win32.ERROR_INVALID_STATE, `group '${group.name}' is not moving; there is no operation to cancel`);
  }
  return { ok: true, plan: { code: 997, command, steps: [], immediate: [], persistent: [] } };
}
