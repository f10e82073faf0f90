/**
 * A minimal Server-Sent Events reader over node:http for tests: parses `id`/`event`/`data` fields
 * and comments, collects messages, and waits for one that matches.
 */
import { request, type IncomingMessage } from 'node:http';

export interface SseMessage {
  readonly id: string | null;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

export class SseReader {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;

  private constructor(private readonly res: IncomingMessage) {
    this.status = res.statusCode ?? 0;
    this.headers = res.headers;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.feed(chunk));
    res.on('error', () => undefined);
    this.ended = new Promise((resolve) => {
      res.on('end', resolve);
      res.on('close', resolve);
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => resolve(new SseReader(res)));
      req.on('error', reject);
      req.end();
    });
  }

  /** Resolves with the first message (from the start) that matches, or rejects after timeoutMs. */
  async waitFor(predicate: (m: SseMessage) => boolean, timeoutMs = 5_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${this.messages.map((m) => `${m.id}:${m.event}`).join(' ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.res.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let id: string | null = null;
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data !== '') this.messages.push({ id, event, data: JSON.parse(data) as Record<string, unknown> });
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
