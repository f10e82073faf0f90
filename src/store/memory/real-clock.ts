/**
 * The store's default clock: wall time and Node timers. src/store may not import src/host (where
 * the daemon's systemClock lives), so the store carries its own few lines. Timers are unref'd: a
 * lease timer alone must not keep a CLI process that forgot close() alive.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';

/** setTimeout's ceiling: longer delays would fire at once (Node clamps them to 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const delay = Math.min(Math.max(0, delayMs), MAX_TIMER_MS);
    const timer = setTimeout(callback, delay);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
