/**
 * The four commands (offline/online of a group/resource) share one handler: body -> engine
 * command -> dry run or engine.submit -> CommandAnswer with the HTTP status of its code.
 *
 * Access: the route lets any known principal through and submits with the principal's access, so
 * the engine's admission answers a Read principal with 5 and records the attempt (HTTP 403). A
 * Read principal whose body is not even a command gets 5/403 from here (access is checked before
 * parameters, as in admission), unrecorded, since there is no command to record.
 */
import type { FastifyReply, FastifyRequest, RouteShorthandOptionsWithHandler } from 'fastify';
import type { CommandBody } from '../contract.js';
import type { CommandKind } from '../../core/commands.js';
import { isAccepted, Win32 } from '../../core/errors.js';
import type { EngineCommand } from '../../engine/engine.js';
import { ApiError, sendError } from '../api-error.js';
import { commandAnswer, commandStatus, dryRun, toEngineCommand } from '../commands.js';
import { CommandAnswerSchema, CommandBodySchema, CommandErrorSchema, NameParamsSchema } from '../schemas.js';
import { principalOf, type NameParams, type RouteContext } from './context.js';

/**
 * The surface a request came through, for the operation record (X-Wolfpack-Client: cli, ui,
 * clusapi, ...). A short word only; "engine" is the engine's own and cannot be claimed.
 */
function clientOf(request: FastifyRequest): string {
  const header = request.headers['x-wolfpack-client'];
  return typeof header === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(header) && header !== 'engine' ? header : 'api';
}

const TEXT: Readonly<Record<CommandKind, string>> = {
  'offline-group': 'Take a group offline (OfflineClusterGroupEx)',
  'online-group': 'Bring a group online (OnlineClusterGroupEx)',
  'offline-resource': 'Take a resource offline (OfflineClusterResourceEx)',
  'online-resource': 'Bring a resource online (OnlineClusterResourceEx)',
};

export function commandRoute(kind: CommandKind, { deps, metrics }: RouteContext): RouteShorthandOptionsWithHandler {
  return {
    // A command answer always says which operation recorded it; request errors record none.
    config: { access: 'command', errorFields: { operation: null } },
    schema: {
      summary: TEXT[kind],
      description: 'Needs Full access. Answers 202 with 997 when work was scheduled, 200 with 0 when there was nothing to do, or the rejection code with its HTTP status; `plan: true` answers with the plan and changes nothing.',
      tags: [kind.endsWith('group') ? 'groups' : 'resources'],
      params: NameParamsSchema,
      body: CommandBodySchema,
      response: { '2xx': CommandAnswerSchema, '4xx': CommandErrorSchema, '5xx': CommandErrorSchema },
    },
    // Every field is optional, so a POST without a body is a command with defaults.
    preValidation: (request, _reply, done) => {
      request.body ??= {};
      done();
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = principalOf(request);
      const body = (request.body ?? {}) as CommandBody;
      const caller = { principal: principal.name, access: principal.access };
      let command: EngineCommand;
      try {
        command = toEngineCommand(kind, (request.params as NameParams).name, body, caller);
      } catch (error) {
        if (error instanceof ApiError && principal.access !== 'full') {
          return sendError(reply, 403, Win32.ERROR_ACCESS_DENIED, `principal '${principal.name}' has read access; ${kind} needs full access`);
        }
        throw error;
      }
      if (body.plan === true) {
        const answer = dryRun(deps.engine, command);
        return reply.code(commandStatus(answer.code)).send(answer);
      }
      const result = await deps.engine.submit(command, { client: clientOf(request) });
      if (!isAccepted(result.code)) metrics.rejected(kind);
      return reply.code(commandStatus(result.code)).send(commandAnswer(result));
    },
  };
}
