/**
 * The OpenAPI 3.0 document, generated from the routes as registered: their URLs, methods, access
 * and the very JSON Schemas fastify validates and serializes with (src/api/schemas.ts), so the
 * document cannot drift from the server. JSON Schema spellings that OpenAPI 3.0 lacks are
 * translated on the way: `type: [X, "null"]` becomes `nullable`, named schemas become components.
 */
import type { RouteAccess } from './auth.js';
import { schemaName, type JsonSchema } from './schemas.js';

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
  readonly schema: Readonly<Record<string, unknown>> | undefined;
}

type Components = Record<string, unknown>;

function convert(schema: unknown, components: Components, top = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, components));
  if (typeof schema !== 'object' || schema === null) return schema;
  const name = schemaName(schema);
  if (name !== undefined && !top) {
    if (!(name in components)) {
      components[name] = {};
      components[name] = convert(schema, components, true);
    }
    return { $ref: `#/components/schemas/${name}` };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      out['type'] = types.length === 1 ? types[0] : types;
      if (types.length !== value.length) out['nullable'] = true;
    } else if (key === 'const') {
      out['enum'] = [value];
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, components)]));
    } else {
      out[key] = convert(value, components);
    }
  }
  return out;
}

function parameters(schema: unknown, where: 'path' | 'query', components: Components): unknown[] {
  const s = schema as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    schema: convert(property, components),
    ...(typeof (property as { description?: unknown }).description === 'string' ? { description: (property as { description: string }).description } : {}),
  }));
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '2xx': 'Accepted (997, 202) or nothing to do (0, 200)',
  '400': 'Bad request: ErrorBody with issues',
  '401': 'No, unknown or revoked bearer token (code 5)',
  '403': 'The principal lacks the access this needs (code 5)',
  '404': 'No such object',
  '4xx': 'Rejected (code and name from the error table) or bad request',
  '5xx': 'Server-side failure or shutting down',
};

function responses(schema: Readonly<Record<string, unknown>> | undefined, url: string, components: Components): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const declared = (schema?.['response'] ?? {}) as Record<string, unknown>;
  for (const [status, body] of Object.entries(declared)) {
    const key = /^[1-5]xx$/.test(status) ? status.toUpperCase() : status;
    const description = (body as { description?: string }).description ?? STATUS_TEXT[status] ?? status;
    if (url === '/v1/events' && status === '200') {
      out[key] = { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } };
    } else if (url === '/metrics' && status === '200') {
      out[key] = { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } };
    } else {
      out[key] = { description: STATUS_TEXT[status] ?? description, content: { 'application/json': { schema: convert(body, components) } } };
    }
  }
  return out;
}

export function buildOpenApi(routes: readonly RegisteredRoute[], info: { title: string; version: string }): Record<string, unknown> {
  const components: Components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.method === 'HEAD') continue;
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const s = route.schema;
    const operation: Record<string, unknown> = {
      summary: s?.['summary'] ?? `${route.method} ${route.url}`,
      ...(s?.['description'] === undefined ? {} : { description: s['description'] }),
      ...(s?.['tags'] === undefined ? {} : { tags: s['tags'] }),
      'x-wolfpack-access': route.access,
      security: route.access === 'public' ? [] : [{ bearerAuth: [] }],
      parameters: [...parameters(s?.['params'], 'path', components), ...parameters(s?.['querystring'], 'query', components)],
      ...(s?.['body'] === undefined ? {} : { requestBody: { required: false, content: { 'application/json': { schema: convert(s['body'], components) } } } }),
      responses: responses(s, route.url, components),
    };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.3',
    info: { ...info, description: 'Wolfpack HTTP API v1. Every error body carries the Win32 code number and name. Reads need Read access, commands/config/tokens need Full (docs/security.md).' },
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from `wolfpack token create`; over the local Unix socket no token is needed.' } },
    },
  };
}
