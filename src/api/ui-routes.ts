/**
 * The web UI's files (web/dist, built by `npm run build:web`) at `/`. Static files are public: the
 * page holds no cluster data, and every data call it makes (/v1/...) carries the token the user
 * signs in with. Paths that are not files get index.html (the UI routes in the browser, e.g.
 * /operations/op-000003), except under /v1/ and /metrics, which keep the API's JSON 404.
 *
 * Caching: Vite names the files under /assets/ by their content hash, so they never change and are
 * cached for a year; everything else (index.html first) is revalidated on every load, so a rebuilt
 * UI is picked up by a reload. Registered before the API's onRoute hook in server.ts, so these
 * routes stay out of the OpenAPI document: they are not part of the API.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Win32 } from '../core/errors.js';
import { sendError } from './api-error.js';

/** web/dist from both src/api (tsx) and dist/api (compiled): two levels up, then web/dist. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Same-origin only: the bundle, its styles and the API. No inline script, no remote anything --
 * which is also what "works offline" means. Styles set from script (CSSOM) are allowed by CSP.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The API's own prefixes: an unknown path there is an API 404, never the UI's index.html. */
function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || path === '/metrics' || path.startsWith('/metrics/');
}

/** The file under `root` that a URL path names, or null when it would leave `root` or is malformed. */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment === '..')) return null;
  const file = resolve(root, `.${decoded}`);
  return file.startsWith(root) ? file : null;
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string): Promise<FastifyReply | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  // Weak validator from size and mtime: cheap, and a rebuild always changes the mtime.
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  reply.header('cache-control', cacheControl).header('etag', etag).header('x-content-type-options', 'nosniff');
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('referrer-policy', 'no-referrer');
  reply.type(type);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.send(await readFile(file));
}

/** The API's own 404 (the server's not-found handler: an ErrorBody with 1168). */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

export interface UiRoutesOptions {
  /** The built UI (default web/dist next to this package). */
  readonly dir?: string;
}

export function uiRoutes(app: FastifyInstance, options: UiRoutesOptions = {}): void {
  const dir = resolve(options.dir ?? DEFAULT_UI_DIR);
  const root = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const index = resolve(root, 'index.html');

  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = request.url.split('?')[0] ?? '/';
    if (isApiPath(path)) return notFound(reply);
    const file = path === '/' ? index : fileFor(root, path);
    if (file === null) return sendError(reply, 400, Win32.ERROR_INVALID_PARAMETER, `not a file path: ${path}`);
    const cacheControl = path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    const sent = await sendFile(request, reply, file, cacheControl);
    if (sent) return sent;
    // A missing file with an extension is a real 404 (a stale script URL must not get HTML back);
    // any other path is a place in the UI, which index.html routes to.
    if (extname(path) !== '') return notFound(reply);
    const page = await sendFile(request, reply, index, REVALIDATE);
    return page ?? sendError(reply, 404, Win32.ERROR_NOT_FOUND, `the web UI is not built (${index} is missing): run npm run build`);
  };

  app.get('/', { config: { access: 'public' } }, serve);
  app.get('/*', { config: { access: 'public' } }, serve);
}
