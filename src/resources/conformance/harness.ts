/**
 * Drives a type under MockResourceEnvironment for the conformance checks. Types that manage real
 * processes wait in real time (a child's exit) *and* in virtual time (`ctx.sleep` polling), so
 * while a call is pending the harness advances the mock's virtual clock at the pace of real time:
 * a 5 s stop timeout still means about 5 s, and nothing stalls on a timer nobody advances.
 */
import { performance } from 'node:perf_hooks';
import { loadResourceType, resolveResourceType } from '../registry.js';
import { MockResourceEnvironment, type CallResult, type ResourceProperties, type ResourceType } from '../sdk/index.js';
import type { ConformanceFixture, ConformanceSubject } from './subject.js';

const DEFAULT_CALL_LIMIT_MS = 20_000;
const PACE_MS = 5;

/** Loads the subject's type in this process, exactly as a host would, or throws why not. */
export async function loadSubjectType(subject: ConformanceSubject): Promise<ResourceType> {
  if (typeof subject.type !== 'string') return subject.type;
  const resolved = resolveResourceType(subject.type, { baseDir: subject.baseDir ?? process.cwd() });
  if (!resolved.ok) throw new Error(`cannot resolve resource type '${subject.type}': ${resolved.detail} (${resolved.code})`);
  const loaded = await loadResourceType(resolved.type);
  if (!loaded.ok) throw new Error(`cannot load resource type '${subject.type}': ${loaded.detail} (${loaded.code})`);
  return loaded.type;
}

/** One check's resource: environments over the same name and properties, and the clean-up. */
export class ConformanceResource {
  private readonly environments: MockResourceEnvironment[] = [];

  constructor(
    readonly type: ResourceType,
    readonly resourceName: string,
    readonly fixture: ConformanceFixture,
    private readonly callLimitMs = DEFAULT_CALL_LIMIT_MS,
  ) {}

  /**
   * A new instance of the resource, as a fresh resource host would create after a crash: same
   * name and properties, no memory of earlier calls.
   */
  environment(properties: ResourceProperties = this.fixture.properties): MockResourceEnvironment {
    const env = new MockResourceEnvironment(this.type, { resourceName: this.resourceName, properties });
    this.environments.push(env);
    return env;
  }

  /** Runs one call to the end, pacing virtual time with real time; fails the check if it hangs. */
  async run(env: MockResourceEnvironment, call: (env: MockResourceEnvironment) => Promise<CallResult>, what: string): Promise<CallResult> {
    let settled: { value: CallResult } | { error: unknown } | null = null;
    call(env).then(
      (value) => (settled = { value }),
      (error: unknown) => (settled = { error }),
    );
    let last = performance.now();
    const deadline = last + this.callLimitMs;
    while (settled === null) {
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      const now = performance.now();
      await env.advance(now - last);
      last = now;
      if (settled === null && now > deadline) throw new Error(`${what} did not settle within ${this.callLimitMs} ms`);
    }
    const outcome = settled as { value: CallResult } | { error: unknown };
    if ('error' in outcome) throw new Error(`${what} rejected instead of answering a result: ${String(outcome.error)}`);
    return outcome.value;
  }

  /** Best-effort end state: terminate through the last environment, then the fixture's teardown. */
  async cleanUp(): Promise<void> {
    const env = this.environments.at(-1) ?? this.environment();
    try {
      await this.run(env, (e) => e.terminate(), 'terminate (clean-up)');
    } catch {
      // The check has already failed or passed; clean-up must not hide that.
    }
    await this.fixture.teardown?.();
  }
}
