/**
 * The `process` resource type: WSFC's Generic Application. It runs one program in a process group
 * of its own, keeps a pid file so that a process which outlived the daemon is adopted rather than
 * started twice, hands the offline instructions to the program before the stop signal (a JSON
 * file whose path the program got in WOLFPACK_INSTRUCTIONS_FILE at start), lets an instruction or
 * the reason pick the signal (StopSignalFor), and kills the whole group when asked to terminate or
 * when the program does not stop within StopTimeoutMs.
 *
 * docs/resource-types/process.md is the user's description of all of this.
 */
import { rmSync } from 'node:fs';
import { RESULT_CODES, defineResourceType, type EntryFailure, type HealthAnswer, type OfflineArgs, type ResourceContext } from '../sdk/index.js';
import { INSTRUCTIONS_ENV, offlineInstructions, removeInstructionsFile, writeInstructionsFile } from '../instructions/index.js';
import { joinCommandLine } from './command-line.js';
import { describeExit, launch, signalGroup, type ExitInfo } from './launch.js';
import { readPidFile, removePidFile, writePidFile } from './pid-file.js';
import { exclusive } from './resource-lock.js';
import { processFate, readProcStat, type ProcessFate } from './proc-table.js';
import { PROCESS_PROPERTIES, readProcessSettings, type ProcessSettings } from './properties.js';
import { portAccepts, waitUntilReady, type ReadyAnswer } from './readiness.js';
import { chooseStopSignal } from './stop-signal.js';
import { killGroup, stopGroup, type GroupTarget } from './stopping.js';

/** The process a resource runs, as this host knows it (started here, or adopted from a pid file). */
interface Tracked extends GroupTarget {
  readonly pidFile: string;
  readonly instructionsFile: string;
  /** How it ended, when this host started it and saw it end. */
  exit: ExitInfo | null;
}

const tracked = new Map<string, Tracked>();

/** Variables the program finds in its environment at start. */
export const PROCESS_ENV = {
  resource: INSTRUCTIONS_ENV.resource,
  instructionsFile: INSTRUCTIONS_ENV.instructionsFile,
  pidFile: 'WOLFPACK_PID_FILE',
} as const;

function failure(detail: string, code?: number): EntryFailure {
  return code === undefined ? { state: 'failed', detail } : { state: 'failed', detail, code };
}

type SettingsOrFailure = { settings: ProcessSettings; failed: null } | { settings: null; failed: EntryFailure };

function settingsOf(ctx: ResourceContext): SettingsOrFailure {
  const result = readProcessSettings(ctx.properties, ctx.resourceName);
  return result.ok ? { settings: result.settings, failed: null } : { settings: null, failed: failure(result.detail, RESULT_CODES.configuration) };
}

/** The resource's process: this host's record, else the pid file (a fresh host after a crash). */
function current(ctx: ResourceContext, settings: ProcessSettings): Tracked | null {
  const known = tracked.get(ctx.resourceName);
  // A changed PidFile names another process: the file, not this host's memory, is the truth then.
  if (known && known.pidFile === settings.pidFile) return known;
  const record = readPidFile(settings.pidFile);
  if (record === null) return null;
  const adopted: Tracked = {
    pid: record.pid,
    startTime: record.startTime,
    pidFile: settings.pidFile,
    instructionsFile: record.instructionsFile ?? settings.instructionsFile,
    exit: null,
  };
  tracked.set(ctx.resourceName, adopted);
  return adopted;
}

function fateOf(managed: Tracked): ProcessFate {
  return processFate(managed.pid, managed.startTime);
}

/** Why the process is not running, for failure details: null while it runs. */
function whyNotRunning(managed: Tracked): string | null {
  const fate = fateOf(managed);
  if (fate === 'running') return null;
  if (managed.exit !== null) return `process ${managed.pid} ${describeExit(managed.exit)}`;
  if (fate === 'reused') return `process ${managed.pid} is gone (its pid now belongs to another process)`;
  return `process ${managed.pid} is no longer running${fate === 'zombie' ? ' (zombie)' : ''}`;
}

function forget(ctx: ResourceContext, managed: Tracked): void {
  // Only our own pid file: a newer start may already have written its pid there.
  if (readPidFile(managed.pidFile)?.pid === managed.pid) removePidFile(managed.pidFile);
  removeInstructionsFile(managed.instructionsFile);
  if (tracked.get(ctx.resourceName) === managed) tracked.delete(ctx.resourceName);
}

async function start(ctx: ResourceContext, settings: ProcessSettings): Promise<EntryFailure | undefined> {
  removeInstructionsFile(settings.instructionsFile);
  if (settings.readyFile !== null) rmSync(settings.readyFile, { force: true });
  const launched = await launch({
    argv: settings.argv,
    cwd: settings.cwd,
    output: settings.output,
    env: {
      ...settings.environment,
      [PROCESS_ENV.resource]: ctx.resourceName,
      [PROCESS_ENV.instructionsFile]: settings.instructionsFile,
      [PROCESS_ENV.pidFile]: settings.pidFile,
    },
  });
  if (!launched.ok) return failure(launched.detail);
  const stat = readProcStat(launched.pid);
  const managed: Tracked = {
    pid: launched.pid,
    startTime: stat?.startTime ?? null,
    pidFile: settings.pidFile,
    instructionsFile: settings.instructionsFile,
    exit: null,
  };
  void launched.exit.then((exit) => (managed.exit = exit));
  tracked.set(ctx.resourceName, managed);
  writePidFile(settings.pidFile, { pid: managed.pid, startTime: managed.startTime, instructionsFile: managed.instructionsFile });
  ctx.log.info(`started process ${managed.pid}: ${joinCommandLine(settings.argv)}`);

  let answer: ReadyAnswer;
  try {
    answer = await waitUntilReady(ctx, settings, () => whyNotRunning(managed));
  } catch (error) {
    // Terminate kills the group itself; a cancel or shutdown leaves nothing half-started behind.
    if (ctx.signal.reason !== 'terminate') {
      signalGroup(managed.pid, managed.startTime, 'SIGKILL');
      forget(ctx, managed);
    }
    throw error;
  }
  if (answer.ready) return undefined;
  await killGroup(ctx, managed);
  forget(ctx, managed);
  const output = settings.output === null ? '' : ` (output in ${settings.output})`;
  return failure(`${answer.detail}${output}`);
}

async function health(ctx: ResourceContext, thorough: boolean): Promise<HealthAnswer> {
  const { settings, failed } = settingsOf(ctx);
  if (failed) return failed;
  const managed = current(ctx, settings);
  if (managed === null) return 'not-running';
  const why = whyNotRunning(managed);
  if (why !== null) return failure(why);
  if (thorough && settings.readyPort !== null && !(await portAccepts(settings.readyPort, 1_000))) {
    return failure(`process ${managed.pid} runs but ReadyPort ${settings.readyPort.host}:${settings.readyPort.port} refuses connections`);
  }
  return true;
}

async function online(ctx: ResourceContext): Promise<EntryFailure | undefined> {
  const { settings, failed } = settingsOf(ctx);
  if (failed) return failed;
  const existing = current(ctx, settings);
  if (existing !== null) {
    if (whyNotRunning(existing) === null) {
      // Outlived a daemon or host crash: adopt it, never start a second one.
      ctx.log.info(`process ${existing.pid} from ${existing.pidFile} is already running: adopted`);
      return undefined;
    }
    forget(ctx, existing);
  }
  return start(ctx, settings);
}

async function offline(ctx: ResourceContext, args: OfflineArgs): Promise<EntryFailure | undefined> {
  const { settings, failed } = settingsOf(ctx);
  if (failed) return failed;
  const managed = current(ctx, settings);
  if (managed === null) return undefined;
  if (whyNotRunning(managed) !== null) {
    // Only leftovers of a group whose leader died may remain: they go without ceremony.
    const killed = await killGroup(ctx, managed);
    forget(ctx, managed);
    return killed.stopped ? undefined : failure(killed.detail);
  }
  // The instructions reach the program before the signal that asks it to read them.
  const doc = offlineInstructions(ctx.resourceName, args);
  writeInstructionsFile(managed.instructionsFile, doc);
  const choice = chooseStopSignal(settings.stopSignal, settings.stopSignalFor, doc);
  ctx.log.info(`stopping process group ${managed.pid} with ${choice.signal} (${choice.because}); reason ${doc.reasonName}`);
  const stopped = await stopGroup(ctx, managed, choice.signal, settings.stopTimeoutMs);
  if (!stopped.stopped) return failure(stopped.detail);
  forget(ctx, managed);
  return undefined;
}

async function terminate(ctx: ResourceContext): Promise<void> {
  const { settings } = settingsOf(ctx);
  const managed = settings === null ? (tracked.get(ctx.resourceName) ?? null) : current(ctx, settings);
  if (managed === null) return;
  const killed = await killGroup(ctx, managed);
  if (!killed.stopped) ctx.log.error(killed.detail);
  forget(ctx, managed);
}

export const processType = defineResourceType({
  name: 'process',
  description: 'Runs a program in its own process group (Generic Application): pid file, adoption, offline instructions, stop signals.',
  properties: PROCESS_PROPERTIES,

  online(ctx) {
    return exclusive(ctx.resourceName, () => online(ctx));
  },

  offline(ctx, args) {
    return exclusive(ctx.resourceName, () => offline(ctx, args));
  },

  terminate(ctx) {
    return exclusive(ctx.resourceName, () => terminate(ctx));
  },

  looksAlive(ctx) {
    return health(ctx, false);
  },

  isAlive(ctx) {
    return health(ctx, true);
  },

  close(ctx) {
    // The process keeps running: leaving a host is not a reason to stop it.
    tracked.delete(ctx.resourceName);
  },

  validate(properties) {
    const result = readProcessSettings(properties, 'validate');
    return result.ok ? null : { detail: result.detail };
  },
});

export default processType;
