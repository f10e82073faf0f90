/**
 * In-process watch delivery for the local adapters. Each watcher has its own queue: a commit
 * offers its events to every watcher synchronously (so order is the commit order and nothing is
 * missed), and each watcher drains its queue in a microtask, so a listener never runs inside the
 * put() that caused it and may itself write to the store without reentrancy.
 */
import type { WatchEvent, Watcher } from '../port.js';

export interface WatchSpec {
  readonly prefix: string;
  /** Events below this revision are not delivered (they were replayed, or precede the start). */
  readonly fromRevision: number;
  readonly listener: (event: WatchEvent) => void;
  readonly onError: ((error: Error) => void) | undefined;
}

class LocalWatcher implements Watcher {
  private queue: WatchEvent[] = [];
  private head = 0;
  private draining = false;
  private stopped = false;

  constructor(
    private readonly spec: WatchSpec,
    private readonly detach: (w: LocalWatcher) => void,
  ) {}

  offer(event: WatchEvent): void {
    if (this.stopped || event.revision < this.spec.fromRevision) return;
    const key = event.type === 'put' ? event.kv.key : event.key;
    if (!key.startsWith(this.spec.prefix)) return;
    this.queue.push(event);
    if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => this.drain());
    }
  }

  private drain(): void {
    while (!this.stopped && this.head < this.queue.length) {
      const event = this.queue[this.head++] as WatchEvent;
      try {
        this.spec.listener(event);
      } catch (error) {
        // A listener that throws has missed an event it was responsible for: end the watch loudly
        // rather than carry on with a hole in what it has seen.
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.queue = [];
    this.head = 0;
    this.draining = false;
  }

  /** Ends the watch and reports `error` (rethrown when nobody listens for errors). */
  fail(error: Error): void {
    if (this.stopped) return;
    this.stop();
    if (this.spec.onError) {
      this.spec.onError(error);
    } else {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.head = 0;
    this.detach(this);
  }

  cancel(): Promise<void> {
    this.stop();
    return Promise.resolve();
  }
}

export class WatchHub {
  private readonly watchers = new Set<LocalWatcher>();

  /** Registers a watcher and queues `replay` (events already committed) ahead of any live event. */
  add(spec: WatchSpec, replay: readonly WatchEvent[]): Watcher {
    const watcher = new LocalWatcher(spec, (w) => this.watchers.delete(w));
    this.watchers.add(watcher);
    for (const event of replay) watcher.offer(event);
    return watcher;
  }

  /** A watcher that only reports `error` (asynchronously, like any watch failure). */
  failed(spec: WatchSpec, error: Error): Watcher {
    const watcher = new LocalWatcher(spec, () => undefined);
    queueMicrotask(() => watcher.fail(error));
    return watcher;
  }

  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    for (const watcher of this.watchers) {
      for (const event of events) watcher.offer(event);
    }
  }

  stopAll(): void {
    for (const watcher of [...this.watchers]) watcher.stop();
  }

  get size(): number {
    return this.watchers.size;
  }
}
