/**
 * GET /v1/events: Server-Sent Events. Resumes after the Last-Event-ID header (or ?lastEventId=,
 * the header winning); without either, the stream starts with the next event.
 */
import { Win32 } from '../../core/errors.js';
import { ApiError } from '../api-error.js';
import { AUTH_ERRORS, ErrorBodySchema, EventsQuerySchema } from '../schemas.js';
import type { RouteModule } from './context.js';

function lastEventIdOf(header: string | string[] | undefined, query: string | undefined): number | null {
  const text = typeof header === 'string' ? header.trim() : query;
  if (text === undefined || text === '') return null;
  if (!/^[0-9]{1,15}$/.test(text)) throw ApiError.badRequest(Win32.ERROR_INVALID_PARAMETER, 'header:/last-event-id', 'must be an event sequence number');
  return Number(text);
}

export const eventRoutes: RouteModule = (app, { hub }) => {
  app.get('/v1/events', {
    config: { access: 'read', queryToken: true },
    schema: {
      summary: 'Engine events as Server-Sent Events (text/event-stream), resumable by Last-Event-ID',
      description:
        'Each message is `id: <seq>`, `event: <type>`, `data: <EventMessage JSON>`. With Last-Event-ID every retained event after it is sent first; an id older than the retained window (or newer than the newest, after a daemon restart) gets one `reset` event: re-read state, then continue. A `: heartbeat` comment comes every 15 s.',
      tags: ['events'],
      querystring: EventsQuerySchema,
      response: { 200: { description: 'text/event-stream', type: 'string' }, 400: ErrorBodySchema, ...AUTH_ERRORS },
    },
    handler: async (request, reply) => {
      const lastEventId = lastEventIdOf(request.headers['last-event-id'], (request.query as { lastEventId?: string }).lastEventId);
      reply.hijack();
      hub.open(reply.raw, lastEventId);
    },
  });
};
