/** Resources: list, one resource, its state, offline and online. */
import type { FastifyRequest } from 'fastify';
import { Win32 } from '../../core/errors.js';
import type { ResourceRecord } from '../../engine/resource-record.js';
import { ApiError } from '../api-error.js';
import { AUTH_ERRORS, ErrorBodySchema, NameParamsSchema, ResourceStateViewSchema, ResourceViewSchema } from '../schemas.js';
import { resourceStateView, resourceView } from '../views.js';
import { commandRoute } from './command-route.js';
import type { NameParams, RouteContext, RouteModule } from './context.js';

function resourceOf({ deps }: RouteContext, request: FastifyRequest): ResourceRecord {
  const name = (request.params as NameParams).name;
  const record = deps.engine.resource(name);
  if (!record) throw new ApiError(404, Win32.ERROR_RESOURCE_NOT_FOUND, `no resource named '${name}'`);
  return record;
}

const READ_ERRORS = { ...AUTH_ERRORS, 404: ErrorBodySchema } as const;

export const resourceRoutes: RouteModule = (app, context) => {
  const { engine } = context.deps;

  app.get('/v1/resources', {
    config: { access: 'read' },
    schema: { summary: 'Every resource', tags: ['resources'], response: { 200: { type: 'array', items: ResourceViewSchema }, ...AUTH_ERRORS } },
    handler: async () => [...engine.records.resources.values()].map((r) => resourceView(engine, r)),
  });

  app.get('/v1/resources/:name', {
    config: { access: 'read' },
    schema: { summary: 'One resource (names are case-insensitive)', tags: ['resources'], params: NameParamsSchema, response: { 200: ResourceViewSchema, ...READ_ERRORS } },
    handler: async (request) => resourceView(engine, resourceOf(context, request)),
  });

  app.get('/v1/resources/:name/state', {
    config: { access: 'read' },
    schema: { summary: 'A resource\'s state, owner and group (GetClusterResourceState)', tags: ['resources'], params: NameParamsSchema, response: { 200: ResourceStateViewSchema, ...READ_ERRORS } },
    handler: async (request) => resourceStateView(engine, resourceOf(context, request)),
  });

  app.post('/v1/resources/:name/offline', commandRoute('offline-resource', context));
  app.post('/v1/resources/:name/online', commandRoute('online-resource', context));
};
