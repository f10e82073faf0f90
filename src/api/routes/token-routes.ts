/** Tokens (the principals of the security descriptor): list, create, revoke. All need Full. */
import type { TokenCreateBody } from '../contract.js';
import { AUTH_ERRORS, ErrorBodySchema, TokenIdParamsSchema, TokenCreateBodySchema, TokenCreatedSchema, TokenViewSchema } from '../schemas.js';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from './context.js';

function principalName(request: FastifyRequest): string {
  return request.principal?.name ?? 'unknown';
}

/** The X-Wolfpack-Client header, as commands record it (cli, ui, ...); api otherwise. */
function clientName(request: FastifyRequest): string {
  const header = request.headers['x-wolfpack-client'];
  return typeof header === 'string' && header !== '' && header !== 'engine' ? header : 'api';
}

export const tokenRoutes: RouteModule = (app, { deps }) => {
  app.get('/v1/tokens', {
    config: { access: 'full' },
    schema: { summary: 'Every token (never its secret), revoked ones included', tags: ['security'], response: { 200: { type: 'array', items: TokenViewSchema }, ...AUTH_ERRORS } },
    handler: async () => deps.tokens.list(),
  });

  app.post('/v1/tokens', {
    config: { access: 'full' },
    schema: {
      summary: 'Create a token; the secret is in this answer only (the store keeps its SHA-256)',
      tags: ['security'],
      body: TokenCreateBodySchema,
      response: { 201: TokenCreatedSchema, 400: ErrorBodySchema, ...AUTH_ERRORS },
    },
    handler: async (request, reply) => {
      const body = request.body as TokenCreateBody;
      const created = await deps.tokens.create(body.name, body.access);
      await deps.engine.recordAudit({ kind: 'create-token', target: created.name, actor: principalName(request), client: clientName(request), detail: `token ${created.id} with ${created.access} access` });
      return reply.code(201).send(created);
    },
  });

  app.delete('/v1/tokens/:id', {
    config: { access: 'full' },
    schema: { summary: 'Revoke a token: it authenticates nobody from now on', tags: ['security'], params: TokenIdParamsSchema, response: { 200: TokenViewSchema, 404: ErrorBodySchema, ...AUTH_ERRORS } },
    handler: async (request) => {
      const revoked = await deps.tokens.revoke((request.params as { id: string }).id);
      await deps.engine.recordAudit({ kind: 'revoke-token', target: revoked.name, actor: principalName(request), client: clientName(request), detail: `token ${revoked.id}` });
      return revoked;
    },
  });
};
