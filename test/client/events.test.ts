/**
 * The reconnecting event reader: resumes with the last id it saw after a dropped connection,
 * starts from a given id, throws a refusal at once (no retry loop on 401), throws when the first
 * connection fails, and stops cleanly when aborted or when the consumer breaks out.
 */
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/core/errors.js';
import { readEventStream, type EventMessage, type OpenedStream, type StreamOpener } from '../../src/client/index.js';

function sse(seq: number, type = 'resource-state'): string {
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ seq, time: 1000 + seq, type })}\n\n`;
}

function opened(chunks: readonly string[], status = 200): OpenedStream {
  return {
    status,
    contentType: status === 200 ? 'text/event-stream' : 'application/json',
    body: (async function* () {
      for (const c of chunks) yield c;
    })(),
    close: () => undefined,
    text: () => Promise.resolve(chunks.join('')),
  };
}

const errorFor = (status: number, text: string): Error => new ClusterError(5, `HTTP ${status}: ${text}`);
const fast = { reconnect: { initialDelayMs: 1, maxDelayMs: 2 } };

async function take(stream: AsyncGenerator<EventMessage>, n: number): Promise<EventMessage[]> {
  const out: EventMessage[] = [];
  for await (const e of stream) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

describe('readEventStream', () => {
  it('reconnects after a drop and resumes after the last event it saw', async () => {
    const asked: Array<string | null> = [];
    const connections = [[sse(5), sse(6), 'id: 7\ndata: {"seq":7,"ty'], [sse(7), sse(8)], [sse(9)]];
    const open: StreamOpener = (lastEventId) => {
      asked.push(lastEventId);
      return Promise.resolve(opened(connections[asked.length - 1] ?? []));
    };
    const reconnects: Array<string | null> = [];
    const events = await take(readEventStream(open, errorFor, { ...fast, lastEventId: 4, onReconnect: (i) => reconnects.push(i.lastEventId) }), 5);
    expect(events.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(events[0]).toMatchObject({ type: 'resource-state', time: 1005 });
    // The half-sent event 7 was discarded, so the second connection asks for everything after 6.
    expect(asked).toEqual(['4', '6', '8']);
    expect(reconnects).toEqual(['6', '8']);
  });

  it('throws a refusal at once instead of retrying it', async () => {
    let attempts = 0;
    const open: StreamOpener = () => {
      attempts++;
      return Promise.resolve(opened(['{"code":5,"name":"ERROR_ACCESS_DENIED"}'], 401));
    };
    await expect(take(readEventStream(open, errorFor, fast), 1)).rejects.toThrow(/HTTP 401/);
    expect(attempts).toBe(1);
  });

  it('throws when the very first connection fails, but retries later failures', async () => {
    const refused = new ClusterError(5051, 'cannot reach wolfpack');
    await expect(take(readEventStream(() => Promise.reject(refused), errorFor, fast), 1)).rejects.toBe(refused);

    let n = 0;
    const flaky: StreamOpener = () => {
      n++;
      if (n === 1) return Promise.resolve(opened([sse(1)]));
      if (n < 4) return Promise.reject(refused);
      return Promise.resolve(opened([sse(2)]));
    };
    expect((await take(readEventStream(flaky, errorFor, fast), 2)).map((e) => e.seq)).toEqual([1, 2]);
    expect(n).toBe(4);
  });

  it('ends when the signal aborts, even while waiting to reconnect', async () => {
    const controller = new AbortController();
    const open: StreamOpener = () => Promise.resolve(opened([sse(1)]));
    const got: number[] = [];
    for await (const e of readEventStream(open, errorFor, { signal: controller.signal, reconnect: { initialDelayMs: 60_000 } })) {
      got.push(e.seq);
      setTimeout(() => controller.abort(), 5);
    }
    expect(got).toEqual([1]);
  });

  it('closes the stream when the consumer stops early', async () => {
    let closed = 0;
    const open: StreamOpener = () => Promise.resolve({ ...opened([sse(1), sse(2)]), close: () => void closed++ });
    expect((await take(readEventStream(open, errorFor, fast), 1)).map((e) => e.seq)).toEqual([1]);
    expect(closed).toBe(1);
  });
});
