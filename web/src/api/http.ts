/**
 * fetch() against the daemon that served the page, with the signed-in bearer token. Every answer
 * of the API is JSON; an error answer is an ErrorBody (code, name, message, issues), carried by
 * ApiFailure so views can show the code, its name and what to do about it.
 */
import type { ErrorBody } from './contract.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${body.code} ${body.name}: ${body.message}`);
    this.name = 'ApiFailure';
  }
}

/** A body that is not an ErrorBody (a proxy's HTML page, a dropped connection) still gets a code. */
function asErrorBody(status: number, value: unknown): ErrorBody {
  const body = value as Partial<ErrorBody> | null;
  if (body && typeof body.code === 'number' && typeof body.name === 'string' && typeof body.message === 'string') return body as ErrorBody;
  return { code: 1722, name: 'RPC_S_SERVER_UNAVAILABLE', message: `the daemon answered HTTP ${status} without an error body` };
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(readonly token: string) {}

  private headers(): Record<string, string> {
    // X-Wolfpack-Client: the operation record says the request came through the UI.
    return { authorization: `Bearer ${this.token}`, accept: 'application/json', 'x-wolfpack-client': 'ui' };
  }

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<unknown>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: body === undefined ? this.headers() : { ...this.headers(), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiFailure(0, { code: 1722, name: 'RPC_S_SERVER_UNAVAILABLE', message: `the daemon cannot be reached: ${(error as Error).message}` });
    }
    const value: unknown = await response.json().catch(() => null);
    return { status: response.status, body: value };
  }

  async get<T>(path: string): Promise<T> {
    const answer = await this.send('GET', path);
    if (answer.status >= 400 || answer.body === null) throw new ApiFailure(answer.status, asErrorBody(answer.status, answer.body));
    return answer.body as T;
  }

  /**
   * Commands answer with a CommandAnswer whether accepted (202/200) or rejected (4xx/5xx): both are
   * returned, not thrown, because a rejection is an outcome the dialog explains.
   */
  async command<T extends { code: number }>(path: string, body: unknown): Promise<Answer<T>> {
    const answer = await this.send('POST', path, body);
    const value = answer.body as Partial<T> | null;
    if (value === null || typeof value.code !== 'number') throw new ApiFailure(answer.status, asErrorBody(answer.status, answer.body));
    return { status: answer.status, body: value as T };
  }
}

/** `/v1/groups/A%20B` -- names may hold any character. */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
