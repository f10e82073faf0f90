/** GET /v1/cluster, /v1/whoami (nodes are in node-routes.ts). */
import type { WhoAmI } from '../contract.js';
import { AUTH_ERRORS, ClusterViewSchema, WhoAmISchema } from '../schemas.js';
import { clusterView } from '../views.js';
import { principalOf, type RouteModule } from './context.js';
import { nodeDirectory } from './node-routes.js';

export const clusterRoutes: RouteModule = (app, { deps }) => {
  app.get('/v1/cluster', {
    config: { access: 'read' },
    schema: { summary: 'The cluster: nodes, groups with their resources, config revision, newest event id', tags: ['cluster'], response: { 200: ClusterViewSchema, ...AUTH_ERRORS } },
    handler: async () => {
      const { revision } = await deps.config.get();
      return clusterView(deps.engine, deps.clusterName, revision, nodeDirectory(deps));
    },
  });

  app.get('/v1/whoami', {
    config: { access: 'read' },
    schema: { summary: 'The caller: principal, access level and how it was recognised', tags: ['security'], response: { 200: WhoAmISchema, ...AUTH_ERRORS } },
    handler: async (request): Promise<WhoAmI> => {
      const principal = principalOf(request);
      return { principal: principal.name, access: principal.access, via: principal.via };
    },
  });
};
