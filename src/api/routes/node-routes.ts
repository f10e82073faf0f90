/**
 * Nodes: the list, one node, and PauseClusterNodeEx / ResumeClusterNodeEx.
 *
 * Views come from the engine's records (every node holds the whole cluster's node states) plus
 * what only the cluster layer knows: the leader and each node's API address. A daemon alone has no
 * cluster layer: it is its own leader and no node has an address.
 *
 * Pause and resume need Full access and are the cluster layer's to carry out (draining moves
 * groups, failback brings them back). The API checks what it can first, in admission order: the
 * node's name (5042, 404), then the flags (87, 400); these request errors are not recorded. A
 * daemon alone answers 5005: with no other node, there is nowhere to drain to or fail back from.
 */
import type { FastifyRequest, RouteShorthandOptionsWithHandler } from 'fastify';
import type { FailbackWord, NodeCommandAnswer, NodePauseBody, NodeResumeBody } from '../contract.js';
import { Win32, describeCode, errorEntry, isAccepted } from '../../core/errors.js';
import { validateFlags } from '../../core/flags.js';
import { findNode } from '../../core/model.js';
import { ApiError } from '../api-error.js';
import { flagsOf } from '../commands.js';
import type { ApiDeps, NodeCommandResult } from '../deps.js';
import { AUTH_ERRORS, CommandAnswerSchema, CommandErrorSchema, ErrorBodySchema, NameParamsSchema, NodePauseBodySchema, NodeResumeBodySchema, NodeViewSchema, type JsonSchema } from '../schemas.js';
import { nodeView, nodeViews, type NodeDirectory } from '../views.js';
import { clientOf, principalOf, type NameParams, type RouteContext, type RouteModule } from './context.js';

export function nodeDirectory(deps: ApiDeps): NodeDirectory {
  const cluster = deps.cluster;
  if (cluster) return { leader: cluster.leader(), url: (node) => cluster.nodeUrl(node) };
  return { leader: deps.localNode, url: () => null };
}

/** The configured node's canonical name; an unknown one is 5042 with 404. */
function nodeOf(deps: ApiDeps, request: FastifyRequest): string {
  const name = (request.params as NameParams).name;
  const node = findNode(deps.engine.model, name);
  if (!node) throw new ApiError(404, Win32.ERROR_CLUSTER_NODE_NOT_FOUND, `no node named '${name}'`);
  return node.name;
}

const FAILBACK: Readonly<Record<FailbackWord, number>> = { none: 0, immediate: 1, policy: 2 };

function standalone(deps: ApiDeps): NodeCommandResult {
  const code = Win32.ERROR_HOST_NODE_NOT_AVAILABLE;
  return {
    code,
    name: errorEntry(code).name,
    detail: `${describeCode(code)}: node commands need a cluster (wolfpack serve --store etcd://...); this daemon runs ${deps.localNode} alone, so there is no other node to drain to or fail back from`,
    operation: null,
  };
}

function answerOf(result: NodeCommandResult): NodeCommandAnswer {
  return { code: result.code, name: result.name, message: result.detail ?? errorEntry(result.code).message, operation: result.operation };
}

type NodeCommand = (deps: ApiDeps, node: string, request: FastifyRequest) => Promise<NodeCommandResult>;

const pause: NodeCommand = async (deps, node, request) => {
  const body = request.body as NodePauseBody;
  const flags = flagsOf('nodePause', body.flags, 'PauseClusterNodeEx');
  if (validateFlags('nodePause', flags) !== Win32.ERROR_SUCCESS) {
    throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, '/flags', `0x${flags.toString(16)} has bits outside CLUSAPI_NODE_PAUSE_* (0x7)`);
  }
  if (!deps.cluster) return standalone(deps);
  const principal = principalOf(request);
  return deps.cluster.pauseNode(node, { flags, drain: body.drain ?? true }, { principal: principal.name, access: principal.access }, clientOf(request));
};

const resume: NodeCommand = async (deps, node, request) => {
  const body = request.body as NodeResumeBody;
  const failback = typeof body.failback === 'string' ? FAILBACK[body.failback] : (body.failback ?? 0);
  if (!deps.cluster) return standalone(deps);
  const principal = principalOf(request);
  return deps.cluster.resumeNode(node, { failback, flags: body.flags ?? 0 }, { principal: principal.name, access: principal.access }, clientOf(request));
};

function nodeCommandRoute(kind: 'pause-node' | 'resume-node', { deps, metrics }: RouteContext): RouteShorthandOptionsWithHandler {
  const [summary, body, run]: [string, JsonSchema, NodeCommand] =
    kind === 'pause-node'
      ? ['Pause a node and drain its groups (PauseClusterNodeEx)', NodePauseBodySchema, pause]
      : ['Resume a paused node, with failback none, immediate or per policy (ResumeClusterNodeEx)', NodeResumeBodySchema, resume];
  return {
    config: { access: 'full', errorFields: { operation: null } },
    schema: {
      summary,
      description: 'Needs Full access. 5042 (404) for an unknown node, 87 (400) for bad flags; a daemon without a cluster answers 5005. Otherwise the cluster\'s answer: 997 accepted (a drain or failback runs), 0 nothing to do, or its rejection.',
      tags: ['nodes'],
      params: NameParamsSchema,
      body,
      response: { '2xx': CommandAnswerSchema, '4xx': CommandErrorSchema, '5xx': CommandErrorSchema },
    },
    preValidation: (request, _reply, done) => {
      request.body ??= {};
      done();
    },
    handler: async (request, reply) => {
      const result = await run(deps, nodeOf(deps, request), request);
      if (!isAccepted(result.code)) metrics.rejected(kind);
      return reply.code(errorEntry(result.code).http).send(answerOf(result));
    },
  };
}

export const nodeRoutes: RouteModule = (app, context) => {
  const { deps } = context;

  app.get('/v1/nodes', {
    config: { access: 'read' },
    schema: { summary: 'Every configured node with its state, leader mark, pause and address', tags: ['nodes'], response: { 200: { type: 'array', items: NodeViewSchema }, ...AUTH_ERRORS } },
    handler: async () => nodeViews(deps.engine, nodeDirectory(deps)),
  });

  app.get('/v1/nodes/:name', {
    config: { access: 'read' },
    schema: { summary: 'One node (names are case-insensitive; GetClusterNodeState)', tags: ['nodes'], params: NameParamsSchema, response: { 200: NodeViewSchema, 404: ErrorBodySchema, ...AUTH_ERRORS } },
    handler: async (request) => nodeView(deps.engine, nodeOf(deps, request), nodeDirectory(deps)),
  });

  app.post('/v1/nodes/:name/pause', nodeCommandRoute('pause-node', context));
  app.post('/v1/nodes/:name/resume', nodeCommandRoute('resume-node', context));
};
