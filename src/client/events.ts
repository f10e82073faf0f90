/**
 * The live event feed as an async iterator: GET /v1/events, parsed as SSE, reconnecting on its own
 * after a dropped connection and resuming with Last-Event-ID so no event is missed or repeated
 * (the EventSource behaviour, without a browser). The first connection's failure is thrown, so a
 * caller learns at once that the server is not there; later drops are retried until aborted.
 */
import { ClusterError, Win32 } from '../core/errors.js';
import type { EventMessage } from './contract.js';
import { SseParser } from './sse-parser.js';

/** One attempt to open the stream: a status and, for 200, the body's chunks. */
export interface OpenedStream {
  readonly status: number;
  readonly contentType: string;
  readonly body: AsyncIterable<Uint8Array | string>;
  /** Hangs up (used when the consumer stops early). */
  close(): void;
  /** For non-200: the body as text, for the error. */
  text(): Promise<string>;
}

export type StreamOpener = (lastEventId: string | null, signal: AbortSignal) => Promise<OpenedStream>;

export interface EventStreamOptions {
  /** Resume after this event (e.g. ClusterView.lastEventId read before sending a command). */
  readonly lastEventId?: number | string;
  readonly signal?: AbortSignal;
  /** Reconnect delays: starts at initialDelayMs (or the server's retry:), doubles up to maxDelayMs. */
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Told before each reconnect attempt (the CLI prints it to stderr). */
  readonly onReconnect?: (info: { readonly attempt: number; readonly lastEventId: string | null; readonly delayMs: number; readonly error: unknown }) => void;
}

export type ErrorForStatus = (status: number, text: string) => Error;

export async function* readEventStream(open: StreamOpener, errorFor: ErrorForStatus, options: EventStreamOptions = {}): AsyncGenerator<EventMessage, void, undefined> {
  const outer = options.signal;
  const initialDelay = options.reconnect?.initialDelayMs ?? 500;
  const maxDelay = options.reconnect?.maxDelayMs ?? 10_000;
  let lastEventId: string | null = options.lastEventId === undefined ? null : String(options.lastEventId);
  let serverRetry: number | null = null;
  let connectedOnce = false;
  let attempt = 0;
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) local.abort();
  try {
    while (!local.signal.aborted) {
      let stream: OpenedStream | null = null;
      let failure: unknown = null;
      try {
        stream = await open(lastEventId, local.signal);
      } catch (error) {
        if (local.signal.aborted) return;
        if (!connectedOnce) throw error;
        failure = error;
      }
      if (stream) {
        if (stream.status !== 200) {
          // Refusals (401, 403, 400) are answers, not weather: retrying would not change them.
          const text = await stream.text().catch(() => '');
          stream.close();
          throw errorFor(stream.status, text);
        }
        connectedOnce = true;
        attempt = 0;
        const parser = new SseParser();
        if (lastEventId !== null) parser.lastEventId = lastEventId;
        try {
          for await (const chunk of stream.body) {
            for (const message of parser.push(chunk)) {
              lastEventId = message.id;
              const event = toEventMessage(message.event, message.data, message.id);
              if (event) yield event;
            }
            if (parser.retryMs !== null) serverRetry = parser.retryMs;
          }
          for (const message of parser.end()) {
            lastEventId = message.id;
            const event = toEventMessage(message.event, message.data, message.id);
            if (event) yield event;
          }
          failure = new ClusterError(5051, 'the event stream ended');
        } catch (error) {
          if (local.signal.aborted) return;
          failure = error;
        } finally {
          stream.close();
        }
      }
      if (local.signal.aborted) return;
      attempt++;
      const delayMs = Math.min(maxDelay, (serverRetry ?? initialDelay) * 2 ** Math.min(attempt - 1, 10));
      options.onReconnect?.({ attempt, lastEventId, delayMs, error: failure });
      await sleep(delayMs, local.signal);
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
    local.abort();
  }
}

/** The data is the EventMessage JSON; `id:` and `event:` fill seq and type if the body lacks them. */
export function toEventMessage(event: string, data: string, id: string | null): EventMessage | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    throw new ClusterError(Win32.ERROR_INVALID_DATA, `the event stream sent data that is not JSON: ${data.slice(0, 120)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const seq = typeof record['seq'] === 'number' ? record['seq'] : id !== null && /^[0-9]+$/.test(id) ? Number(id) : 0;
  const type = typeof record['type'] === 'string' ? record['type'] : event;
  const time = typeof record['time'] === 'number' ? record['time'] : 0;
  return { ...record, seq, type, time };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
