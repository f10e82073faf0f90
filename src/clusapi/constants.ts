/**
 * Every ClusAPI constant under its clusapi.h / winerror.h name, so translated C programs read the
 * same. Nothing here carries a number of its own where src/core already has it: the state enums,
 * flag families, offline reasons and error codes are taken from the core tables (STYLE 6: one
 * table). Only what core does not model (open-access masks, and the one RPC code OpenCluster needs)
 * is defined here.
 */
import { ERROR_TABLE, Win32 } from '../core/errors.js';
import {
  GroupMoveFlags,
  GroupOfflineFlags,
  GroupOnlineFlags,
  NodePauseFlags,
  OfflineReason,
  ResDllOfflineFlags,
  ResDllOnlineFlags,
  ResourceOfflineFlags,
  ResourceOnlineFlags,
} from '../core/flags.js';
import { GroupState, NodeState, ResourceDllStatus, ResourceState } from '../core/states.js';

// --- CLUSTER_GROUP_STATE (wsfc.md §2.2) ---
export type CLUSTER_GROUP_STATE = GroupState;
export const ClusterGroupStateUnknown = GroupState.Unknown;
export const ClusterGroupOnline = GroupState.Online;
export const ClusterGroupOffline = GroupState.Offline;
export const ClusterGroupFailed = GroupState.Failed;
export const ClusterGroupPartialOnline = GroupState.PartialOnline;
export const ClusterGroupPending = GroupState.Pending;

// --- CLUSTER_RESOURCE_STATE (wsfc.md §2.1); 126/127 are values only a resource type reports ---
export type CLUSTER_RESOURCE_STATE = ResourceState;
export const ClusterResourceStateUnknown = ResourceState.Unknown;
export const ClusterResourceInherited = ResourceState.Inherited;
export const ClusterResourceInitializing = ResourceState.Initializing;
export const ClusterResourceOnline = ResourceState.Online;
export const ClusterResourceOffline = ResourceState.Offline;
export const ClusterResourceFailed = ResourceState.Failed;
export const ClusterResourcePending = ResourceState.Pending;
export const ClusterResourceOnlinePending = ResourceState.OnlinePending;
export const ClusterResourceOfflinePending = ResourceState.OfflinePending;
export const ClusterResourceCannotComeOnlineOnThisNode = ResourceDllStatus.CannotComeOnlineOnThisNode;
export const ClusterResourceCannotComeOnlineOnAnyNode = ResourceDllStatus.CannotComeOnlineOnAnyNode;

// --- CLUSTER_NODE_STATE (wsfc.md §2.3) ---
export type CLUSTER_NODE_STATE = NodeState;
export const ClusterNodeStateUnknown = NodeState.Unknown;
export const ClusterNodeUp = NodeState.Up;
export const ClusterNodeDown = NodeState.Down;
export const ClusterNodePaused = NodeState.Paused;
export const ClusterNodeJoining = NodeState.Joining;

// --- Flags (wsfc.md §3.1-3.2), one destructuring per core family ---
export const { CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS } = GroupOfflineFlags;
export const {
  CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS,
  CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION,
  CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE,
} = ResourceOfflineFlags;
export const {
  CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS,
  CLUSAPI_GROUP_ONLINE_SYNCHRONOUS,
  CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE,
  CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE,
} = GroupOnlineFlags;
export const {
  CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS,
  CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE,
  CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM,
  CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE,
  CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE,
} = ResourceOnlineFlags;
export const {
  CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS,
  CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR,
  CLUSAPI_GROUP_MOVE_QUEUE_ENABLED,
  CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START,
  CLUSAPI_GROUP_MOVE_FAILBACK,
  CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE,
} = GroupMoveFlags;
export const {
  CLUS_RESDLL_OFFLINE_IGNORE_RESOURCE_STATUS,
  CLUS_RESDLL_OFFLINE_RETURN_TO_SOURCE_NODE_ON_ERROR,
  CLUS_RESDLL_OFFLINE_QUEUE_ENABLED,
  CLUS_RESDLL_OFFLINE_RETURNING_TO_SOURCE_NODE_BECAUSE_OF_ERROR,
  CLUS_RESDLL_OFFLINE_DUE_TO_EMBEDDED_FAILURE,
  CLUS_RESDLL_OFFLINE_IGNORE_NETWORK_CONNECTIVITY,
  CLUS_RESDLL_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE,
} = ResDllOfflineFlags;
export const {
  CLUS_RESDLL_ONLINE_RECOVER_MONITOR_STATE,
  CLUS_RESDLL_ONLINE_IGNORE_RESOURCE_STATUS,
  CLUS_RESDLL_ONLINE_RETURN_TO_SOURCE_NODE_ON_ERROR,
  CLUS_RESDLL_ONLINE_RESTORE_ONLINE_STATE,
  CLUS_RESDLL_ONLINE_IGNORE_NETWORK_CONNECTIVITY,
} = ResDllOnlineFlags;
export const { CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, CLUSAPI_NODE_AVOID_PLACEMENT, CLUSAPI_NODE_PAUSE_RETRY_DRAIN_ON_FAILURE } =
  NodePauseFlags;

// --- ResumeClusterNodeEx (wsfc.md §2.3): not modelled by the core, which only passes them on ---
/** CLUSTER_NODE_RESUME_FAILBACK_TYPE. */
export type CLUSTER_NODE_RESUME_FAILBACK_TYPE = number;
export const DoNotFailbackGroups = 0;
export const FailbackGroupsImmediately = 1;
export const FailbackGroupsPerPolicy = 2;
export const ClusterNodeResumeFailbackTypeCount = 3;
/** dwResumeFlagsReserved bits, passed to the cluster as given. */
export const CLUSAPI_NODE_RESUME_FAILBACK_STORAGE = 0x1;
export const CLUSAPI_NODE_RESUME_FAILBACK_VMS = 0x2;
export const CLUSAPI_NODE_RESUME_FAILBACK_PINNED_VMS_ONLY = 0x4;

// --- CLUSAPI_RESOURCE_OFFLINE_REASON_*: an enum apart from the flags (wsfc.md §13 item 3) ---
export const CLUSAPI_RESOURCE_OFFLINE_REASON_NONE = OfflineReason.NONE;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_UNKNOWN = OfflineReason.UNKNOWN;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_MOVING = OfflineReason.MOVING;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED = OfflineReason.USER_REQUESTED;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED = OfflineReason.BEING_DELETED;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_RESTARTED = OfflineReason.BEING_RESTARTED;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_PREEMPTED = OfflineReason.PREEMPTED;
export const CLUSAPI_RESOURCE_OFFLINE_REASON_SHUTTING_DOWN = OfflineReason.SHUTTING_DOWN;

// --- Win32 codes: the core's named codes, plus every row of the error table by name ---
export const {
  ERROR_SUCCESS,
  ERROR_INVALID_FUNCTION,
  ERROR_FILE_NOT_FOUND,
  ERROR_ACCESS_DENIED,
  ERROR_INVALID_HANDLE,
  ERROR_NOT_ENOUGH_MEMORY,
  ERROR_INVALID_DATA,
  ERROR_SHARING_PAUSED,
  ERROR_INVALID_PARAMETER,
  ERROR_MORE_DATA,
  WAIT_TIMEOUT,
  ERROR_OPERATION_ABORTED,
  ERROR_IO_PENDING,
  ERROR_CIRCULAR_DEPENDENCY,
  ERROR_SHUTDOWN_IN_PROGRESS,
  ERROR_NOT_FOUND,
  ERROR_CANCELLED,
  ERROR_INTERNAL_ERROR,
  ERROR_SPECIAL_GROUP,
  ERROR_DEPENDENCY_NOT_FOUND,
  ERROR_DEPENDENCY_ALREADY_EXISTS,
  ERROR_HOST_NODE_NOT_AVAILABLE,
  ERROR_RESOURCE_NOT_AVAILABLE,
  ERROR_RESOURCE_NOT_FOUND,
  ERROR_OBJECT_ALREADY_EXISTS,
  ERROR_GROUP_NOT_AVAILABLE,
  ERROR_GROUP_NOT_FOUND,
  ERROR_HOST_NODE_NOT_RESOURCE_OWNER,
  ERROR_HOST_NODE_NOT_GROUP_OWNER,
  ERROR_RESMON_CREATE_FAILED,
  ERROR_CLUSTER_SHUTTING_DOWN,
  ERROR_INVALID_STATE,
  ERROR_RESOURCE_FAILED,
  ERROR_CLUSTER_NODE_NOT_FOUND,
  ERROR_CLUSTER_NODE_DOWN,
  ERROR_CLUSTER_NODE_UNREACHABLE,
  ERROR_DEPENDENCY_NOT_ALLOWED,
  ERROR_CLUSTER_NODE_PAUSED,
  ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND,
  ERROR_CLUSTER_PARAMETER_MISMATCH,
  ERROR_CLUSTER_GROUP_MOVING,
  ERROR_RESOURCE_CALL_TIMED_OUT,
  ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS,
  ERROR_DEPENDENCY_TREE_TOO_COMPLEX,
  ERROR_EXCEPTION_IN_RESOURCE_CALL,
  ERROR_CLUSTER_RESOURCE_PROVIDER_FAILED,
  ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR,
  ERROR_CLUSTER_GROUP_BUSY,
  ERROR_CLUSTER_GROUP_QUEUED,
  ERROR_CLUSTER_RESOURCE_LOCKED_STATUS,
  RPC_S_SERVER_UNAVAILABLE,
} = Win32;

/** Every code of the core error table by its Win32 name, for codes without a named export above. */
export const ERROR_CODES: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries([...ERROR_TABLE.values()].map((e) => [e.name, e.code])));


// --- Access (wsfc.md §3.3, §9) ---
/** Security-descriptor ACE bits. */
export const CLUSAPI_READ_ACCESS = 0x1;
export const CLUSAPI_CHANGE_ACCESS = 0x2;
export const CLUSAPI_ALL_ACCESS = CLUSAPI_READ_ACCESS | CLUSAPI_CHANGE_ACCESS;
export const CLUSAPI_NO_ACCESS = 0x4;
/** DesiredAccess / GrantedAccess of the Open*Ex calls (winnt.h generic rights). */
export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_ALL = 0x10000000;
export const MAXIMUM_ALLOWED = 0x02000000;
