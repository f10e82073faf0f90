import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { PendingTimeoutTimer } from './pending-timeout-timer.js';

describe('PendingTimeoutTimer', () => {
  it('expires after a gap longer than the timeout, not after total time', () => {
    const clock = new ManualClock();
    let expired = 0;
    const timer = new PendingTimeoutTimer(clock, 100, () => expired++);
    timer.start();
    for (let i = 0; i < 10; i++) {
      clock.advance(90);
      timer.reset();
    }
    expect(expired).toBe(0);
    expect(timer.remainingMs()).toBe(100);
    clock.advance(99);
    expect(expired).toBe(0);
    expect(timer.remainingMs()).toBe(1);
    clock.advance(1);
    expect(expired).toBe(1);
    expect(timer.hasExpired).toBe(true);
    timer.reset();
    clock.advance(1000);
    expect(expired).toBe(1);
  });

  it('never fires once stopped', () => {
    const clock = new ManualClock();
    let expired = 0;
    const timer = new PendingTimeoutTimer(clock, 10, () => expired++);
    timer.start();
    timer.stop();
    clock.advance(100);
    expect(expired).toBe(0);
    expect(timer.remainingMs()).toBe(0);
  });
});
