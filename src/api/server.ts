/**
 * buildApi(deps, options): the HTTP API v1 as a fastify instance, not listening, so tests drive it
 * with inject() and the daemon listens where it wants (TCP on 127.0.0.1, and a second instance
 * with transport 'local-socket' on the owner-only Unix socket, see local-socket.ts).
 *
 * Validation is strict on purpose: no type coercion (a JSON "1" is not the number 1), no silent
 * removal of unknown fields (they are 87), every problem reported (bodies are at most bodyLimit).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Win32 } from '../core/errors.js';
import { ApiError, handleError, sendError } from './api-error.js';
import { authenticator, type RouteAccess } from './auth.js';
import type { ApiDeps, ApiOptions } from './deps.js';
import { ApiMetrics } from './metrics.js';
import { buildOpenApi, type RegisteredRoute } from './openapi.js';
import { clusterRoutes } from './routes/cluster-routes.js';
import { configRoutes } from './routes/config-routes.js';
import type { RouteContext } from './routes/context.js';
import { eventRoutes } from './routes/event-routes.js';
import { groupRoutes } from './routes/group-routes.js';
import { metaRoutes } from './routes/meta-routes.js';
import { nodeRoutes } from './routes/node-routes.js';
import { operationRoutes } from './routes/operation-routes.js';
import { resourceRoutes } from './routes/resource-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { SseHub } from './sse.js';
import { uiRoutes } from './ui-routes.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const API_VERSION = '1.0.0';

/** JSON bodies: parse errors are 13 with the parser's words; an empty body is no body. */
function parseJson(_request: unknown, body: string, done: (error: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    done(new ApiError(400, Win32.ERROR_INVALID_DATA, `the body is not JSON: ${(error as Error).message}`, [{ path: '/', code: Win32.ERROR_INVALID_DATA, message: (error as Error).message }]));
  }
}

export function buildApi(deps: ApiDeps, options: ApiOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false, verbose: true } },
    // While closing, requests still reach the engine, which answers 5022 in the ErrorBody shape.
    return503OnClosing: false,
  });

  const hub = new SseHub(deps.journal, options.heartbeatMs ?? 15_000);
  const metrics = new ApiMetrics(deps.engine, deps.journal, () => hub.size);
  const context: RouteContext = { deps, options, metrics, hub };
  const routes: RegisteredRoute[] = [];
  let openapi: Record<string, unknown> | null = null;

  app.decorateRequest('principal', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, Win32.ERROR_NOT_FOUND, `no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
  // The web UI's files at `/`, registered before the onRoute hook so they stay out of the API document.
  uiRoutes(app);

  // The server answers nobody before every token is loaded (listen() and inject() wait for this).
  app.addHook('onReady', async () => {
    await deps.tokens.ready();
  });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: RouteAccess } | undefined)?.access ?? 'read';
    for (const method of methods) routes.push({ method, url: route.url, access, schema: route.schema as RegisteredRoute['schema'] });
  });
  app.addHook('onRequest', authenticator(deps.tokens, options, deps.cluster));
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
    done();
  });
  // Open event streams would hold close() forever: end them first, clients reconnect and resume.
  app.addHook('preClose', (done) => {
    hub.closeAll();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    metrics.close();
    done();
  });

  for (const register of [clusterRoutes, nodeRoutes, groupRoutes, resourceRoutes, operationRoutes, eventRoutes, configRoutes, tokenRoutes]) register(app, context);
  metaRoutes(() => (openapi ??= buildOpenApi(routes, { title: 'Wolfpack', version: API_VERSION })))(app, context);
  return app;
}
