/**
 * A plan's steps in the order they can run: each wave holds the steps whose `after` steps are all
 * in earlier waves, so steps of one wave run in parallel (independent branches, docs/planner.md).
 */
export interface OrderedStep {
  readonly id: number;
  readonly after: readonly number[];
}

export function planWaves<S extends OrderedStep>(steps: readonly S[]): S[][] {
  const wave = new Map<number, number>();
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = (step: S, seen: ReadonlySet<number>): number => {
    const known = wave.get(step.id);
    if (known !== undefined) return known;
    // A cycle cannot come from the planner; guard anyway so a bad record cannot hang the page.
    if (seen.has(step.id)) return 0;
    const next = new Set(seen).add(step.id);
    const d = Math.max(-1, ...step.after.map((id) => {
      const before = byId.get(id);
      return before ? depth(before, next) : -1;
    })) + 1;
    wave.set(step.id, d);
    return d;
  };
  const waves: S[][] = [];
  for (const step of steps) (waves[depth(step, new Set())] ??= []).push(step);
  return waves.filter((w) => w !== undefined).map((w) => w.sort((a, b) => a.id - b.id));
}
