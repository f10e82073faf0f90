/** Groups: list, one group, its state (the hot read), offline, online, move and cancel. */
import type { FastifyRequest } from 'fastify';
import { Win32 } from '../../core/errors.js';
import type { GroupRecord } from '../../engine/resource-record.js';
import { ApiError } from '../api-error.js';
import { AUTH_ERRORS, ErrorBodySchema, GroupStateViewSchema, GroupViewSchema, NameParamsSchema } from '../schemas.js';
import { groupStateView, groupView } from '../views.js';
import { commandRoute } from './command-route.js';
import type { NameParams, RouteContext, RouteModule } from './context.js';

function groupOf({ deps }: RouteContext, request: FastifyRequest): GroupRecord {
  const name = (request.params as NameParams).name;
  const group = deps.engine.group(name);
  if (!group) throw new ApiError(404, Win32.ERROR_GROUP_NOT_FOUND, `no group named '${name}'`);
  return group;
}

const READ_ERRORS = { ...AUTH_ERRORS, 404: ErrorBodySchema } as const;

export const groupRoutes: RouteModule = (app, context) => {
  const { engine } = context.deps;

  app.get('/v1/groups', {
    config: { access: 'read' },
    schema: { summary: 'Every group with its resources', tags: ['groups'], response: { 200: { type: 'array', items: GroupViewSchema }, ...AUTH_ERRORS } },
    handler: async () => [...engine.records.groups.values()].map((g) => groupView(engine, g)),
  });

  app.get('/v1/groups/:name', {
    config: { access: 'read' },
    schema: { summary: 'One group (names are case-insensitive)', tags: ['groups'], params: NameParamsSchema, response: { 200: GroupViewSchema, ...READ_ERRORS } },
    handler: async (request) => groupView(engine, groupOf(context, request)),
  });

  app.get('/v1/groups/:name/state', {
    config: { access: 'read' },
    schema: { summary: 'A group\'s state and owner (GetClusterGroupState)', tags: ['groups'], params: NameParamsSchema, response: { 200: GroupStateViewSchema, ...READ_ERRORS } },
    handler: async (request) => groupStateView(engine, groupOf(context, request)),
  });

  app.post('/v1/groups/:name/offline', commandRoute('offline-group', context));
  app.post('/v1/groups/:name/online', commandRoute('online-group', context));
  app.post('/v1/groups/:name/move', commandRoute('move-group', context));
  app.post('/v1/groups/:name/cancel', commandRoute('cancel-group', context));
};
