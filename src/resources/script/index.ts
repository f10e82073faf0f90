/**
 * The `script` resource type: WSFC's Generic Script with a Unix face. One user executable does all
 * the work, called as `SCRIPT online|offline|terminate|looks-alive|is-alive [Arguments...]`, with
 * the resource's private properties (WOLFPACK_PROP_<Name>) and, for offline, the reason, flags,
 * destination node and the caller's instructions in its environment (the names shared with the
 * process type: src/resources/instructions/).
 *
 * Exit codes: 0 success / alive; 7 not running (a health check answers 'not-running'; offline and
 * terminate count it as success: the resource is stopped); anything else is a failure. A line
 * starting with `progress` on stdout is a progress report. docs/resource-types/script.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RESULT_CODES,
  abortError,
  defineResourceType,
  type EntryFailure,
  type HealthAnswer,
  type ResourceContext,
} from '../sdk/index.js';
import { INSTRUCTIONS_ENV, offlineInstructions, offlineInstructionsEnv, onlineInstructionsEnv, writeInstructionsFile } from '../instructions/index.js';
import { exclusive } from '../process/resource-lock.js';
import { SCRIPT_PROPERTIES, propertyEnvironment, readScriptSettings, type ScriptSettings } from './properties.js';
import { runScript, type ScriptAction, type ScriptRunResult } from './run-script.js';

/** The exit code that means "not running" (OCF_NOT_RUNNING, the same number as Pacemaker's agents). */
export const EXIT_NOT_RUNNING = 7;

export const SCRIPT_ENV = {
  action: 'WOLFPACK_ACTION',
  propertyPrefix: 'WOLFPACK_PROP_',
} as const;

function failure(detail: string, code?: number): EntryFailure {
  return code === undefined ? { state: 'failed', detail } : { state: 'failed', detail, code };
}

type Outcome = 'ok' | 'not-running' | EntryFailure;

interface CallPlan {
  readonly action: ScriptAction;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs: (settings: ScriptSettings) => number;
}

function describeEnd(settings: ScriptSettings, action: ScriptAction, result: ScriptRunResult, timeoutMs: number): string {
  const call = `${settings.script} ${action}`;
  if (result.ended === 'not-started') return result.detail;
  const last = result.tail.length > 0 ? `: ${result.tail.join(' | ')}` : '';
  if (result.ended !== 'exited') {
    const why = result.ended === 'timed-out' ? `did not finish within ${timeoutMs} ms` : 'was aborted';
    return `${call} ${why} and its process group was killed${last}`;
  }
  const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.code ?? '?'}`;
  return `${call} ${how}${last}`;
}

/** Runs the script for one action; the exit code becomes an outcome. Rejects when the call is aborted. */
async function call(ctx: ResourceContext, plan: CallPlan): Promise<Outcome> {
  const read = readScriptSettings(ctx.properties);
  if (!read.ok) return failure(read.detail, RESULT_CODES.configuration);
  const settings = read.settings;
  const timeoutMs = plan.timeoutMs(settings);
  const health = plan.action === 'looks-alive' || plan.action === 'is-alive';
  const result = await runScript(ctx, {
    script: settings.script,
    action: plan.action,
    args: settings.args,
    cwd: settings.cwd,
    env: {
      ...settings.environment,
      ...propertyEnvironment(ctx.properties),
      [INSTRUCTIONS_ENV.resource]: ctx.resourceName,
      [SCRIPT_ENV.action]: plan.action,
      ...plan.env,
    },
    timeoutMs,
    logOutput: !health,
  });
  if (result.ended === 'aborted') throw abortError(ctx.signal);
  if (result.ended === 'exited' && result.code === 0) return 'ok';
  if (result.ended === 'exited' && result.code === EXIT_NOT_RUNNING && plan.action !== 'online') return 'not-running';
  return failure(describeEnd(settings, plan.action, result, timeoutMs));
}

function asEntryReturn(outcome: Outcome): EntryFailure | undefined {
  return outcome === 'ok' || outcome === 'not-running' ? undefined : outcome;
}

function asHealth(outcome: Outcome): HealthAnswer {
  return outcome === 'ok' ? true : outcome;
}

/** The offline document goes to a private temporary file for the script's lifetime only. */
async function withInstructionsFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-script-'));
  try {
    return await use(join(dir, 'instructions.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const scriptType = defineResourceType({
  name: 'script',
  description: 'Calls one user executable for every entry point (Generic Script): exit codes, progress lines, instructions in the environment.',
  properties: SCRIPT_PROPERTIES,

  // online, offline and terminate run one at a time per resource (an online may follow the
  // terminate of an earlier failure at once); terminate's abort of in-flight calls kills their
  // scripts first, so it never waits for long.
  online(ctx, args) {
    return exclusive(ctx.resourceName, async () => {
      const env = onlineInstructionsEnv(ctx.resourceName, args);
      return asEntryReturn(await call(ctx, { action: 'online', env, timeoutMs: (s) => s.timeoutMs }));
    });
  },

  offline(ctx, args) {
    const doc = offlineInstructions(ctx.resourceName, args);
    return exclusive(ctx.resourceName, () =>
      withInstructionsFile(async (file) => {
        writeInstructionsFile(file, doc);
        const env = offlineInstructionsEnv(doc, file);
        return asEntryReturn(await call(ctx, { action: 'offline', env, timeoutMs: (s) => s.timeoutMs }));
      }),
    );
  },

  terminate(ctx) {
    return exclusive(ctx.resourceName, async () => {
      const failed = asEntryReturn(await call(ctx, { action: 'terminate', timeoutMs: (s) => s.terminateTimeoutMs }));
      if (failed) ctx.log.error(`terminate: ${failed.detail ?? 'failed'}`);
    });
  },

  async looksAlive(ctx) {
    return asHealth(await call(ctx, { action: 'looks-alive', timeoutMs: (s) => s.healthTimeoutMs }));
  },

  async isAlive(ctx) {
    return asHealth(await call(ctx, { action: 'is-alive', timeoutMs: (s) => s.healthTimeoutMs }));
  },

  validate(properties) {
    const result = readScriptSettings(properties);
    return result.ok ? null : { detail: result.detail };
  },
});

export default scriptType;
