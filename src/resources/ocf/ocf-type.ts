/**
 * The `ocf:<provider>:<agent>` resource type: WSFC entry points played by an OCF agent.
 *
 *   online     -> start (migrate_from when a move brings a live-migratable agent from another node)
 *   offline    -> stop, with the offline instructions in the environment (WOLFPACK_*); on a move
 *                 of a live-migratable agent, migrate_to the destination first
 *   terminate  -> stop with a short deadline, then SIGKILL to the stop's process group
 *   looksAlive -> monitor with OCF_CHECK_LEVEL=0
 *   isAlive    -> monitor with OCF_CHECK_LEVEL=10 (also the start-up probe)
 *   validate   -> the agent's meta-data against the properties (validate.ts)
 *
 * Exit codes become outcomes per exit-codes.ts. While start or stop runs, progress is reported
 * every second, so PendingTimeout measures the agent's liveness and the action's own deadline
 * (timeouts.ts) bounds its duration. An aborted call (terminate, cancel, deadline, shutdown)
 * kills the running agent's process group at once.
 */
import { mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Win32 } from '../../core/errors.js';
import { OfflineReason } from '../../core/flags.js';
import { INSTRUCTIONS_ENV, offlineInstructions, offlineInstructionsEnv, onlineInstructionsEnv, writeInstructionsFile } from '../instructions/index.js';
import { abortError, defineResourceType, type EntryFailure, type HealthAnswer, type ResourceContext, type ResourceType } from '../sdk/index.js';
import { agentFileProblem, readOcfMetadata, type MetadataResult, type OcfMetadata } from './metadata.js';
import type { OcfAgentRef } from './agent.js';
import { actionEnv, baseAgentEnv } from './environment.js';
import { ocfExitName, verdictForAction, verdictForMonitor, win32ForOcfExit } from './exit-codes.js';
import { epochNow, runAgent, type AgentRun } from './run-agent.js';
import { actionTimeoutMs, type TimedAction } from './timeouts.js';
import { checkAgainstMetadata } from './validate.js';

/**
 * When set in the resource host's environment, every agent run appends one JSON line here:
 * `{resource, type, action, end, code, wallMs, spawnMs, calledAt, startAt, exitAt, doneAt}` (the
 * `*At` are epoch ms with sub-ms precision: entry point called, spawn, exit, line written). The
 * bench sums `wallMs` to compare the engine's total with the agents' own time and reads the gaps
 * between runs; operators can use it to find slow agents.
 */
export const OCF_TIMINGS_ENV = 'WOLFPACK_OCF_TIMINGS_FILE';

export interface OcfTypeOptions {
  /** Progress while start/stop run (SetResourceStatus checkpoints); default 1,000 ms. */
  readonly progressEveryMs?: number;
  /** Where to append per-run timings; default: $WOLFPACK_OCF_TIMINGS_FILE, else none. */
  readonly timingsFile?: string | null;
}

export interface OcfResourceType extends ResourceType {
  readonly agent: OcfAgentRef;
  /** The agent's meta-data (parameters, actions, liveMigratable), read once. */
  metadata(): Promise<MetadataResult>;
}

interface Invocation {
  readonly action: 'start' | 'stop' | 'monitor' | 'migrate_to' | 'migrate_from';
  readonly timing: TimedAction;
  readonly checkLevel?: number;
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly progress: boolean;
}

export function createOcfType(agent: OcfAgentRef, options: OcfTypeOptions = {}): OcfResourceType {
  const progressEveryMs = options.progressEveryMs ?? 1_000;
  const timingsFile = options.timingsFile === undefined ? (process.env[OCF_TIMINGS_ENV] || null) : options.timingsFile;
  const base = baseAgentEnv(agent);
  // Meta-data is read once per host (a failed read is retried on the next call). It only supplies
  // default timeouts here, so a broken meta-data action never stops start/stop/monitor.
  let known: OcfMetadata | null = null;
  let reading: Promise<OcfMetadata | null> | null = null;
  const metadataOrNull = (): OcfMetadata | null | Promise<OcfMetadata | null> => {
    if (known !== null) return known;
    reading ??= readOcfMetadata(agent).then((result) => {
      reading = null;
      if (result.ok) known = result.metadata;
      return result.ok ? result.metadata : null;
    });
    return reading;
  };

  // One descriptor for the host's life, opened O_APPEND (lines stay whole; a reader truncating the
  // file is fine, a renamed file keeps the lines): appendFileSync's open+write+close per run cost
  // ~30 us between an agent's exit and its result. The line is written before the result leaves,
  // so whoever reads the file after an operation ended finds every run of it.
  let timingsFd: number | null = null;
  const record = (ctx: ResourceContext, action: string, run: AgentRun, calledAt: number): void => {
    if (timingsFile === null) return;
    const line = {
      resource: ctx.resourceName,
      type: agent.typeName,
      action,
      end: run.end,
      code: run.code,
      wallMs: run.wallMs,
      spawnMs: run.spawnMs,
      calledAt,
      startAt: run.startAt,
      exitAt: run.startAt + run.wallMs,
      doneAt: epochNow(),
    };
    try {
      timingsFd ??= openSync(timingsFile, 'a');
      writeSync(timingsFd, `${JSON.stringify(line)}\n`);
    } catch (error) {
      ctx.log.warn(`cannot append to ${OCF_TIMINGS_ENV} ${timingsFile}: ${String(error)}`);
    }
  };

  // What an action's run needs besides the instructions depends only on the resource's properties
  // object (replaced, never mutated, when they change) and the meta-data (fixed once read): worked
  // out once per resource and action rather than on every run.
  const setups = new WeakMap<ResourceContext['properties'], Map<string, { timeoutMs: number; env: Readonly<Record<string, string>> }>>();
  const fixedSetup = (ctx: ResourceContext, metadata: OcfMetadata | null, call: Invocation): { timeoutMs: number; env: Readonly<Record<string, string>> } => {
    const key = `${ctx.resourceName}\0${call.timing}\0${call.checkLevel ?? ''}`;
    let perProperties = setups.get(ctx.properties);
    const cached = metadata === null ? undefined : perProperties?.get(key);
    if (cached) return cached;
    const timeoutMs = actionTimeoutMs(ctx.properties, metadata, call.timing, call.checkLevel);
    const env = actionEnv({
      base,
      resourceName: ctx.resourceName,
      properties: ctx.properties,
      timeoutMs,
      ...(call.checkLevel === undefined ? {} : { checkLevel: call.checkLevel }),
    });
    const setup = { timeoutMs, env };
    if (metadata !== null) {
      if (!perProperties) setups.set(ctx.properties, (perProperties = new Map()));
      perProperties.set(key, setup);
    }
    return setup;
  };

  const invoke = async (ctx: ResourceContext, call: Invocation): Promise<{ run: AgentRun; timeoutMs: number }> => {
    const calledAt = timingsFile === null ? 0 : epochNow();
    const metadata = known ?? (await metadataOrNull());
    const { timeoutMs, env: fixedEnv } = fixedSetup(ctx, metadata, call);
    // The instructions' variables are WOLFPACK_* and never clash with the fixed OCF_* ones.
    const env = call.extraEnv ? { ...fixedEnv, ...call.extraEnv } : fixedEnv;
    const label = call.checkLevel === undefined ? call.action : `${call.action}(${call.checkLevel})`;
    const run = await runAgent({
      path: agent.path,
      action: call.action,
      env,
      timeoutMs,
      signal: ctx.signal,
      clock: ctx.clock,
      ...(call.progress
        ? { progress: { everyMs: progressEveryMs, report: (ms: number) => ctx.reportProgress(`${call.action}: agent running for ${Math.round(ms / 1000)} s`) } }
        : {}),
      log: (level, text) => ctx.log[level](`${label}: ${text}`),
    });
    record(ctx, label, run, calledAt);
    if (run.end === 'aborted') throw abortError(ctx.signal);
    return { run, timeoutMs };
  };

  /** A run that did not end in an exit code the verdict tables know, as a failure; else null. */
  const abnormal = (label: string, run: AgentRun, timeoutMs: number): EntryFailure | null => {
    switch (run.end) {
      case 'timeout':
        return { state: 'failed', code: Win32.ERROR_RESOURCE_CALL_TIMED_OUT, detail: `${label} did not finish within ${timeoutMs} ms; killed the agent's process group` };
      case 'killed':
        return { state: 'failed', code: Win32.ERROR_RESOURCE_FAILED, detail: `${label}: the agent was killed by ${run.signal ?? 'a signal'}` };
      case 'spawn-failed': {
        // A missing or non-executable agent is 5078; anything else (a NUL byte in a parameter,
        // an environment too large for exec) is the resource's configuration.
        const missing = agentFileProblem(agent);
        if (missing !== null) return { state: 'failed', code: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, detail: missing };
        return { state: 'failed', code: Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR, detail: `${label}: cannot run ${agent.path}: ${run.error ?? 'unknown error'}` };
      }
      default:
        return null;
    }
  };

  const failure = (label: string, run: AgentRun): EntryFailure => {
    const code = run.code ?? -1;
    const reason = run.exitReason ? `: ${run.exitReason}` : '';
    return { state: 'failed', code: win32ForOcfExit(code), detail: `${label}: ${ocfExitName(code)}${reason}` };
  };

  const startOrStop = async (ctx: ResourceContext, call: Invocation): Promise<EntryFailure | undefined> => {
    const { run, timeoutMs } = await invoke(ctx, call);
    const odd = abnormal(call.action, run, timeoutMs);
    if (odd) return odd;
    const ok = call.action === 'start' || call.action === 'stop' ? verdictForAction(call.action, run.code ?? -1) === 'ok' : run.code === 0;
    return ok ? undefined : failure(call.action, run);
  };

  /**
   * Live migration (Pacemaker's): an agent that advertises migrate_to and migrate_from moves with
   * them. The source runs migrate_to with the target, then stop (which finds nothing left to stop
   * once the migration went through, and cleans up when it did not); the destination runs
   * migrate_from with the source instead of start. A failed migrate_from falls back to start, so
   * a move never ends worse than a cold one.
   */
  const liveMigratable = async (): Promise<boolean> => (known ?? (await metadataOrNull()))?.liveMigratable === true;


  const monitor = async (ctx: ResourceContext, checkLevel: number): Promise<HealthAnswer> => {
    const { run, timeoutMs } = await invoke(ctx, { action: 'monitor', timing: 'monitor', checkLevel, progress: false });
    const label = `monitor (OCF_CHECK_LEVEL=${checkLevel})`;
    const odd = abnormal(label, run, timeoutMs);
    if (odd) return odd;
    const verdict = verdictForMonitor(run.code ?? -1);
    return verdict === 'ok' ? true : verdict === 'not-running' ? 'not-running' : failure(label, run);
  };

  return defineResourceType({
    name: agent.typeName,
    description: `OCF resource agent ${agent.path}`,
    agent,
    metadata: () => readOcfMetadata(agent),

    async online(ctx, args) {
      const extraEnv = onlineInstructionsEnv(ctx.resourceName, args);
      if (args.sourceNode && (await liveMigratable())) {
        const migrated = await startOrStop(ctx, { action: 'migrate_from', timing: 'migrate_from', progress: true, extraEnv: { ...extraEnv, OCF_RESKEY_CRM_meta_migrate_source: args.sourceNode } });
        if (migrated === undefined) return undefined;
        ctx.log.warn(`migrate_from ${args.sourceNode} failed (${migrated.detail ?? 'failed'}); starting instead`);
      }
      return startOrStop(ctx, { action: 'start', timing: 'start', progress: true, extraEnv });
    },

    async offline(ctx, args) {
      const doc = offlineInstructions(ctx.resourceName, args);
      const extraEnv = offlineInstructionsEnv(doc, null);
      if (args.reason === OfflineReason.MOVING && args.destinationNode && (await liveMigratable())) {
        const migrated = await startOrStop(ctx, { action: 'migrate_to', timing: 'migrate_to', progress: true, extraEnv: { ...extraEnv, OCF_RESKEY_CRM_meta_migrate_target: args.destinationNode } });
        if (migrated) ctx.log.warn(`migrate_to ${args.destinationNode} failed (${migrated.detail ?? 'failed'}); stopping instead`);
      }
      // The environment holds everything unless a value was too large for it (64 KiB); only then
      // is a file worth its cost on every stop: WOLFPACK_INSTRUCTIONS_FILE, removed afterwards.
      if (extraEnv[INSTRUCTIONS_ENV.truncated] !== '1') return startOrStop(ctx, { action: 'stop', timing: 'stop', progress: true, extraEnv });
      const dir = mkdtempSync(join(tmpdir(), 'wolfpack-ocf-'));
      const file = join(dir, 'instructions.json');
      try {
        writeInstructionsFile(file, doc);
        return await startOrStop(ctx, { action: 'stop', timing: 'stop', progress: true, extraEnv: { ...extraEnv, [INSTRUCTIONS_ENV.instructionsFile]: file } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },

    // Stop without waiting for clean-up: the host already aborted (killed) in-flight agents; a
    // stop that outlives its short deadline is killed too, and terminate returns regardless.
    async terminate(ctx) {
      try {
        const result = await startOrStop(ctx, { action: 'stop', timing: 'terminate', progress: false });
        if (result) ctx.log.warn(`terminate: ${result.detail ?? 'stop failed'}`);
      } catch (error) {
        ctx.log.warn(`terminate: ${String(error)}`);
      }
    },

    looksAlive: (ctx) => monitor(ctx, 0),
    isAlive: (ctx) => monitor(ctx, 10),

    async validate(properties) {
      const read = await readOcfMetadata(agent);
      const issues = read.ok ? checkAgainstMetadata(agent, read.metadata, properties) : [{ code: read.code, message: read.detail }];
      const first = issues[0];
      return first === undefined ? null : { code: first.code, detail: issues.map((i) => i.message).join('; ') };
    },
  });
}
