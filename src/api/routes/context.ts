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

export interface NameParams {
  readonly name: string;
}
