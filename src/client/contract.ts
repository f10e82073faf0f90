/**
 * The HTTP API v1 contract: every request body and every answer, as types. The server (src/api)
 * implements it, the typed client (src/client) speaks it, the CLI and the UI read it. Property
 * lists travel in the shared JSON form of src/proplist, or as base64 CLUSPROP bytes.
 *
 * Routes (all JSON; every error body is an ErrorBody):
 *   GET    /v1/cluster                      ClusterView
 *   GET    /v1/nodes                        NodeView[]
 *   GET    /v1/nodes/:name                  NodeView
 *   POST   /v1/nodes/:name/pause            NodePauseBody -> NodeCommandAnswer   (PauseClusterNodeEx)
 *   POST   /v1/nodes/:name/resume           NodeResumeBody -> NodeCommandAnswer  (ResumeClusterNodeEx)
 *   GET    /v1/groups                       GroupView[]
 *   GET    /v1/groups/:name                 GroupView
 *   GET    /v1/groups/:name/state           GroupStateView
 *   POST   /v1/groups/:name/offline         CommandBody -> CommandAnswer
 *   POST   /v1/groups/:name/online          CommandBody -> CommandAnswer
 *   POST   /v1/groups/:name/move            MoveBody -> CommandAnswer     (MoveClusterGroupEx)
 *   POST   /v1/groups/:name/cancel          CancelBody -> CommandAnswer   (CancelClusterGroupOperation)
 *   GET    /v1/resources                    ResourceView[]
 *   GET    /v1/resources/:name              ResourceView
 *   GET    /v1/resources/:name/state        ResourceStateView
 *   POST   /v1/resources/:name/offline      CommandBody -> CommandAnswer
 *   POST   /v1/resources/:name/online       CommandBody -> CommandAnswer
 *   GET    /v1/operations?limit&principal&target&kind&outcome   OperationView[] (newest first)
 *   GET    /v1/operations/:id               OperationView
 *   GET    /v1/events                       text/event-stream of EventMessage; resumes after Last-Event-ID
 *   GET    /v1/config                       ConfigView (YAML text + revision)
 *   POST   /v1/config                       ApplyBody -> ApplyAnswer (validated; idempotent; plan: true previews)
 *   GET    /v1/tokens                       TokenView[]            (Full)
 *   POST   /v1/tokens                       TokenCreateBody -> TokenCreated (Full; the secret is shown once)
 *   DELETE /v1/tokens/:id                   TokenView              (Full)
 *   GET    /v1/whoami                       WhoAmI
 *   GET    /v1/openapi.json                 the OpenAPI 3 document
 *   GET    /metrics                         Prometheus text (Read)
 *
 * Access (wsfc.md §9): reads need Read, commands/config/tokens/node commands need Full. A missing
 * or unknown bearer token is code 5 with HTTP 401; a known token without enough access is code 5
 * with 403.
 *
 * Group and resource commands sent to a node that does not own the group are forwarded by that
 * node to the owner (docs/api.md "Forwarding"); the owner's answer is the answer.
 */

/** The Win32 code number and name, and a sentence: the head of every answer that carries a code. */
export interface CodedAnswer {
  readonly code: number;
  readonly name: string;
  readonly message: string;
}

/** Every error answer. */
export interface ErrorBody extends CodedAnswer {
  /** For validation errors: each problem with its location (body path or YAML path). */
  readonly issues?: ReadonlyArray<{ readonly path: string; readonly code: number; readonly message: string }>;
}

export type AccessLevel = 'read' | 'full';

export interface WhoAmI {
  readonly principal: string;
  readonly access: AccessLevel;
  /**
   * How the caller was recognised: a bearer token, the owner-only local socket, or a request another
   * node of the cluster forwarded for its caller (signed with the cluster's secret).
   */
  readonly via: 'token' | 'local-socket' | 'forwarded';
}

export interface NodeView {
  readonly name: string;
  /** CLUSTER_NODE_STATE number (Up 0, Down 1, Paused 2, Joining 3). */
  readonly state: number;
  readonly stateName: string;
  /** The node that runs placement (the elected leader); a daemon alone is its own leader. */
  readonly leader: boolean;
  readonly paused: boolean;
  /** The node's API address from its membership record; null when Down or unknown (a daemon alone). */
  readonly url: string | null;
}

export interface ResourceView {
  readonly name: string;
  readonly group: string;
  readonly type: string;
  /** CLUSTER_RESOURCE_STATE number. */
  readonly state: number;
  readonly stateName: string;
  /** 0 offline, 1 online. */
  readonly persistentState: number;
  readonly locked: boolean;
  /** The reason the type gave with setLockedMode while locked, else null. */
  readonly lockedReason: number | null;
  readonly failureReason: string | null;
  readonly owner: string | null;
  /** The dependency expression in text form, e.g. "[Db] and ([Disk] or [Cache])"; "" when none. */
  readonly dependsOn: string;
  /** Names of the resources this one depends on, flattened (for drawing the graph). */
  readonly providers: readonly string[];
  /** The running operation that owns this resource, if any. */
  readonly operation: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly common: Readonly<Record<string, number>>;
}

export interface GroupView {
  readonly name: string;
  /** CLUSTER_GROUP_STATE number. */
  readonly state: number;
  readonly stateName: string;
  readonly owner: string | null;
  readonly persistentState: number;
  readonly preferredOwners: readonly string[];
  /** True when at least one resource is locked (CLUSGRP_STATUS_LOCKED_MODE). */
  readonly locked: boolean;
  readonly moving: boolean;
  readonly resources: readonly ResourceView[];
}

/** `wolfpack group state NAME --json`: {"state": 1, "name": "ClusterGroupOffline", "owner": "node1"}. */
export interface GroupStateView {
  readonly state: number;
  readonly name: string;
  readonly owner: string | null;
}

export interface ResourceStateView extends GroupStateView {
  readonly group: string;
}

export interface ClusterView {
  readonly name: string;
  readonly nodes: readonly NodeView[];
  readonly groups: readonly GroupView[];
  /** The configuration revision in the store. */
  readonly configRevision: number;
  /** The newest event sequence number (for resuming /v1/events). */
  readonly lastEventId: number;
}

/** A property list in the shared JSON form of src/proplist (e.g. {"Virtual Machine": {"type": "dword", "value": 1}}). */
export type PropertiesJson = Readonly<Record<string, unknown>> | ReadonlyArray<unknown>;

export interface CommandBody {
  /** The call's flags: a DWORD, or names of its family ("IGNORE_RESOURCE_STATUS" or the full constant). */
  readonly flags?: number | readonly string[];
  /** Offline only: a CLUSAPI_RESOURCE_OFFLINE_REASON_* number or word (moving, user, deleting, restarting, preempted, shutdown, unknown, none). */
  readonly reason?: number | string;
  /** The input buffer in JSON form ... */
  readonly properties?: PropertiesJson;
  /** ... or as base64 CLUSPROP bytes (not both). */
  readonly propertiesBase64?: string;
  /** Dry run: admit and plan, change nothing, answer with the plan. */
  readonly plan?: boolean;
}

/** MoveClusterGroupEx's arguments (POST /v1/groups/:name/move). */
export interface MoveBody {
  /** The destination node; absent or null: the cluster picks (preferred owners first). */
  readonly to?: string | null;
  /** CLUSAPI_GROUP_MOVE_*: a DWORD or names ("QUEUE_ENABLED", "RETURN_TO_SOURCE_NODE_ON_ERROR", ...). */
  readonly flags?: number | readonly string[];
  /** The input buffer, given to every resource's OfflineV2 on the source and OnlineV2 on the destination. */
  readonly properties?: PropertiesJson;
  readonly propertiesBase64?: string;
  readonly plan?: boolean;
}

/** CancelClusterGroupOperation's arguments (POST /v1/groups/:name/cancel). */
export interface CancelBody {
  /** dwCancelFlags_RESERVED: anything but 0 is 87. */
  readonly flags?: number;
  readonly plan?: boolean;
}

/** PauseClusterNodeEx's arguments (POST /v1/nodes/:name/pause). */
export interface NodePauseBody {
  /** CLUSAPI_NODE_PAUSE_* / CLUSAPI_NODE_AVOID_PLACEMENT: a DWORD or names ("AVOID_PLACEMENT", ...). */
  readonly flags?: number | readonly string[];
  /** Move the node's groups away (default true). */
  readonly drain?: boolean;
}

/** ResumeClusterNodeEx's failback: DoNotFailbackGroups 0, FailbackGroupsImmediately 1, FailbackGroupsPerPolicy 2. */
export type FailbackWord = 'none' | 'immediate' | 'policy';

/** ResumeClusterNodeEx's arguments (POST /v1/nodes/:name/resume). */
export interface NodeResumeBody {
  /** Default 0 (none). */
  readonly failback?: 0 | 1 | 2 | FailbackWord;
  /** dwResumeFlagsReserved (CLUSAPI_NODE_RESUME_FAILBACK_*), passed to the cluster as given. */
  readonly flags?: number;
}

/** A node command's answer: the coded head and the operation that recorded it (null when none did). */
export interface NodeCommandAnswer extends CodedAnswer {
  readonly operation: string | null;
  /** When the body itself was wrong (400): each problem with its body path. */
  readonly issues?: NonNullable<ErrorBody['issues']>;
}

export interface PlanStepView {
  readonly id: number;
  readonly action: 'offline' | 'terminate' | 'online';
  readonly resource: string;
  readonly after: readonly number[];
  readonly resDllFlags: number;
  readonly reason: number | null;
}

export interface PlanView {
  readonly code: number;
  readonly steps: readonly PlanStepView[];
  /** A move's source and chosen destination; `queued` when QUEUE_ENABLED waits for a lock to clear. */
  readonly move?: { readonly from: string; readonly to: string; readonly queued: boolean };
  /** The plan in the scenario text format, as `wolfpack plan` prints it. */
  readonly text: string;
}

/** The answer to every command: 997 accepted and running, 0 nothing to do, anything else rejected. */
export interface CommandAnswer extends CodedAnswer {
  /** The operation's id (rejections are recorded too); null for dry runs. */
  readonly operation: string | null;
  readonly plan?: PlanView;
  /** When the body itself was wrong (400): each problem with its body path. */
  readonly issues?: ErrorBody['issues'];
}

export interface StepView {
  readonly id: number;
  readonly action: 'offline' | 'terminate' | 'online';
  readonly resource: string;
  readonly after: readonly number[];
  readonly resDllFlags: number;
  readonly reason: number | null;
  readonly status: 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';
  readonly start: number | null;
  readonly end: number | null;
  readonly exec: string | null;
  readonly code: number | null;
  readonly detail: string | null;
}

/** A command, or an audited change: a configuration apply, a token created or revoked, a failover, a node paused or resumed. */
export type OperationKindName =
  | 'offline-group'
  | 'offline-resource'
  | 'online-group'
  | 'online-resource'
  | 'move-group'
  | 'cancel-group'
  | 'apply-config'
  | 'create-token'
  | 'revoke-token'
  | 'failover-group'
  | 'pause-node'
  | 'resume-node';

/** `cancelled`: a move ended by CancelClusterGroupOperation before its handover. */
export type OperationOutcomeName = 'running' | 'succeeded' | 'failed' | 'rejected' | 'interrupted' | 'nothing-to-do' | 'cancelled';

export interface OperationView {
  readonly id: string;
  readonly kind: OperationKindName;
  readonly target: string;
  readonly actor: string;
  readonly client: string;
  readonly flags: number;
  readonly reason: number | null;
  readonly destinationNode: string | null;
  readonly input: { readonly json: unknown; readonly base64: string } | null;
  readonly code: number;
  readonly codeName: string;
  readonly detail: string | null;
  readonly submitted: number;
  readonly ended: number | null;
  readonly outcome: OperationOutcomeName;
  readonly cause: string | null;
  readonly steps: readonly StepView[];
}

/** One SSE message: `id: <seq>`, `event: <type>`, `data: <this JSON>`. */
export interface EventMessage {
  readonly seq: number;
  readonly time: number;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface ConfigView {
  readonly yaml: string;
  readonly revision: number;
}

export interface ApplyBody {
  readonly yaml: string;
  /** Preview: validate and diff, change nothing. */
  readonly plan?: boolean;
}

export interface ApplyAnswer extends CodedAnswer {
  /** Human lines, e.g. "+ resource App (group DemoGroup)", "~ resource Disk: PendingTimeout 180000 -> 60000". */
  readonly diff: readonly string[];
  readonly revision: number;
  readonly changed: boolean;
  /** Operations started to take removed resources offline (reason BEING_DELETED). */
  readonly operations: readonly string[];
}

export interface TokenCreateBody {
  readonly name: string;
  readonly access: AccessLevel;
}

export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly access: AccessLevel;
  readonly created: number;
  readonly revoked: boolean;
}

export interface TokenCreated extends TokenView {
  /** The bearer secret; stored only as a hash, shown once. */
  readonly token: string;
}
