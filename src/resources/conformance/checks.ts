/**
 * The checks every resource type must pass (ARCHITECTURE "Testing": one conformance suite), as
 * data: a name and a function that throws a descriptive Error when the type misbehaves. Kept
 * free of any test runner so other runners can use them; index.ts turns them into vitest tests.
 *
 * What they pin down is the face the engine relies on: online/offline/terminate settle with a
 * result; health checks tell running from cleanly stopped; offline is idempotent; a fresh
 * instance (a new host after a crash) finds a running resource; bad input is a failed result with
 * a code, never an exception.
 */
import { RESULT_CODES, type CallResult } from '../sdk/index.js';
import type { ConformanceResource } from './harness.js';
import type { ConformanceSubject } from './subject.js';

export interface ConformanceCheck {
  readonly name: string;
  run(resource: ConformanceResource, subject: ConformanceSubject): Promise<void>;
}

function show(result: CallResult): string {
  return JSON.stringify(result);
}

/** The call ran to completion (no throw, no crash) and answered `outcome`. */
function expectOutcome(result: CallResult, outcome: 'ok' | 'not-running' | 'failed', what: string): void {
  if (result.exec !== 'done') throw new Error(`${what}: expected the call to complete (exec 'done'), got ${show(result)}`);
  if (result.outcome !== outcome) throw new Error(`${what}: expected outcome '${outcome}', got ${show(result)}`);
}

/** A failure that is data: settled, outcome failed, a Win32 code, and not "the type threw". */
function expectFailureAsData(result: CallResult, what: string): void {
  expectOutcome(result, 'failed', what);
  if (!Number.isInteger(result.code) || result.code <= 0) throw new Error(`${what}: a failure must carry a Win32 code, got ${show(result)}`);
  if (result.code === RESULT_CODES.exception) throw new Error(`${what}: the type threw (5930) instead of answering a failure: ${show(result)}`);
}

export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  {
    name: 'a resource that was never started probes as not running',
    async run(r) {
      const env = r.environment();
      expectOutcome(await r.run(env, (e) => e.isAlive(), 'isAlive'), 'not-running', 'isAlive before any online');
    },
  },
  {
    name: 'online succeeds, then looksAlive and isAlive report it running',
    async run(r) {
      const env = r.environment();
      expectOutcome(await r.run(env, (e) => e.online(), 'online'), 'ok', 'online');
      expectOutcome(await r.run(env, (e) => e.looksAlive(), 'looksAlive'), 'ok', 'looksAlive after online');
      expectOutcome(await r.run(env, (e) => e.isAlive(), 'isAlive'), 'ok', 'isAlive after online');
    },
  },
  {
    name: 'offline after online succeeds and leaves it not running',
    async run(r) {
      const env = r.environment();
      expectOutcome(await r.run(env, (e) => e.online(), 'online'), 'ok', 'online');
      expectOutcome(await r.run(env, (e) => e.offline(), 'offline'), 'ok', 'offline');
      expectOutcome(await r.run(env, (e) => e.isAlive(), 'isAlive'), 'not-running', 'isAlive after offline');
    },
  },
  {
    name: 'offline is idempotent: never started, and twice in a row',
    async run(r) {
      const env = r.environment();
      expectOutcome(await r.run(env, (e) => e.offline(), 'offline'), 'ok', 'offline of a resource never started');
      expectOutcome(await r.run(env, (e) => e.online(), 'online'), 'ok', 'online');
      expectOutcome(await r.run(env, (e) => e.offline(), 'offline'), 'ok', 'first offline');
      expectOutcome(await r.run(env, (e) => e.offline(), 'offline'), 'ok', 'second offline');
      expectOutcome(await r.run(env, (e) => e.isAlive(), 'isAlive'), 'not-running', 'isAlive after two offlines');
    },
  },
  {
    name: 'terminate from online leaves it not running',
    async run(r) {
      const env = r.environment();
      expectOutcome(await r.run(env, (e) => e.online(), 'online'), 'ok', 'online');
      expectOutcome(await r.run(env, (e) => e.terminate(), 'terminate'), 'ok', 'terminate');
      expectOutcome(await r.run(env, (e) => e.isAlive(), 'isAlive'), 'not-running', 'isAlive after terminate');
    },
  },
  {
    name: 'a fresh instance probes a running resource as running and can take it offline',
    async run(r) {
      const first = r.environment();
      expectOutcome(await r.run(first, (e) => e.online(), 'online'), 'ok', 'online');
      const fresh = r.environment();
      expectOutcome(await r.run(fresh, (e) => e.isAlive(), 'isAlive'), 'ok', 'isAlive from a fresh instance (the start-up probe)');
      expectOutcome(await r.run(fresh, (e) => e.offline(), 'offline'), 'ok', 'offline from the fresh instance');
      expectOutcome(await r.run(r.environment(), (e) => e.isAlive(), 'isAlive'), 'not-running', 'isAlive after the fresh instance took it offline');
    },
  },
  {
    name: 'bad properties fail as data with a code, never a throw',
    async run(r, subject) {
      const cases = subject.invalidProperties?.(r.fixture) ?? [];
      for (const bad of cases) {
        const env = r.environment(bad.properties);
        const validated = r.type.validate ? await r.run(env, (e) => e.validate(bad.properties), 'validate') : null;
        const online = await r.run(env, (e) => e.online(), 'online');
        if (online.exec !== 'done') throw new Error(`online with ${bad.why}: expected a completed call, got ${show(online)}`);
        if (online.code === RESULT_CODES.exception) throw new Error(`online with ${bad.why}: the type threw (5930): ${show(online)}`);
        if (validated !== null && validated.exec !== 'done') throw new Error(`validate with ${bad.why}: expected a completed call, got ${show(validated)}`);
        if (validated !== null && validated.outcome === 'failed') expectFailureAsData(validated, `validate with ${bad.why}`);
        else if (online.outcome === 'failed') expectFailureAsData(online, `online with ${bad.why}`);
        else throw new Error(`${bad.why}: neither validate (${validated ? show(validated) : 'absent'}) nor online (${show(online)}) failed`);
        if (online.outcome === 'ok') await r.run(env, (e) => e.terminate(), 'terminate');
      }
    },
  },
];
