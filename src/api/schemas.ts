/**
 * The JSON Schemas of every body, parameter and answer of API v1: the one source that fastify
 * validates requests with, serializes answers with (fast-json-stringify), and that
 * /v1/openapi.json is generated from. They mirror src/client/contract.ts field for field.
 * Schemas given a name with `named()` become components of the OpenAPI document.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

const NAMES = new Map<object, string>();

function named<T extends JsonSchema>(name: string, schema: T): T {
  NAMES.set(schema, name);
  return schema;
}

/** The component name of a schema, if it has one. */
export function schemaName(schema: object): string | undefined {
  return NAMES.get(schema);
}

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
const ints = { type: 'array', items: int } as const;

function object(properties: Record<string, JsonSchema>, optional: readonly string[] = [], extra: Record<string, unknown> = {}): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
    ...extra,
  };
}

export const ErrorBodySchema = named(
  'ErrorBody',
  object(
    {
      code: int,
      name: str,
      message: str,
      issues: { type: 'array', items: object({ path: str, code: int, message: str }) },
    },
    ['issues'],
    { description: 'Every error: the Win32 code number and name, a sentence, and for bad input each problem with its path.' },
  ),
);

export const AccessSchema = { type: 'string', enum: ['read', 'full'] } as const;

export const WhoAmISchema = named('WhoAmI', object({ principal: str, access: AccessSchema, via: { type: 'string', enum: ['token', 'local-socket', 'forwarded'] } }));

export const NodeViewSchema = named(
  'NodeView',
  object({
    name: str,
    state: { type: 'integer', description: 'CLUSTER_NODE_STATE number: Up 0, Down 1, Paused 2, Joining 3' },
    stateName: str,
    leader: { type: 'boolean', description: 'The node runs placement (the elected leader); a daemon alone is its own leader.' },
    paused: bool,
    url: { type: ['string', 'null'], description: "The node's API address from its membership record; null when Down, or on a daemon alone." },
  }),
);

export const ResourceViewSchema = named(
  'ResourceView',
  object({
    name: str,
    group: str,
    type: str,
    state: { type: 'integer', description: 'CLUSTER_RESOURCE_STATE number' },
    stateName: str,
    persistentState: { type: 'integer', description: '0 offline, 1 online' },
    locked: bool,
    lockedReason: nullableInt,
    failureReason: nullableStr,
    owner: nullableStr,
    dependsOn: { type: 'string', description: 'The dependency expression, e.g. "[Db] and ([Disk] or [Cache])"; "" when none.' },
    providers: strings,
    operation: nullableStr,
    properties: { type: 'object', additionalProperties: true },
    common: { type: 'object', additionalProperties: { type: 'number' } },
  }),
);

export const GroupViewSchema = named(
  'GroupView',
  object({
    name: str,
    state: { type: 'integer', description: 'CLUSTER_GROUP_STATE number' },
    stateName: str,
    owner: nullableStr,
    persistentState: int,
    preferredOwners: strings,
    locked: bool,
    moving: bool,
    resources: { type: 'array', items: ResourceViewSchema },
  }),
);

export const GroupStateViewSchema = named('GroupStateView', object({ state: int, name: str, owner: nullableStr }));

export const ResourceStateViewSchema = named('ResourceStateView', object({ state: int, name: str, owner: nullableStr, group: str }));

export const ClusterViewSchema = named(
  'ClusterView',
  object({
    name: str,
    nodes: { type: 'array', items: NodeViewSchema },
    groups: { type: 'array', items: GroupViewSchema },
    configRevision: int,
    lastEventId: { type: 'integer', description: 'The newest event sequence number: resume /v1/events after it.' },
  }),
);

export const CommandBodySchema = named(
  'CommandBody',
  object(
    {
      flags: {
        description: 'must be a DWORD (an integer 0..4294967295) or a list of flag names of the call',
        anyOf: [
          { type: 'integer', minimum: 0, maximum: 4294967295 },
          { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 }, maxItems: 32 },
        ],
      },
      reason: {
        description: 'must be a CLUSAPI_RESOURCE_OFFLINE_REASON_* number or word (moving, user, deleting, restarting, preempted, shutdown, unknown, none)',
        anyOf: [
          { type: 'integer', minimum: 0, maximum: 4294967295 },
          { type: 'string', minLength: 1, maxLength: 64 },
        ],
      },
      properties: {
        description: 'must be a property list in the JSON form (an object or an array of entries)',
        anyOf: [{ type: 'object' }, { type: 'array' }],
      },
      propertiesBase64: { type: 'string', description: 'The input buffer as base64 CLUSPROP bytes.' },
      plan: { type: 'boolean', description: 'Dry run: admit and plan, change nothing.' },
    },
    ['flags', 'reason', 'properties', 'propertiesBase64', 'plan'],
  ),
);

/** The CommandBody's fields, shared by the bodies that take the same things. */
const commandFields = CommandBodySchema['properties'] as Record<string, JsonSchema>;

export const MoveBodySchema = named(
  'MoveBody',
  object(
    {
      to: { type: ['string', 'null'], minLength: 1, maxLength: 256, description: 'The destination node; absent or null: the cluster picks (preferred owners first).' },
      flags: commandFields['flags'] as JsonSchema,
      properties: commandFields['properties'] as JsonSchema,
      propertiesBase64: commandFields['propertiesBase64'] as JsonSchema,
      plan: commandFields['plan'] as JsonSchema,
    },
    ['to', 'flags', 'properties', 'propertiesBase64', 'plan'],
  ),
);

const dword = { type: 'integer', minimum: 0, maximum: 4294967295, description: 'must be a DWORD (an integer 0..4294967295)' } as const;

export const CancelBodySchema = named(
  'CancelBody',
  object({ flags: { ...dword, description: 'dwCancelFlags_RESERVED: anything but 0 is 87 (recorded).' }, plan: commandFields['plan'] as JsonSchema }, ['flags', 'plan']),
);

export const NodePauseBodySchema = named(
  'NodePauseBody',
  object(
    {
      flags: { ...(commandFields['flags'] as JsonSchema), description: 'must be a DWORD or a list of CLUSAPI_NODE_PAUSE_* names (REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, AVOID_PLACEMENT, RETRY_DRAIN_ON_FAILURE)' },
      drain: { type: 'boolean', description: 'Move the node\'s groups away (default true).' },
    },
    ['flags', 'drain'],
  ),
);

export const NodeResumeBodySchema = named(
  'NodeResumeBody',
  object(
    {
      failback: {
        description: 'must be 0, 1, 2 or none, immediate, policy (DoNotFailbackGroups, FailbackGroupsImmediately, FailbackGroupsPerPolicy)',
        anyOf: [
          { type: 'integer', enum: [0, 1, 2] },
          { type: 'string', enum: ['none', 'immediate', 'policy'] },
        ],
      },
      flags: { ...dword, description: 'dwResumeFlagsReserved (CLUSAPI_NODE_RESUME_FAILBACK_*), passed to the cluster as given.' },
    },
    ['failback', 'flags'],
  ),
);

const stepFields = {
  id: int,
  action: { type: 'string', enum: ['offline', 'terminate', 'online'] },
  resource: str,
  after: ints,
  resDllFlags: int,
  reason: nullableInt,
};

export const PlanViewSchema = named(
  'PlanView',
  object({ code: int, steps: { type: 'array', items: named('PlanStepView', object(stepFields)) }, move: object({ from: str, to: str, queued: bool }), text: str }, ['move']),
);

/** Every kind of the operation log, and every outcome (the API filters and views use the same lists). */
const OPERATION_KINDS = ['offline-group', 'offline-resource', 'online-group', 'online-resource', 'move-group', 'cancel-group', 'apply-config', 'create-token', 'revoke-token', 'failover-group', 'pause-node', 'resume-node'];
const OUTCOMES = ['running', 'succeeded', 'failed', 'rejected', 'interrupted', 'nothing-to-do', 'cancelled'];

export const CommandAnswerSchema = named(
  'CommandAnswer',
  object({ code: int, name: str, message: str, operation: nullableStr, plan: PlanViewSchema }, ['plan'], {
    description: 'The answer to every command: 997 accepted and running, 0 nothing to do, anything else rejected.',
  }),
);

/** A command route's error answers are either a recorded rejection (CommandAnswer) or an ErrorBody. */
export const CommandErrorSchema = {
  type: 'object',
  properties: {
    code: int,
    name: str,
    message: str,
    operation: nullableStr,
    plan: PlanViewSchema,
    issues: (ErrorBodySchema['properties'] as Record<string, JsonSchema>)['issues'],
  },
  required: ['code', 'name', 'message'],
  additionalProperties: false,
  description: 'A rejected command (CommandAnswer, with its operation id) or a request error (ErrorBody).',
} as const;

export const StepViewSchema = named(
  'StepView',
  object({
    ...stepFields,
    status: { type: 'string', enum: ['waiting', 'running', 'succeeded', 'failed', 'skipped'] },
    start: nullableInt,
    end: nullableInt,
    exec: nullableStr,
    code: nullableInt,
    detail: nullableStr,
  }),
);

export const OperationViewSchema = named(
  'OperationView',
  object({
    id: str,
    kind: { type: 'string', enum: OPERATION_KINDS },
    target: str,
    actor: str,
    client: str,
    flags: int,
    reason: nullableInt,
    destinationNode: nullableStr,
    input: {
      type: ['object', 'null'],
      properties: { json: { description: 'The decoded property list in the JSON form, or null when it did not parse.' }, base64: str },
      required: ['json', 'base64'],
      additionalProperties: false,
    },
    code: int,
    codeName: str,
    detail: nullableStr,
    submitted: int,
    ended: nullableInt,
    outcome: { type: 'string', enum: OUTCOMES },
    cause: nullableStr,
    steps: { type: 'array', items: StepViewSchema },
  }),
);

export const ConfigViewSchema = named('ConfigView', object({ yaml: str, revision: int }));

export const ApplyBodySchema = named('ApplyBody', object({ yaml: { type: 'string', maxLength: 1_048_576 }, plan: bool }, ['plan']));

export const ApplyAnswerSchema = named(
  'ApplyAnswer',
  object({ code: int, name: str, message: str, diff: strings, revision: int, changed: bool, operations: strings }),
);

export const TokenCreateBodySchema = named(
  'TokenCreateBody',
  object({ name: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._@:-]*$' }, access: AccessSchema }),
);

const tokenViewFields = { id: str, name: str, access: AccessSchema, created: int, revoked: bool };
export const TokenViewSchema = named('TokenView', object(tokenViewFields));
export const TokenCreatedSchema = named(
  'TokenCreated',
  object({ ...tokenViewFields, token: { type: 'string', description: 'The bearer secret; stored only as a hash, shown once.' } }),
);

export const NameParamsSchema = object({ name: { type: 'string', minLength: 1, maxLength: 256 } });
export const IdParamsSchema = object({ id: { type: 'string', minLength: 1, maxLength: 64 } });
export const TokenIdParamsSchema = object({ id: { type: 'string', pattern: '^[0-9a-f]{1,64}$', description: 'The token id (the part after wp_).' } });

// Query strings arrive as text and the validator does not coerce (a JSON body's "1" must stay a
// wrong type), so numbers in queries are digit strings checked by pattern and parsed by the route.
const digits = { type: 'string', pattern: '^[0-9]{1,15}$' } as const;

export const OperationsQuerySchema = object(
  {
    limit: { ...digits, description: 'At most this many (default 100, at most 10000).' },
    principal: str,
    target: str,
    kind: { type: 'string', enum: OPERATION_KINDS },
    outcome: { type: 'string', enum: OUTCOMES },
  },
  ['limit', 'principal', 'target', 'kind', 'outcome'],
);

export const EventsQuerySchema = object(
  {
    lastEventId: { ...digits, description: 'Resume after this sequence number (the Last-Event-ID header wins when both are given).' },
    access_token: { type: 'string', description: 'The bearer token, for clients that cannot set headers (EventSource).' },
  },
  ['lastEventId', 'access_token'],
);

/** Common answers for routes: the error bodies every authenticated route may give. */
export const AUTH_ERRORS = { 401: ErrorBodySchema, 403: ErrorBodySchema } as const;
