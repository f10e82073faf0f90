import { describe, expect, it } from 'vitest';
import { runGraph, type GraphStep, type StepVerdict } from './graph-runner.js';

interface TestStep extends GraphStep {
  readonly name: string;
  readonly fail?: boolean;
  readonly blocks?: boolean;
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function recorder(delayMs = 5) {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  return {
    log,
    get peak() {
      return peak;
    },
    async run(step: TestStep): Promise<StepVerdict> {
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${step.name}`);
      await tick(delayMs);
      log.push(`end ${step.name}`);
      running--;
      return step.fail ? 'failed' : 'succeeded';
    },
  };
}

describe('runGraph', () => {
  it('runs a chain in order', async () => {
    const rec = recorder();
    const steps: TestStep[] = [
      { id: 0, name: 'App', after: [] },
      { id: 1, name: 'Db', after: [0] },
      { id: 2, name: 'Disk', after: [1] },
    ];
    const results = await runGraph(steps, { run: (s) => rec.run(s), blockedByFailure: () => true });
    expect(rec.log).toEqual(['start App', 'end App', 'start Db', 'end Db', 'start Disk', 'end Disk']);
    expect([...results.values()]).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('runs independent branches concurrently and joins a diamond', async () => {
    const rec = recorder(20);
    const steps: TestStep[] = [
      { id: 0, name: 'Top', after: [] },
      { id: 1, name: 'Left', after: [0] },
      { id: 2, name: 'Right', after: [0] },
      { id: 3, name: 'Bottom', after: [1, 2] },
    ];
    await runGraph(steps, { run: (s) => rec.run(s), blockedByFailure: () => true });
    expect(rec.peak).toBe(2);
    expect(rec.log.indexOf('start Bottom')).toBeGreaterThan(rec.log.indexOf('end Left'));
    expect(rec.log.indexOf('start Bottom')).toBeGreaterThan(rec.log.indexOf('end Right'));
  });

  it('skips what a failure blocks, transitively, and runs what it does not block', async () => {
    const rec = recorder(1);
    const skipped: string[] = [];
    const steps: TestStep[] = [
      { id: 0, name: 'Disk', after: [], fail: true },
      { id: 1, name: 'Db', after: [0], blocks: true },
      { id: 2, name: 'App', after: [1], blocks: true },
      { id: 3, name: 'Log', after: [0], blocks: false },
    ];
    const results = await runGraph(steps, { run: (s) => rec.run(s), blockedByFailure: (s) => s.blocks === true, skipped: (s) => skipped.push(s.name) });
    expect(results.get(0)).toBe('failed');
    expect(results.get(1)).toBe('skipped');
    expect(results.get(2)).toBe('skipped');
    expect(results.get(3)).toBe('succeeded');
    expect(skipped).toEqual(['Db', 'App']);
  });

  it('treats a throwing action as a failed step', async () => {
    const results = await runGraph([{ id: 0, after: [] }], {
      run: () => Promise.reject(new Error('boom')),
      blockedByFailure: () => true,
    });
    expect(results.get(0)).toBe('failed');
  });

  it('handles a 10,000-step chain without recursion limits', async () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => ({ id: i, after: i === 0 ? [] : [i - 1] }));
    let count = 0;
    const results = await runGraph(steps, { run: async () => { count++; return 'succeeded'; }, blockedByFailure: () => true });
    expect(count).toBe(10_000);
    expect(results.size).toBe(10_000);
  });

  it('resolves at once for an empty plan', async () => {
    expect((await runGraph([], { run: async () => 'succeeded', blockedByFailure: () => true })).size).toBe(0);
  });
});

describe('runGraph after a failure', () => {
  it('skips a 10,000-step chain behind a failed first step without overflowing the stack', async () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => ({ id: i, after: i === 0 ? [] : [i - 1] }));
    const results = await runGraph(steps, { run: async () => 'failed', blockedByFailure: () => true });
    expect(results.get(0)).toBe('failed');
    expect(results.get(9_999)).toBe('skipped');
  });
});
