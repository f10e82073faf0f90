/**
 * The event journal behind /v1/events: subscribes to the engine, keeps the newest events (at most
 * N, and at most a budget of frame text) in a ring, each already written as its SSE frame (serialized once, at publication, so a mutable
 * record inside an event is captured as it was and N clients cost one JSON.stringify), and fans
 * new events out to live subscribers. A client that reconnects with Last-Event-ID gets every
 * retained event after it; an id the ring no longer covers, or one newer than anything this
 * server published (the daemon restarted and its sequence began again), gets a reset instead.
 */
import type { EngineEvent } from '../engine/events.js';

export interface JournalEntry {
  readonly seq: number;
  readonly type: string;
  /** `id: <seq>\nevent: <type>\ndata: <json>\n\n` */
  readonly frame: string;
}

export type Replay =
  | { readonly kind: 'events'; readonly entries: readonly JournalEntry[] }
  | { readonly kind: 'reset'; readonly reason: string; readonly oldest: number; readonly last: number };

export type JournalListener = (entry: JournalEntry) => void;

/** What the journal needs of the engine (the Engine class satisfies it). */
export interface EventSource {
  subscribe(listener: (event: EngineEvent) => void): () => void;
  readonly lastEventSeq: number;
}

export const DEFAULT_JOURNAL_CAPACITY = 10_000;
/**
 * Frame text the ring may hold, in characters (frames are mostly ASCII, so about bytes). Events
 * vary from ~150 to several thousand characters (a step event carries its step record); a count
 * alone would let 10,000 large ones pin tens of MB in a daemon whose whole budget is 100 MiB.
 */
export const DEFAULT_JOURNAL_MAX_CHARS = 2 * 1024 * 1024;

/**
 * `id: <seq>\nevent: <type>\ndata: <json>\n\n`. Joined rather than a template literal: a
 * template builds a tree of string pieces (V8 cons strings, ~5 nodes of 32 bytes per frame), join
 * one flat string, and the ring keeps thousands of frames.
 */
export function sseFrame(seq: number, type: string, data: unknown): string {
  return ['id: ', seq, '\nevent: ', type, '\ndata: ', JSON.stringify(data), '\n\n'].join('');
}

export class EventJournal {
  private readonly ring: Array<JournalEntry | undefined>;
  private head = 0;
  private size = 0;
  /** Every event with seq >= this is retained (events before the journal existed are not). */
  private oldest: number;
  private last: number;
  private chars = 0;
  private readonly listeners = new Set<JournalListener>();
  private readonly unsubscribe: () => void;
  /** Events published, by type, since the journal started (for /metrics). */
  readonly published = new Map<string, number>();

  constructor(
    source: EventSource,
    readonly capacity = DEFAULT_JOURNAL_CAPACITY,
    readonly maxChars = DEFAULT_JOURNAL_MAX_CHARS,
  ) {
    this.ring = new Array<JournalEntry | undefined>(capacity);
    this.last = source.lastEventSeq;
    this.oldest = this.last + 1;
    this.unsubscribe = source.subscribe((event) => this.append(event));
  }

  get lastSeq(): number {
    return this.last;
  }

  get oldestSeq(): number {
    return this.oldest;
  }

  /** Everything after `lastId`, or a reset when the ring cannot say what happened after it. */
  replayAfter(lastId: number): Replay {
    if (lastId > this.last) {
      return { kind: 'reset', reason: `event ${lastId} is newer than the newest event (${this.last}): the server restarted`, oldest: this.oldest, last: this.last };
    }
    if (lastId < this.oldest - 1) {
      return { kind: 'reset', reason: `events after ${lastId} are no longer retained (the oldest kept is ${this.oldest})`, oldest: this.oldest, last: this.last };
    }
    const entries: JournalEntry[] = [];
    // Sequence numbers are contiguous in the ring, so the first wanted entry's slot is arithmetic.
    const skip = lastId + 1 - this.oldest;
    for (let i = skip; i < this.size; i++) entries.push(this.ring[(this.head + i) % this.capacity] as JournalEntry);
    return { kind: 'events', entries };
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private append(event: EngineEvent): void {
    const frame = sseFrame(event.seq, event.type, event);
    const entry: JournalEntry = { seq: event.seq, type: event.type, frame };
    // The newest event always stays, even alone over the budget: a live stream needs no replay.
    while (this.size > 0 && (this.size === this.capacity || this.chars + frame.length > this.maxChars)) this.dropOldest();
    this.ring[(this.head + this.size) % this.capacity] = entry;
    this.size++;
    this.chars += frame.length;
    this.oldest = (this.ring[this.head] as JournalEntry).seq;
    this.last = event.seq;
    this.published.set(event.type, (this.published.get(event.type) ?? 0) + 1);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  private dropOldest(): void {
    const entry = this.ring[this.head] as JournalEntry;
    this.ring[this.head] = undefined;
    this.chars -= entry.frame.length;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }
}
