/**
 * Coalesces protocol messages into as few IPC writes as latency allows (see protocol.ts).
 *
 * The first message of an event-loop turn is written at once: in a dependency chain every step
 * is a lone call and a lone result, and each loop turn spent waiting for company is paid on every
 * step (measured: a flush on setImmediate from an agent's 'close' event waits a full turn). The
 * messages that follow in the same turn (a fan of zero-delay calls settling together) are queued
 * and written as one batch on setImmediate, so a burst still costs two writes, not one per call.
 */
export class BatchSender<T> {
  private queue: T[] = [];
  /** A flush is scheduled: this turn already wrote, later messages wait for the batch. */
  private scheduled = false;
  private held: boolean;

  /** `held`: queue without writing until `release()` (the daemon side waits for `ready`). */
  constructor(
    private readonly write: (batch: T[]) => void,
    options: { readonly held?: boolean } = {},
  ) {
    this.held = options.held ?? false;
  }

  send(message: T): void {
    if (this.held || this.scheduled) {
      this.queue.push(message);
      return;
    }
    this.scheduled = true;
    setImmediate(this.flush);
    this.write([message]);
  }

  release(): void {
    this.held = false;
    this.flush();
  }

  /** Writes whatever is queued now (also called before a deliberate exit). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.held || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.write(batch);
  };

  /** Drops what is queued (the other side is gone) and returns it. */
  drain(): T[] {
    const dropped = this.queue;
    this.queue = [];
    return dropped;
  }
}
