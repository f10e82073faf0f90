/**
 * The `--wait` live line for terminals: one line under the transitions, redrawn a few times a
 * second, showing each running step with its elapsed time and what is left of PendingTimeout.
 * The gap timer is restarted by each progress report, so between reports this is the number that
 * moves, which the plain lines cannot show. Used only when stdout is a terminal.
 */
import type { CliIo } from './io.js';
import { secondsLeft } from './text-format.js';

const CLEAR = '\r\x1b[K';

interface Running {
  readonly action: string;
  readonly startedAt: number;
  timerStartedAt: number;
  timeoutMs: number;
}

export class LiveLine {
  private readonly running = new Map<string, Running>();
  private drawn = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: CliIo,
    private readonly now: () => number = Date.now,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => this.draw(), intervalMs);
    this.timer.unref();
  }

  stepStarted(resource: string, action: string, timeoutMs: number): void {
    const now = this.now();
    this.running.set(resource, { action, startedAt: now, timerStartedAt: now, timeoutMs });
  }

  progress(resource: string, leftMs: number): void {
    const step = this.running.get(resource);
    if (!step) return;
    step.timerStartedAt = this.now();
    step.timeoutMs = leftMs;
  }

  stepEnded(resource: string): void {
    this.running.delete(resource);
  }

  /** Prints a plain line above the live line. */
  line(text: string): void {
    this.clear();
    this.io.out(text);
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private draw(): void {
    this.clear();
    if (this.running.size === 0) return;
    const now = this.now();
    const parts = [...this.running].map(([name, s]) => {
      const elapsed = ((now - s.startedAt) / 1000).toFixed(1);
      return `${name} ${s.action} ${elapsed}s (PendingTimeout ${secondsLeft(s.timeoutMs - (now - s.timerStartedAt))} left)`;
    });
    this.io.write(`  … ${parts.join(' · ')}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.io.write(CLEAR);
    this.drawn = false;
  }
}
