/**
 * Authentication and the HTTP half of access control (wsfc.md §9). Every route declares what it
 * needs in its config: 'public' (the OpenAPI document), 'read' (reads), 'full' (configuration and
 * tokens), or 'command' (online/offline: any known principal passes here and the engine's
 * admission checks Full, so a Read principal's attempt is rejected with 5 *and recorded*).
 *
 * A missing, malformed, unknown or revoked token is 5 with HTTP 401 and a WWW-Authenticate
 * challenge; a known principal without enough access is 5 with 403. Over the local socket every
 * request is the owner with Full access. A request another node forwarded (forward.ts) carries the
 * cluster's secret instead of a token and acts for the principal that node authenticated; a wrong
 * secret is 5 with 401.
 */
import { userInfo } from 'node:os';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Win32 } from '../core/errors.js';
import { sendError } from './api-error.js';
import type { ApiOptions, ClusterControl, Principal } from './deps.js';
import { SECRET_HEADER, forwardedPrincipal } from './forward.js';
import type { TokenService } from './tokens.js';

export type RouteAccess = 'public' | 'read' | 'full' | 'command';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The route also takes the token as ?access_token= (the event stream, for EventSource). */
    queryToken?: boolean;
    /** Fields every error body of the route carries (command routes: `operation: null`). */
    errorFields?: Readonly<Record<string, unknown>>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  /** OpenAPI words on route schemas (fastify ignores them; openapi.ts reads them). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
  }
}

export function defaultLocalPrincipal(): string {
  try {
    return `local:${userInfo().username}`;
  } catch {
    return `local:uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // RFC 6750: the scheme is case-insensitive; one space, then the token.
    return header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ' ? header.slice(7).trim() : null;
  }
  // EventSource cannot set headers, so the event stream alone also takes the token in its query.
  if (request.routeOptions.config.queryToken === true) {
    const token = (request.query as { access_token?: unknown } | undefined)?.access_token;
    return typeof token === 'string' ? token : null;
  }
  return null;
}

function deny(reply: FastifyReply, status: 401 | 403, message: string, challenge?: string): void {
  if (challenge !== undefined) reply.header('www-authenticate', challenge);
  void sendError(reply, status, Win32.ERROR_ACCESS_DENIED, message);
}

/** The onRequest hook: sets request.principal or answers 401/403 (callback style: the hot path). */
export function authenticator(tokens: TokenService, options: ApiOptions, cluster?: ClusterControl) {
  const owner: Principal | null = options.transport === 'local-socket' ? { name: options.localPrincipal ?? defaultLocalPrincipal(), access: 'full', via: 'local-socket' } : null;
  return function authenticate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const needs = request.routeOptions.config.access ?? 'read';
    if (owner) {
      request.principal = owner;
      done();
      return;
    }
    if (needs === 'public') {
      done();
      return;
    }
    let principal: Principal;
    if (request.headers[SECRET_HEADER] !== undefined) {
      const forwarded = forwardedPrincipal(request, cluster);
      if (typeof forwarded === 'string') {
        deny(reply, 401, forwarded);
        return;
      }
      principal = forwarded;
    } else {
      const bearer = bearerOf(request);
      if (bearer === null) {
        deny(reply, 401, 'a bearer token is required: send Authorization: Bearer <token> (wolfpack token create)', 'Bearer realm="wolfpack"');
        return;
      }
      const known = tokens.authenticate(bearer);
      if (!known) {
        deny(reply, 401, 'the bearer token is unknown or revoked', 'Bearer realm="wolfpack", error="invalid_token"');
        return;
      }
      principal = known;
    }
    request.principal = principal;
    if (needs === 'full' && principal.access !== 'full') {
      deny(reply, 403, `principal '${principal.name}' has read access; this request needs full access in the cluster security descriptor`);
      return;
    }
    done();
  };
}
