/**
 * The real clock (src/core/clock.ts's interface over Date.now and setTimeout), for the daemon-side
 * host client and for contexts inside a resource host.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

/** setTimeout's ceiling: longer delays would fire at once (Node clamps them to 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (!Number.isFinite(delayMs) || delayMs > MAX_TIMER_MS) return { cancel: () => undefined };
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Like systemClock, but `now()` never jumps with the wall clock (NTP steps, an operator's `date`):
 * fence deadlines are durations and must not stretch when the time of day moves back. It still
 * reads roughly as epoch milliseconds.
 */
export const monotonicClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer: systemClock.setTimer,
};
