/**
 * The open /v1/events streams: each is a hijacked response that gets the replay its Last-Event-ID
 * asks for, then every new journal entry. One shared timer sends the heartbeat comment to all of
 * them (proxies and load balancers close silent connections). A client that stops reading is cut
 * off once its unsent backlog passes a limit -- it reconnects with Last-Event-ID and loses nothing
 * the ring still holds -- so one stalled client cannot grow the daemon's memory without bound.
 */
import type { ServerResponse } from 'node:http';
import { sseFrame, type EventJournal, type JournalEntry } from './event-journal.js';

/** Unsent bytes a stream may hold before it is closed. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

export class SseHub {
  /** Each open stream with its journal unsubscribe. */
  private readonly streams = new Map<ServerResponse, () => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly journal: EventJournal,
    private readonly heartbeatMs: number,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /**
   * Starts a stream on `res` (headers not sent yet). The replay and the subscription happen in
   * one synchronous step, so no event can fall between them.
   */
  open(res: ServerResponse, lastEventId: number | null): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n: wolfpack events, newest id ${this.journal.lastSeq}\n\n`);
    if (lastEventId !== null) {
      const replay = this.journal.replayAfter(lastEventId);
      if (replay.kind === 'events') {
        for (const entry of replay.entries) res.write(entry.frame);
      } else {
        // Carries the newest id, so the client's next reconnect resumes from the state it re-reads.
        res.write(sseFrame(replay.last, 'reset', { seq: replay.last, time: Date.now(), type: 'reset', requested: lastEventId, oldest: replay.oldest, reason: replay.reason }));
      }
    }
    const unsubscribe = this.journal.subscribe((entry: JournalEntry) => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_BACKLOG_BYTES) {
        res.destroy();
        return;
      }
      res.write(entry.frame);
    });
    this.streams.set(res, unsubscribe);
    this.ensureTimer();
    res.once('close', () => this.forget(res));
    // A socket error (client vanished) ends the stream like a close; without a listener it would throw.
    res.on('error', () => this.forget(res));
  }

  /** Ends every stream (server closing): clients see a clean end and reconnect elsewhere or later. */
  closeAll(): void {
    for (const res of [...this.streams.keys()]) {
      this.forget(res);
      res.end();
    }
    this.stopTimer();
  }

  private forget(res: ServerResponse): void {
    const unsubscribe = this.streams.get(res);
    if (!unsubscribe) return;
    unsubscribe();
    this.streams.delete(res);
    if (this.streams.size === 0) this.stopTimer();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const res of this.streams.keys()) if (!res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
