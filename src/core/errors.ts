/**
 * The one error table: every Win32 / cluster code that Wolfpack returns, with its exact number and
 * name (wsfc.md §4), a message in our words, the HTTP status the API answers with, and the exit
 * code the CLI ends with. The API, the CLI, the ClusAPI facade and docs/errors.md all read this.
 */

/** CLI exit codes: one per family of outcome, so scripts can branch without parsing text. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  accessDenied: 3,
  notFound: 4,
  invalidInput: 5,
  invalidState: 6,
  locked: 7,
  unavailable: 8,
  timeout: 9,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorEntry {
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly http: number;
  readonly exit: ExitCode;
}

const E = ExitCode;

// Order: generic Win32 codes (wsfc.md §4.1), then cluster codes (§4.2), ascending.
const ENTRIES: readonly ErrorEntry[] = [
  { code: 0, name: 'ERROR_SUCCESS', message: 'The operation completed; there was nothing left to do.', http: 200, exit: E.ok },
  { code: 1, name: 'ERROR_INVALID_FUNCTION', message: 'The resource type does not handle this request.', http: 400, exit: E.failed },
  { code: 2, name: 'ERROR_FILE_NOT_FOUND', message: 'The property is not in the property list.', http: 404, exit: E.notFound },
  { code: 5, name: 'ERROR_ACCESS_DENIED', message: 'The caller lacks the access this call needs in the cluster security descriptor.', http: 403, exit: E.accessDenied },
  { code: 6, name: 'ERROR_INVALID_HANDLE', message: 'The handle is unknown, closed, or belongs to another cluster.', http: 400, exit: E.invalidInput },
  { code: 8, name: 'ERROR_NOT_ENOUGH_MEMORY', message: 'Not enough memory to complete the request.', http: 507, exit: E.failed },
  { code: 13, name: 'ERROR_INVALID_DATA', message: 'The data is malformed (for example a property list that does not parse).', http: 400, exit: E.invalidInput },
  { code: 14, name: 'ERROR_OUTOFMEMORY', message: 'Not enough storage to complete the request.', http: 507, exit: E.failed },
  { code: 70, name: 'ERROR_SHARING_PAUSED', message: 'The node is paused or the server is not accepting changes.', http: 503, exit: E.unavailable },
  { code: 87, name: 'ERROR_INVALID_PARAMETER', message: 'A parameter is invalid (for example a flag outside the call\'s documented set).', http: 400, exit: E.invalidInput },
  { code: 122, name: 'ERROR_INSUFFICIENT_BUFFER', message: 'The buffer is too small.', http: 400, exit: E.invalidInput },
  { code: 234, name: 'ERROR_MORE_DATA', message: 'More data is available than the buffer holds.', http: 400, exit: E.invalidInput },
  { code: 258, name: 'WAIT_TIMEOUT', message: 'The wait ended before the operation finished.', http: 504, exit: E.timeout },
  { code: 259, name: 'ERROR_NO_MORE_ITEMS', message: 'There are no more items.', http: 404, exit: E.notFound },
  { code: 995, name: 'ERROR_OPERATION_ABORTED', message: 'The operation was aborted.', http: 409, exit: E.failed },
  { code: 997, name: 'ERROR_IO_PENDING', message: 'Accepted: the operation is running.', http: 202, exit: E.ok },
  { code: 1059, name: 'ERROR_CIRCULAR_DEPENDENCY', message: 'The dependency would create a cycle.', http: 400, exit: E.invalidInput },
  { code: 1115, name: 'ERROR_SHUTDOWN_IN_PROGRESS', message: 'The server is shutting down.', http: 503, exit: E.unavailable },
  { code: 1168, name: 'ERROR_NOT_FOUND', message: 'The object was not found.', http: 404, exit: E.notFound },
  { code: 1223, name: 'ERROR_CANCELLED', message: 'The operation was cancelled.', http: 409, exit: E.failed },
  { code: 1255, name: 'ERROR_SERVER_SHUTDOWN_IN_PROGRESS', message: 'The server is shutting down.', http: 503, exit: E.unavailable },
  { code: 1306, name: 'ERROR_REVISION_MISMATCH', message: 'The resource type does not support the requested interface version.', http: 400, exit: E.failed },
  { code: 1359, name: 'ERROR_INTERNAL_ERROR', message: 'An internal error occurred; the daemon log has the details.', http: 500, exit: E.failed },
  { code: 1372, name: 'ERROR_SPECIAL_GROUP', message: 'Built-in groups cannot be brought online or offline.', http: 409, exit: E.invalidState },
  { code: 1722, name: 'RPC_S_SERVER_UNAVAILABLE', message: 'No cluster answers at that name or address.', http: 503, exit: E.unavailable },
  { code: 1745, name: 'RPC_S_PROCNUM_OUT_OF_RANGE', message: 'The server does not implement this call.', http: 501, exit: E.failed },
  { code: 5001, name: 'ERROR_DEPENDENT_RESOURCE_EXISTS', message: 'Another resource depends on this one.', http: 409, exit: E.invalidState },
  { code: 5002, name: 'ERROR_DEPENDENCY_NOT_FOUND', message: 'The dependency does not exist.', http: 404, exit: E.notFound },
  { code: 5003, name: 'ERROR_DEPENDENCY_ALREADY_EXISTS', message: 'The dependency already exists.', http: 409, exit: E.invalidInput },
  { code: 5004, name: 'ERROR_RESOURCE_NOT_ONLINE', message: 'The resource is not online.', http: 409, exit: E.invalidState },
  { code: 5005, name: 'ERROR_HOST_NODE_NOT_AVAILABLE', message: 'No node that may host this group is available.', http: 409, exit: E.unavailable },
  { code: 5006, name: 'ERROR_RESOURCE_NOT_AVAILABLE', message: 'The resource is no longer in the cluster.', http: 410, exit: E.notFound },
  { code: 5007, name: 'ERROR_RESOURCE_NOT_FOUND', message: 'No resource has that name.', http: 404, exit: E.notFound },
  { code: 5008, name: 'ERROR_SHUTDOWN_CLUSTER', message: 'The cluster is being shut down.', http: 503, exit: E.unavailable },
  { code: 5010, name: 'ERROR_OBJECT_ALREADY_EXISTS', message: 'An object with that name already exists.', http: 409, exit: E.invalidInput },
  { code: 5012, name: 'ERROR_GROUP_NOT_AVAILABLE', message: 'The group is no longer in the cluster.', http: 410, exit: E.notFound },
  { code: 5013, name: 'ERROR_GROUP_NOT_FOUND', message: 'No group has that name.', http: 404, exit: E.notFound },
  { code: 5014, name: 'ERROR_GROUP_NOT_ONLINE', message: 'The group is not online.', http: 409, exit: E.invalidState },
  { code: 5015, name: 'ERROR_HOST_NODE_NOT_RESOURCE_OWNER', message: 'The node is not a possible owner of the resource.', http: 409, exit: E.invalidState },
  { code: 5016, name: 'ERROR_HOST_NODE_NOT_GROUP_OWNER', message: 'The node does not own the group.', http: 409, exit: E.invalidState },
  { code: 5017, name: 'ERROR_RESMON_CREATE_FAILED', message: 'The resource host process could not be started.', http: 500, exit: E.failed },
  { code: 5018, name: 'ERROR_RESMON_ONLINE_FAILED', message: 'The resource host could not bring the resource online.', http: 500, exit: E.failed },
  { code: 5019, name: 'ERROR_RESOURCE_ONLINE', message: 'The change is not allowed while the resource is online.', http: 409, exit: E.invalidState },
  { code: 5020, name: 'ERROR_QUORUM_RESOURCE', message: 'The quorum resource cannot be changed this way.', http: 409, exit: E.invalidState },
  { code: 5022, name: 'ERROR_CLUSTER_SHUTTING_DOWN', message: 'The cluster service is shutting down.', http: 503, exit: E.unavailable },
  { code: 5023, name: 'ERROR_INVALID_STATE', message: 'The object is in the wrong state for this request (for example, an operation is already pending).', http: 409, exit: E.invalidState },
  { code: 5024, name: 'ERROR_RESOURCE_PROPERTIES_STORED', message: 'The properties were stored; they take effect at the next online.', http: 200, exit: E.ok },
  { code: 5026, name: 'ERROR_CORE_RESOURCE', message: 'Core cluster resources cannot be changed this way.', http: 409, exit: E.invalidState },
  { code: 5036, name: 'ERROR_NODE_NOT_AVAILABLE', message: 'The node is not available.', http: 503, exit: E.unavailable },
  { code: 5037, name: 'ERROR_ALL_NODES_NOT_AVAILABLE', message: 'No node is available.', http: 503, exit: E.unavailable },
  { code: 5038, name: 'ERROR_RESOURCE_FAILED', message: 'The resource failed.', http: 500, exit: E.failed },
  { code: 5039, name: 'ERROR_CLUSTER_INVALID_NODE', message: 'The node is not valid.', http: 400, exit: E.invalidInput },
  { code: 5042, name: 'ERROR_CLUSTER_NODE_NOT_FOUND', message: 'No node has that name.', http: 404, exit: E.notFound },
  { code: 5048, name: 'ERROR_CLUSTER_INVALID_REQUEST', message: 'The request is not valid for this object.', http: 400, exit: E.invalidInput },
  { code: 5050, name: 'ERROR_CLUSTER_NODE_DOWN', message: 'The node is down.', http: 503, exit: E.unavailable },
  { code: 5051, name: 'ERROR_CLUSTER_NODE_UNREACHABLE', message: 'The node cannot be reached.', http: 503, exit: E.unavailable },
  { code: 5052, name: 'ERROR_CLUSTER_NODE_NOT_MEMBER', message: 'The node is not a member of the cluster.', http: 409, exit: E.invalidState },
  { code: 5068, name: 'ERROR_INVALID_OPERATION_ON_QUORUM', message: 'The operation is not valid on the quorum resource.', http: 409, exit: E.invalidState },
  { code: 5069, name: 'ERROR_DEPENDENCY_NOT_ALLOWED', message: 'This dependency is not allowed.', http: 400, exit: E.invalidInput },
  { code: 5070, name: 'ERROR_CLUSTER_NODE_PAUSED', message: 'The node is paused.', http: 409, exit: E.unavailable },
  { code: 5071, name: 'ERROR_NODE_CANT_HOST_RESOURCE', message: 'The node cannot host the resource (anti-affinity conflict).', http: 409, exit: E.invalidState },
  { code: 5072, name: 'ERROR_CLUSTER_NODE_NOT_READY', message: 'The node is not ready to take requests.', http: 503, exit: E.unavailable },
  { code: 5073, name: 'ERROR_CLUSTER_NODE_SHUTTING_DOWN', message: 'The node is shutting down.', http: 503, exit: E.unavailable },
  { code: 5076, name: 'ERROR_CLUSTER_MAXNUM_OF_RESOURCES_EXCEEDED', message: 'Too many resources.', http: 400, exit: E.invalidInput },
  { code: 5078, name: 'ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND', message: 'No resource type has that name.', http: 404, exit: E.notFound },
  { code: 5079, name: 'ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED', message: 'The resource type is not supported on this node.', http: 400, exit: E.invalidInput },
  { code: 5080, name: 'ERROR_CLUSTER_RESNAME_NOT_FOUND', message: 'The resource type module does not implement that type.', http: 400, exit: E.invalidInput },
  { code: 5082, name: 'ERROR_CLUSTER_OWNER_NOT_IN_PREFLIST', message: 'The node is not in the group\'s preferred owners.', http: 409, exit: E.invalidState },
  { code: 5084, name: 'ERROR_RESMON_INVALID_STATE', message: 'The resource host reports the resource in the wrong state.', http: 409, exit: E.invalidState },
  { code: 5089, name: 'ERROR_RESOURCE_PROPERTY_UNCHANGEABLE', message: 'The property cannot be changed.', http: 400, exit: E.invalidInput },
  { code: 5895, name: 'ERROR_CLUSTER_PROPERTY_DATA_TYPE_MISMATCH', message: 'The property value has the wrong type.', http: 400, exit: E.invalidInput },
  { code: 5897, name: 'ERROR_CLUSTER_PARAMETER_MISMATCH', message: 'Two parameters contradict each other.', http: 400, exit: E.invalidInput },
  { code: 5908, name: 'ERROR_CLUSTER_GROUP_MOVING', message: 'The group is moving; the request conflicts with the move in progress.', http: 409, exit: E.invalidState },
  { code: 5909, name: 'ERROR_CLUSTER_RESOURCE_TYPE_BUSY', message: 'The resource type is busy.', http: 409, exit: E.invalidState },
  { code: 5910, name: 'ERROR_RESOURCE_CALL_TIMED_OUT', message: 'A call into the resource type did not return in time.', http: 504, exit: E.timeout },
  { code: 5913, name: 'ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS', message: 'A value is outside its allowed range.', http: 400, exit: E.invalidInput },
  { code: 5916, name: 'ERROR_CLUSTER_INVALID_STRING_TERMINATION', message: 'A string is not terminated.', http: 400, exit: E.invalidInput },
  { code: 5917, name: 'ERROR_CLUSTER_INVALID_STRING_FORMAT', message: 'A string is not in the expected format.', http: 400, exit: E.invalidInput },
  { code: 5925, name: 'ERROR_CLUSTER_NO_QUORUM', message: 'The cluster has no quorum.', http: 503, exit: E.unavailable },
  { code: 5928, name: 'ERROR_QUORUM_NOT_ALLOWED_IN_THIS_GROUP', message: 'The quorum resource is not allowed in this group.', http: 400, exit: E.invalidInput },
  { code: 5929, name: 'ERROR_DEPENDENCY_TREE_TOO_COMPLEX', message: 'The dependency tree is deeper than 100 levels.', http: 400, exit: E.invalidInput },
  { code: 5930, name: 'ERROR_EXCEPTION_IN_RESOURCE_CALL', message: 'The resource type threw from an entry point.', http: 500, exit: E.failed },
  { code: 5931, name: 'ERROR_CLUSTER_RHS_FAILED_INITIALIZATION', message: 'The resource host failed to initialize.', http: 500, exit: E.failed },
  { code: 5933, name: 'ERROR_CLUSTER_RESOURCES_MUST_BE_ONLINE_ON_THE_SAME_NODE', message: 'These resources must be online on the same node.', http: 409, exit: E.invalidState },
  { code: 5942, name: 'ERROR_CLUSTER_RESOURCE_PROVIDER_FAILED', message: 'A resource this one depends on has failed.', http: 409, exit: E.invalidState },
  { code: 5943, name: 'ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR', message: 'The resource is misconfigured.', http: 400, exit: E.invalidInput },
  { code: 5944, name: 'ERROR_CLUSTER_GROUP_BUSY', message: 'The group is busy with another operation.', http: 409, exit: E.invalidState },
  { code: 5952, name: 'ERROR_CLUSTER_WATCHDOG_TERMINATING', message: 'The watchdog is terminating the resource host.', http: 500, exit: E.failed },
  { code: 5953, name: 'ERROR_CLUSTER_RESOURCE_VETOED_MOVE_INCOMPATIBLE_NODES', message: 'A resource vetoed the move: the nodes are incompatible.', http: 409, exit: E.invalidState },
  { code: 5955, name: 'ERROR_CLUSTER_RESOURCE_VETOED_CALL', message: 'A resource vetoed the call.', http: 409, exit: E.invalidState },
  { code: 5956, name: 'ERROR_RESMON_SYSTEM_RESOURCES_LACKING', message: 'The node lacks the system resources for this.', http: 503, exit: E.unavailable },
  { code: 5957, name: 'ERROR_CLUSTER_RESOURCE_VETOED_MOVE_NOT_ENOUGH_RESOURCES_ON_DESTINATION', message: 'A resource vetoed the move: not enough resources on the destination.', http: 409, exit: E.invalidState },
  { code: 5958, name: 'ERROR_CLUSTER_RESOURCE_VETOED_MOVE_NOT_ENOUGH_RESOURCES_ON_SOURCE', message: 'A resource vetoed the move: not enough resources on the source.', http: 409, exit: E.invalidState },
  { code: 5959, name: 'ERROR_CLUSTER_GROUP_QUEUED', message: 'The move is queued and will be retried.', http: 202, exit: E.ok },
  { code: 5960, name: 'ERROR_CLUSTER_RESOURCE_LOCKED_STATUS', message: 'A resource the operation would take offline is locked; pass the ignore-locked flag to override.', http: 409, exit: E.locked },
  { code: 5961, name: 'ERROR_CLUSTER_SHARED_VOLUME_FAILOVER_NOT_ALLOWED', message: 'Failover of a shared volume is not allowed.', http: 409, exit: E.invalidState },
  { code: 5962, name: 'ERROR_CLUSTER_NODE_DRAIN_IN_PROGRESS', message: 'The node is being drained.', http: 409, exit: E.invalidState },
  { code: 5970, name: 'ERROR_CLUSTER_RESOURCE_IS_IN_MAINTENANCE_MODE', message: 'The resource is in maintenance mode.', http: 409, exit: E.invalidState },
  { code: 5971, name: 'ERROR_CLUSTER_AFFINITY_CONFLICT', message: 'The placement conflicts with an affinity rule.', http: 409, exit: E.invalidState },
  { code: 5972, name: 'ERROR_CLUSTER_RESOURCE_IS_REPLICA_VIRTUAL_MACHINE', message: 'The resource is a replica virtual machine.', http: 409, exit: E.invalidState },
];

export const ERROR_TABLE: ReadonlyMap<number, ErrorEntry> = new Map(ENTRIES.map((e) => [e.code, e]));

/** The codes by name, for code that wants to say `Win32.ERROR_IO_PENDING` rather than 997. */
export const Win32 = {
  ERROR_SUCCESS: 0,
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_NOT_ENOUGH_MEMORY: 8,
  ERROR_INVALID_DATA: 13,
  ERROR_SHARING_PAUSED: 70,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_MORE_DATA: 234,
  WAIT_TIMEOUT: 258,
  ERROR_OPERATION_ABORTED: 995,
  ERROR_IO_PENDING: 997,
  ERROR_CIRCULAR_DEPENDENCY: 1059,
  ERROR_SHUTDOWN_IN_PROGRESS: 1115,
  ERROR_NOT_FOUND: 1168,
  ERROR_CANCELLED: 1223,
  ERROR_INTERNAL_ERROR: 1359,
  ERROR_SPECIAL_GROUP: 1372,
  RPC_S_SERVER_UNAVAILABLE: 1722,
  ERROR_DEPENDENCY_NOT_FOUND: 5002,
  ERROR_DEPENDENCY_ALREADY_EXISTS: 5003,
  ERROR_HOST_NODE_NOT_AVAILABLE: 5005,
  ERROR_RESOURCE_NOT_AVAILABLE: 5006,
  ERROR_RESOURCE_NOT_FOUND: 5007,
  ERROR_OBJECT_ALREADY_EXISTS: 5010,
  ERROR_GROUP_NOT_AVAILABLE: 5012,
  ERROR_GROUP_NOT_FOUND: 5013,
  ERROR_HOST_NODE_NOT_RESOURCE_OWNER: 5015,
  ERROR_HOST_NODE_NOT_GROUP_OWNER: 5016,
  ERROR_RESMON_CREATE_FAILED: 5017,
  ERROR_CLUSTER_SHUTTING_DOWN: 5022,
  ERROR_INVALID_STATE: 5023,
  ERROR_RESOURCE_FAILED: 5038,
  ERROR_CLUSTER_NODE_NOT_FOUND: 5042,
  ERROR_CLUSTER_NODE_DOWN: 5050,
  ERROR_CLUSTER_NODE_UNREACHABLE: 5051,
  ERROR_DEPENDENCY_NOT_ALLOWED: 5069,
  ERROR_CLUSTER_NODE_PAUSED: 5070,
  ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND: 5078,
  ERROR_CLUSTER_PARAMETER_MISMATCH: 5897,
  ERROR_CLUSTER_GROUP_MOVING: 5908,
  ERROR_RESOURCE_CALL_TIMED_OUT: 5910,
  ERROR_CLUSTER_PARAMETER_OUT_OF_BOUNDS: 5913,
  ERROR_DEPENDENCY_TREE_TOO_COMPLEX: 5929,
  ERROR_EXCEPTION_IN_RESOURCE_CALL: 5930,
  ERROR_CLUSTER_RESOURCE_PROVIDER_FAILED: 5942,
  ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR: 5943,
  ERROR_CLUSTER_GROUP_BUSY: 5944,
  ERROR_CLUSTER_GROUP_QUEUED: 5959,
  ERROR_CLUSTER_RESOURCE_LOCKED_STATUS: 5960,
} as const;
export type Win32Code = (typeof Win32)[keyof typeof Win32];

const UNKNOWN: Omit<ErrorEntry, 'code'> = {
  name: 'ERROR_UNKNOWN',
  message: 'An error code Wolfpack does not know.',
  http: 500,
  exit: ExitCode.failed,
};

export function errorEntry(code: number): ErrorEntry {
  return ERROR_TABLE.get(code) ?? { code, ...UNKNOWN };
}

export function errorName(code: number): string {
  return errorEntry(code).name;
}

/** "5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS": how every surface names a code. */
export function describeCode(code: number): string {
  return `${code} ${errorName(code)}`;
}

/** 0 and 997 both mean accepted (wsfc.md §13 item 5). */
export function isAccepted(code: number): boolean {
  return code === Win32.ERROR_SUCCESS || code === Win32.ERROR_IO_PENDING;
}

/**
 * Bad input and refused requests cross layers as this error: a code from the table plus a detail
 * (for configuration errors, the YAML path). Exceptions are for bad input and bugs, never for
 * outcomes of resource calls (those are data).
 */
export class ClusterError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly detail: string;

  constructor(code: number, detail?: string) {
    const name = errorName(code);
    super(`${code} ${name}: ${detail ?? errorEntry(code).message}`);
    this.name = 'ClusterError';
    this.code = code;
    this.codeName = name;
    this.detail = detail ?? errorEntry(code).message;
  }
}

export function isClusterError(value: unknown): value is ClusterError {
  return value instanceof Error && typeof (value as { code?: unknown }).code === 'number' && 'codeName' in value;
}
