/** The operation log: newest first, filtered; one operation with its timeline of steps. */
import { Win32 } from '../../core/errors.js';
import type { OperationRecord } from '../../engine/operation.js';
import { ApiError } from '../api-error.js';
import { AUTH_ERRORS, ErrorBodySchema, IdParamsSchema, OperationsQuerySchema, OperationViewSchema } from '../schemas.js';
import { operationView } from '../views.js';
import type { RouteModule } from './context.js';

const MAX_LIMIT = 10_000;

interface OperationsQuery {
  readonly limit?: string;
  readonly principal?: string;
  readonly target?: string;
  readonly kind?: string;
  readonly outcome?: string;
}

function matches(query: OperationsQuery): (record: OperationRecord) => boolean {
  const target = query.target?.toLowerCase();
  return (r) =>
    (query.principal === undefined || r.actor === query.principal) &&
    (target === undefined || r.target.toLowerCase() === target) &&
    (query.kind === undefined || r.kind === query.kind) &&
    (query.outcome === undefined || r.outcome === query.outcome);
}

export const operationRoutes: RouteModule = (app, { deps }) => {
  app.get('/v1/operations', {
    config: { access: 'read' },
    schema: {
      summary: 'The operation log, newest first (the engine keeps the newest 10,000 in memory)',
      tags: ['operations'],
      querystring: OperationsQuerySchema,
      response: { 200: { type: 'array', items: OperationViewSchema }, 400: ErrorBodySchema, ...AUTH_ERRORS },
    },
    handler: async (request) => {
      const query = request.query as OperationsQuery;
      const limit = query.limit === undefined ? 100 : Number(query.limit);
      if (limit < 1 || limit > MAX_LIMIT) throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, 'querystring:/limit', `must be between 1 and ${MAX_LIMIT}`);
      const filter = matches(query);
      const out = [];
      for (const record of deps.engine.listOperations(Number.MAX_SAFE_INTEGER)) {
        if (!filter(record)) continue;
        out.push(operationView(record));
        if (out.length === limit) break;
      }
      return out;
    },
  });

  app.get('/v1/operations/:id', {
    config: { access: 'read' },
    schema: { summary: 'One operation: who, what, flags, reason, input, plan steps and outcome', tags: ['operations'], params: IdParamsSchema, response: { 200: OperationViewSchema, 404: ErrorBodySchema, ...AUTH_ERRORS } },
    handler: async (request) => {
      const id = (request.params as { id: string }).id;
      const record = deps.engine.operation(id);
      if (!record) throw new ApiError(404, Win32.ERROR_NOT_FOUND, `no operation '${id}' (the engine keeps the newest 10,000)`);
      return operationView(record);
    },
  });
};
