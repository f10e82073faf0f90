/**
 * Coalesces protocol messages into one IPC write per event-loop turn (see protocol.ts). Flushing
 * on setImmediate rather than a microtask lets every promise that settles in the same turn (a fan
 * of zero-delay calls) join the batch, at the cost of one loop turn of latency.
 */
export class BatchSender<T> {
  private queue: T[] = [];
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
    this.queue.push(message);
    if (!this.scheduled && !this.held) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
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
