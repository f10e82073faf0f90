/** Tokens (the principals of the security descriptor): list, create, revoke. All need Full. */
import type { TokenCreateBody } from '../contract.js';
import { AUTH_ERRORS, ErrorBodySchema, TokenIdParamsSchema, TokenCreateBodySchema, TokenCreatedSchema, TokenViewSchema } from '../schemas.js';
import type { RouteModule } from './context.js';

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
      return reply.code(201).send(await deps.tokens.create(body.name, body.access));
    },
  });

  app.delete('/v1/tokens/:id', {
    config: { access: 'full' },
    schema: { summary: 'Revoke a token: it authenticates nobody from now on', tags: ['security'], params: TokenIdParamsSchema, response: { 200: TokenViewSchema, 404: ErrorBodySchema, ...AUTH_ERRORS } },
    handler: async (request) => deps.tokens.revoke((request.params as { id: string }).id),
  });
};
