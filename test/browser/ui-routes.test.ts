/**
 * How the daemon serves the built UI (src/api/ui-routes.ts), with inject() over a fixture folder:
 * content types, cache headers (hashed assets for a year, the rest revalidated), ETag revalidation,
 * the page's own paths answered with index.html, the API's 404 kept for /v1 and /metrics, no path
 * out of the folder, and no token needed for the files -- while the data routes still need one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { uiRoutes } from '../../src/api/ui-routes.js';
import { startApi, type TestApi } from '../api/support.js';

let app: FastifyInstance | null = null;
let api: TestApi | null = null;
let dir: string | null = null;

afterEach(async () => {
  await app?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = null;
  api = null;
  dir = null;
});

/** base/dist holds the UI; base/wolfpack-outside.txt is what a path escaping dist would reach. */
function fixture(): string {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-ui-dist-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Wolfpack</title><div id="app"></div>');
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log("ui")');
  writeFileSync(join(dist, 'assets', 'index-AbC123.css'), 'body{}');
  writeFileSync(join(dist, 'assets', 'index-AbC123.js.map'), '{}');
  writeFileSync(join(dir, 'wolfpack-outside.txt'), 'secret');
  return dist;
}

async function staticApp(folder: string): Promise<FastifyInstance> {
  app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: 1168, name: 'ERROR_NOT_FOUND', message: 'no route' }));
  uiRoutes(app, { dir: folder });
  await app.ready();
  return app;
}

describe('the web UI files at /', () => {
  it('serves index.html and the assets with their content types and cache headers', async () => {
    const server = await staticApp(fixture());
    const page = await server.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<div id="app">');
    const script = await server.inject({ url: '/assets/index-AbC123.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect((await server.inject({ url: '/assets/index-AbC123.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await server.inject({ url: '/assets/index-AbC123.js.map' })).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers a matching ETag with 304', async () => {
    const server = await staticApp(fixture());
    const first = await server.inject({ url: '/assets/index-AbC123.js' });
    const etag = first.headers['etag'];
    expect(typeof etag).toBe('string');
    const again = await server.inject({ url: '/assets/index-AbC123.js', headers: { 'if-none-match': etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it("answers the page's own paths with index.html, but keeps 404 for missing files and the API's prefixes", async () => {
    const server = await staticApp(fixture());
    for (const url of ['/operations', '/operations/op-000003', '/operations?principal=admin']) {
      const res = await server.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
    }
    for (const url of ['/assets/index-gone.js', '/v1/nothing-here', '/v1', '/metrics/x']) {
      const res = await server.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ code: 1168 });
    }
  });

  it('never serves a file outside its folder', async () => {
    const server = await staticApp(fixture());
    for (const url of ['/../wolfpack-outside.txt', '/assets/%2e%2e/%2e%2e/wolfpack-outside.txt', '/%2e%2e%2fwolfpack-outside.txt', '/a%00b']) {
      const res = await server.inject({ url });
      expect(res.body, url).not.toContain('secret');
    }
  });

  it('says how to build the UI when web/dist is missing', async () => {
    const server = await staticApp(join(tmpdir(), 'wolfpack-no-such-ui'));
    const res = await server.inject({ url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 1168, message: expect.stringContaining('npm run build') });
  });

  it('in the API: the files need no token, the data does, and the files are not in the OpenAPI document', async () => {
    api = await startApi();
    const page = await api.app.inject({ url: '/operations/op-000001' });
    expect(page.statusCode).not.toBe(401);
    expect((await api.app.inject({ url: '/v1/cluster' })).statusCode).toBe(401);
    const unknown = await api.app.inject({ url: '/v1/nothing-here', headers: { authorization: `Bearer ${api.read}` } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 1168, name: 'ERROR_NOT_FOUND' });
    const doc = (await api.app.inject({ url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((path) => !path.startsWith('/v1/') && path !== '/metrics')).toEqual([]);
  });
});
