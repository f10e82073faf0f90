/**
 * The graph runner: starts every step as soon as the steps it waits for have ended, so independent
 * branches run concurrently. It knows nothing about resources: the engine gives it the real action
 * (resource hosts), `wolfpack plan` and tests can give it fakes (STYLE 3: one runner, two uses).
 * Linear in steps + edges; no recursion, so a 10,000-step chain is fine.
 */

export interface GraphStep {
  readonly id: number;
  readonly after: readonly number[];
}

export type StepVerdict = 'succeeded' | 'failed';
export type StepFinal = StepVerdict | 'skipped';

export interface GraphActions<S extends GraphStep> {
  run(step: S): Promise<StepVerdict>;
  /**
   * Whether a failed prerequisite means this step must not run. Online steps: yes (a dependent
   * cannot come online without its provider). Offline steps: no (a Failed dependent is not online,
   * so its providers may still go offline).
   */
  blockedByFailure(step: S): boolean;
  skipped?(step: S, because: number): void;
}

export function runGraph<S extends GraphStep>(steps: readonly S[], actions: GraphActions<S>): Promise<Map<number, StepFinal>> {
  const results = new Map<number, StepFinal>();
  if (steps.length === 0) return Promise.resolve(results);

  const byId = new Map<number, S>();
  const waiting = new Map<number, number>();
  const dependents = new Map<number, number[]>();
  const failedPrerequisite = new Map<number, number>();
  for (const step of steps) {
    byId.set(step.id, step);
    waiting.set(step.id, step.after.length);
    for (const before of step.after) {
      const list = dependents.get(before);
      if (list) list.push(step.id);
      else dependents.set(before, [step.id]);
    }
  }

  return new Promise((resolve) => {
    let open = steps.length;
    // Steps become ready inside finish(); a work list (not recursion) starts them, so a long run of
    // skipped steps after a failure cannot overflow the stack.
    const ready: number[] = [];
    let head = 0;
    let draining = false;

    const finish = (id: number, final: StepFinal): void => {
      results.set(id, final);
      open--;
      for (const next of dependents.get(id) ?? []) {
        if (final !== 'succeeded' && !failedPrerequisite.has(next)) failedPrerequisite.set(next, id);
        const left = (waiting.get(next) ?? 0) - 1;
        waiting.set(next, left);
        if (left === 0) ready.push(next);
      }
      if (open === 0) resolve(results);
      else drain();
    };

    const launch = (id: number): void => {
      const step = byId.get(id) as S;
      const because = failedPrerequisite.get(id);
      if (because !== undefined && actions.blockedByFailure(step)) {
        actions.skipped?.(step, because);
        finish(id, 'skipped');
        return;
      }
      actions.run(step).then(
        (verdict) => finish(id, verdict),
        () => finish(id, 'failed'),
      );
    };

    const drain = (): void => {
      if (draining) return;
      draining = true;
      while (head < ready.length) launch(ready[head++] as number);
      ready.length = 0;
      head = 0;
      draining = false;
    };

    for (const step of steps) if (step.after.length === 0) ready.push(step.id);
    drain();
  });
}
