/**
 * The group and resource commands (offline, online, move, cancel) share one handler: body ->
 * engine command -> dry run or engine.submit -> CommandAnswer with the HTTP status of its code.
 *
 * Access: the route lets any known principal through and submits with the principal's access, so
 * the engine's admission answers a Read principal with 5 and records the attempt (HTTP 403). A
 * Read principal whose body is not even a command gets 5/403 from here (access is checked before
 * parameters, as in admission), unrecorded, since there is no command to record.
 *
 * Ownership: when the cluster says another node owns the command's group (a resource's group for
 * resource commands), the request goes to that node as it came (forward.ts), dry runs too; the
 * owner's answer is the answer. Unknown names are answered here (there is no owner to ask).
 */
import type { FastifyReply, FastifyRequest, RouteShorthandOptionsWithHandler } from 'fastify';
import type { CommandKind } from '../../core/commands.js';
import { isAccepted, Win32 } from '../../core/errors.js';
import type { EngineCommand } from '../../engine/engine.js';
import { ApiError, sendError } from '../api-error.js';
import { commandAnswer, commandStatus, dryRun, toEngineCommand, type AnyCommandBody } from '../commands.js';
import type { ApiDeps } from '../deps.js';
import { forwardToOwner, isForwarded } from '../forward.js';
import { CancelBodySchema, CommandAnswerSchema, CommandBodySchema, CommandErrorSchema, MoveBodySchema, NameParamsSchema, type JsonSchema } from '../schemas.js';
import { clientOf, principalOf, type NameParams, type RouteContext } from './context.js';

const TEXT: Readonly<Record<CommandKind, string>> = {
  'offline-group': 'Take a group offline (OfflineClusterGroupEx)',
  'online-group': 'Bring a group online (OnlineClusterGroupEx)',
  'offline-resource': 'Take a resource offline (OfflineClusterResourceEx)',
  'online-resource': 'Bring a resource online (OnlineClusterResourceEx)',
  'move-group': 'Move a group to another node (MoveClusterGroupEx)',
  'cancel-group': "Cancel a group's queued or running move (CancelClusterGroupOperation)",
};

const BODY: Readonly<Record<CommandKind, JsonSchema>> = {
  'offline-group': CommandBodySchema,
  'online-group': CommandBodySchema,
  'offline-resource': CommandBodySchema,
  'online-resource': CommandBodySchema,
  'move-group': MoveBodySchema,
  'cancel-group': CancelBodySchema,
};

const DESCRIPTION =
  'Needs Full access. Answers 202 with 997 when work was scheduled, 200 with 0 when there was nothing to do, or the rejection code with its HTTP status; `plan: true` answers with the plan and changes nothing. Sent to a node that does not own the group, the request is forwarded to the owner and its answer returned (503 with 5050 when the owner cannot be reached).';

/** The canonical name of the group a command acts on, or null when the name is unknown here. */
function groupOf(kind: CommandKind, name: string, deps: ApiDeps): string | null {
  switch (kind) {
    case 'offline-group':
    case 'online-group':
    case 'move-group':
    case 'cancel-group':
      return deps.engine.group(name)?.config.name ?? null;
    case 'offline-resource':
    case 'online-resource':
      return deps.engine.resource(name)?.config.group ?? null;
  }
}

export function commandRoute(kind: CommandKind, { deps, metrics }: RouteContext): RouteShorthandOptionsWithHandler {
  return {
    // A command answer always says which operation recorded it; request errors record none.
    config: { access: 'command', errorFields: { operation: null } },
    schema: {
      summary: TEXT[kind],
      description: DESCRIPTION,
      tags: [kind.endsWith('group') ? 'groups' : 'resources'],
      params: NameParamsSchema,
      body: BODY[kind],
      response: { '2xx': CommandAnswerSchema, '4xx': CommandErrorSchema, '5xx': CommandErrorSchema },
    },
    // Every field is optional, so a POST without a body is a command with defaults.
    preValidation: (request, _reply, done) => {
      request.body ??= {};
      done();
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = principalOf(request);
      const name = (request.params as NameParams).name;
      const group = deps.cluster && !isForwarded(request) ? groupOf(kind, name, deps) : null;
      const owner = group === null ? null : deps.cluster?.forwardTarget(group);
      if (group !== null && owner) {
        // The owner counts and records what it answers; only an owner out of reach is counted here.
        if (!(await forwardToOwner(request, reply, group, owner, principal))) metrics.rejected(kind);
        return reply;
      }

      const body = (request.body ?? {}) as AnyCommandBody;
      const caller = { principal: principal.name, access: principal.access };
      let command: EngineCommand;
      try {
        command = toEngineCommand(kind, name, body, caller);
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
