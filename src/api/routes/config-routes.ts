/** The cluster configuration: read it (YAML and revision), apply a new one (Full). */
import type { ApplyBody } from '../contract.js';
import { errorEntry } from '../../core/errors.js';
import { ApplyAnswerSchema, ApplyBodySchema, AUTH_ERRORS, ConfigViewSchema, ErrorBodySchema } from '../schemas.js';
import { principalOf, type RouteModule } from './context.js';

export const configRoutes: RouteModule = (app, { deps }) => {
  app.get('/v1/config', {
    config: { access: 'read' },
    schema: { summary: 'The configuration as YAML, with its revision in the store', tags: ['config'], response: { 200: ConfigViewSchema, ...AUTH_ERRORS } },
    handler: async () => deps.config.get(),
  });

  app.post('/v1/config', {
    config: { access: 'full' },
    schema: {
      summary: 'Apply a configuration: validated, idempotent, answers with the diff; plan: true previews',
      description: 'A configuration that does not validate is 400 with every problem in issues (YAML paths with line numbers).',
      tags: ['config'],
      body: ApplyBodySchema,
      response: { '2xx': ApplyAnswerSchema, 400: ErrorBodySchema, 413: ErrorBodySchema, ...AUTH_ERRORS },
    },
    handler: async (request, reply) => {
      const answer = await deps.config.apply(request.body as ApplyBody, principalOf(request).name);
      return reply.code(errorEntry(answer.code).http).send(answer);
    },
  });
};
