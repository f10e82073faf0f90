/**
 * Commands: what a caller asks of the cluster. The planner admits or rejects a command and turns an
 * admitted one into a Plan. Flags are raw DWORDs exactly as the ClusAPI call received them.
 */
import type { OfflineReason } from './flags.js';

/** Access levels of the cluster security descriptor (wsfc.md §9): Full = "All". */
export type Access = 'none' | 'read' | 'full';

export interface Caller {
  readonly principal: string;
  readonly access: Access;
}

/**
 * The caller's input buffer (a CLUSPROP property list). The planner only needs to know whether it
 * parsed: the engine decodes it before planning so that a malformed list is rejected with 13 at the
 * flags step of admission, after access and object checks.
 */
export interface InputBuffer {
  readonly bytes: Uint8Array;
  readonly valid: boolean;
}

interface CommandBase {
  readonly caller: Caller;
  readonly input?: InputBuffer;
}

export interface OfflineGroupCommand extends CommandBase {
  readonly kind: 'offline-group';
  readonly group: string;
  /** CLUSAPI_GROUP_OFFLINE_* */
  readonly flags: number;
  /** Defaults to USER_REQUESTED; the daemon passes SHUTTING_DOWN, placement passes MOVING. */
  readonly reason?: OfflineReason;
  /** Set on moves: the node that will hold the group afterwards, given to OfflineV2. */
  readonly destinationNode?: string;
}

export interface OfflineResourceCommand extends CommandBase {
  readonly kind: 'offline-resource';
  readonly resource: string;
  /** CLUSAPI_RESOURCE_OFFLINE_* */
  readonly flags: number;
  readonly reason?: OfflineReason;
}

export interface OnlineGroupCommand extends CommandBase {
  readonly kind: 'online-group';
  readonly group: string;
  /** CLUSAPI_GROUP_ONLINE_* */
  readonly flags: number;
}

export interface OnlineResourceCommand extends CommandBase {
  readonly kind: 'online-resource';
  readonly resource: string;
  /** CLUSAPI_RESOURCE_ONLINE_* */
  readonly flags: number;
}

/**
 * MoveClusterGroup(Ex): offline on the owner with reason MOVING and the destination given to
 * OfflineV2, ownership handed to the destination, online there to the persistent state. A move never
 * writes persistent state.
 */
export interface MoveGroupCommand extends CommandBase {
  readonly kind: 'move-group';
  readonly group: string;
  /** CLUSAPI_GROUP_MOVE_* (MoveClusterGroup passes 0). */
  readonly flags: number;
  /** null: the cluster picks (preferred owners first, then any Up node that may host the group). */
  readonly destinationNode: string | null;
}

/** CancelClusterGroupOperation: ends a queued move, or stops one in progress. */
export interface CancelGroupCommand extends CommandBase {
  readonly kind: 'cancel-group';
  readonly group: string;
  /** Reserved: anything but 0 is 87. */
  readonly flags: number;
}

export type Command = OfflineGroupCommand | OfflineResourceCommand | OnlineGroupCommand | OnlineResourceCommand | MoveGroupCommand | CancelGroupCommand;
export type CommandKind = Command['kind'];
