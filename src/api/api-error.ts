/**
 * Every error the API answers is an ErrorBody: the Win32 code number and name from the one error
 * table (src/core/errors.ts), a sentence, and for bad input the issues with their body paths.
 * This module turns whatever went wrong (our own ApiError, a ClusterError from a codec, a
 * ConfigError with YAML paths, fastify's validation and body-parser errors) into that shape.
 *
 * Decisions (docs/api.md "Errors"): a body that cannot be taken as data at all -- malformed JSON,
 * a body over the limit (413), a content type other than JSON (415), base64 that is not base64 --
 * is 13 ERROR_INVALID_DATA; a body that parsed but holds a wrong type, an unknown field or a bad
 * value is 87 ERROR_INVALID_PARAMETER.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './contract.js';
import { errorEntry, isClusterError, Win32 } from '../core/errors.js';
import { isConfigError } from '../core/config/index.js';

const INTERNAL_ERROR = Win32.ERROR_INTERNAL_ERROR;

export interface Issue {
  readonly path: string;
  readonly code: number;
  readonly message: string;
}

/** An error this layer raises on purpose, with the HTTP status it answers with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(code: number, path: string, message: string): ApiError {
    return new ApiError(400, code, message, [{ path, code, message }]);
  }
}

export function errorBody(code: number, message: string, issues: readonly Issue[] = []): ErrorBody {
  const body = { code, name: errorEntry(code).name, message };
  return issues.length > 0 ? { ...body, issues } : body;
}

export function sendError(reply: FastifyReply, status: number, code: number, message: string, issues: readonly Issue[] = []): FastifyReply {
  const extra = reply.request.routeOptions.config.errorFields;
  return reply.code(status).send(extra ? { ...errorBody(code, message, issues), ...extra } : errorBody(code, message, issues));
}

interface AjvIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
  readonly parentSchema?: { readonly description?: string };
}

/**
 * Ajv reports each failed branch of an anyOf as well as the anyOf itself; people want one line per
 * field, so branch errors under a failed anyOf are folded into it, worded by the schema's description.
 */
export function validationIssues(errors: readonly AjvIssue[], part: string): Issue[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const kept = errors.filter((e) => e.keyword === 'anyOf' || !anyOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  const prefix = part === 'body' ? '' : `${part}:`;
  for (const e of kept) {
    let path = `${prefix}${e.instancePath === '' ? '/' : e.instancePath}`;
    let message: string;
    if (e.keyword === 'additionalProperties') {
      const field = String(e.params['additionalProperty']);
      path = `${prefix}${e.instancePath}/${field}`;
      message = `unknown field '${field}'`;
    } else if (e.keyword === 'anyOf') {
      message = e.parentSchema?.description ?? 'has the wrong type';
    } else if (e.keyword === 'required') {
      path = `${prefix}${e.instancePath}/${String(e.params['missingProperty'])}`;
      message = 'is required';
    } else {
      message = e.message ?? e.keyword;
    }
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, code: Win32.ERROR_INVALID_PARAMETER, message });
  }
  return issues;
}

function summary(issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return 'the request is invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

/** fastify's error handler: every thrown or reported error leaves as an ErrorBody. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) return sendError(reply, error.status, error.code, error.message, error.issues);
  if (isConfigError(error)) {
    const issues = error.issues.map((i) => ({ path: i.line === undefined ? i.path : `${i.path} (line ${i.line})`, code: i.code, message: i.message }));
    return sendError(reply, 400, error.code, `invalid cluster configuration: ${summary(issues)}`, issues);
  }
  if (isClusterError(error)) return sendError(reply, errorEntry(error.code).http, error.code, error.detail);

  const fastifyError = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    const issues = validationIssues(fastifyError.validation, fastifyError.validationContext ?? 'body');
    return sendError(reply, 400, Win32.ERROR_INVALID_PARAMETER, summary(issues), issues);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 413, Win32.ERROR_INVALID_DATA, `the request body is larger than the limit of ${request.routeOptions.bodyLimit ?? 0} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, Win32.ERROR_INVALID_DATA, 'send the request body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendError(reply, 400, Win32.ERROR_INVALID_DATA, 'the Content-Length does not match the body');
    default:
      break;
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendError(reply, status, Win32.ERROR_INVALID_DATA, error.message);
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ code: INTERNAL_ERROR, name: 'ERROR_INTERNAL_ERROR', message: 'internal error; see the daemon log' });
}
