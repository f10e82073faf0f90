/**
 * What every route module is given: the dependencies, the metrics, the open event streams and the
 * server options. A route module is a function that registers its routes on the instance.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api-error.js';
import { Win32 } from '../../core/errors.js';
import type { ApiDeps, ApiOptions, Principal } from '../deps.js';
import type { ApiMetrics } from '../metrics.js';
import type { SseHub } from '../sse.js';

export interface RouteContext {
  readonly deps: ApiDeps;
  readonly options: ApiOptions;
  readonly metrics: ApiMetrics;
  readonly hub: SseHub;
}

export type RouteModule = (app: FastifyInstance, context: RouteContext) => void;

/** The authenticated principal; the auth hook guarantees one on every non-public route. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(500, Win32.ERROR_INTERNAL_ERROR, 'no principal on an authenticated route');
  return request.principal;
}

/**
 * The surface a request came through, for the operation record (X-Wolfpack-Client: cli, ui,
 * clusapi, ...). A short word only; "engine" is the engine's own and cannot be claimed.
 */
export function clientOf(request: FastifyRequest): string {
  const header = request.headers['x-wolfpack-client'];
  return typeof header === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(header) && header !== 'engine' ? header : 'api';
}

export interface NameParams {
  readonly name: string;
}
