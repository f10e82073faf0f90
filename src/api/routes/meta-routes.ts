/** /metrics (Prometheus text, Read) and /v1/openapi.json (public: it describes, it reveals nothing). */
import { AUTH_ERRORS } from '../schemas.js';
import type { RouteModule } from './context.js';

export function metaRoutes(openapi: () => Record<string, unknown>): RouteModule {
  return (app, { metrics }) => {
    app.get('/metrics', {
      config: { access: 'read' },
      schema: { summary: 'Prometheus metrics: operations by kind and outcome, durations, resource and group states, events, HTTP requests', tags: ['meta'], response: { 200: { type: 'string' }, ...AUTH_ERRORS } },
      handler: async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()),
    });

    app.get('/v1/openapi.json', {
      config: { access: 'public' },
      schema: { summary: 'This document', tags: ['meta'] },
      handler: async () => openapi(),
    });
  };
}
