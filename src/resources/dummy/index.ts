/**
 * The `dummy` resource type: the template for type authors and the fault-injection tool for tests
 * (Pacemaker's Dummy agent does both). It manages nothing real: "running" is a flag in memory per
 * resource (or a StateFile), and its private properties inject delays, failures, hangs, locked
 * mode, progress reports, health failures and host crashes. Every entry point can be recorded to a
 * RecordFile, one JSON line per call.
 *
 * Read it top to bottom as the example of docs/resource-types.md.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type { TimerHandle } from '../../core/clock.js';
import {
  abortError,
  defineResourceType,
  describeError,
  isEntryFailure,
  isInsideResourceHost,
  type EntryFailure,
  type HealthAnswer,
  type ResourceContext,
} from '../sdk/index.js';
import { DUMMY_PROPERTIES, readSettings, validateDummyProperties, type DummySettings } from './properties.js';
import { appendRecord, rawToBase64, type RecordLine } from './record.js';

/** Running state per resource name, for resources without a StateFile. */
const running = new Map<string, boolean>();

function isRunning(ctx: ResourceContext, settings: DummySettings): boolean {
  if (settings.stateFile !== null) return existsSync(settings.stateFile);
  return running.get(ctx.resourceName) ?? false;
}

function setRunning(ctx: ResourceContext, settings: DummySettings, value: boolean): void {
  running.set(ctx.resourceName, value);
  if (settings.stateFile === null) return;
  if (value) writeFileSync(settings.stateFile, `${ctx.resourceName}\n`);
  else rmSync(settings.stateFile, { force: true });
}

function failure(detail: string): EntryFailure {
  return { state: 'failed', detail };
}

/** Never settles on its own: a hang that only terminate, cancel or an abort ends. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(abortError(signal));
    else signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}

/** SetResourceStatus checkpoints every `everyMs` until stopped, like a worker thread would send. */
function startProgress(ctx: ResourceContext, everyMs: number): () => void {
  let count = 0;
  let timer: TimerHandle;
  const tick = (): void => {
    count += 1;
    ctx.reportProgress(`checkpoint ${count}`);
    timer = ctx.clock.setTimer(everyMs, tick);
  };
  timer = ctx.clock.setTimer(everyMs, tick);
  return () => timer.cancel();
}

/** The pending part of online/offline: a delay or a hang, with progress reports while it lasts. */
async function pendingWork(ctx: ResourceContext, settings: DummySettings, delayMs: number, hang: boolean): Promise<void> {
  const stopProgress = settings.progressEveryMs > 0 ? startProgress(ctx, settings.progressEveryMs) : () => undefined;
  try {
    if (hang) await untilAborted(ctx.signal);
    else if (delayMs > 0) await ctx.sleep(delayMs);
  } finally {
    stopProgress();
  }
}

type RecordFields = Pick<RecordLine, 'flags' | 'reason' | 'destinationNode' | 'sourceNode' | 'instructions' | 'raw'>;

/**
 * Runs one entry point's body and appends its RecordFile line when it ends, however it ends.
 * CrashHost exits the host here, after writing a line that says so.
 */
async function recorded<T>(
  ctx: ResourceContext,
  entry: string,
  fields: RecordFields,
  body: (settings: DummySettings) => Promise<T> | T,
  describe: (value: T) => string,
): Promise<T> {
  const settings = readSettings(ctx.properties);
  const start = ctx.clock.now();
  const write = (result: string, detail?: string): void =>
    appendRecord(settings.recordFile, {
      entry,
      resource: ctx.resourceName,
      ...fields,
      start,
      end: ctx.clock.now(),
      result,
      ...(detail === undefined ? {} : { detail }),
    });
  if (settings.crashHost === entry) {
    if (isInsideResourceHost()) {
      write('crash');
      process.exit(70);
    }
    ctx.log.warn(`CrashHost=${entry} ignored: not running inside a resource host`);
  }
  try {
    const value = await body(settings);
    write(describe(value), isEntryFailure(value) ? value.detail : undefined);
    return value;
  } catch (error) {
    write(ctx.signal.aborted ? 'aborted' : 'failed', describeError(error));
    throw error;
  }
}

const outcomeWord = (value: EntryFailure | void): string => (isEntryFailure(value) ? 'failed' : 'ok');

function healthWord(value: HealthAnswer): string {
  if (value === true || value === 'alive') return 'alive';
  if (value === 'not-running') return 'not-running';
  return 'failed';
}

function checkHealth(ctx: ResourceContext, settings: DummySettings, forced: boolean): HealthAnswer {
  if (!isRunning(ctx, settings)) return 'not-running';
  if (forced) return failure('health failure injected by property');
  if (settings.healthFile !== null && existsSync(settings.healthFile)) return failure(`HealthFile ${settings.healthFile} exists`);
  return true;
}

export const dummy = defineResourceType({
  name: 'dummy',
  description: 'Manages nothing; injects delays, failures, hangs, locked mode and crashes for tests. The template for authors.',
  properties: DUMMY_PROPERTIES,

  open(ctx) {
    return recorded(ctx, 'open', {}, () => undefined, outcomeWord);
  },

  online(ctx, args) {
    const base = { flags: args.flags, instructions: args.instructions, raw: rawToBase64(args.raw) };
    const fields = args.sourceNode ? { ...base, sourceNode: args.sourceNode } : base;
    return recorded(
      ctx,
      'online',
      fields,
      async (settings) => {
        await pendingWork(ctx, settings, settings.onlineDelayMs, settings.hangOnline);
        if (settings.failOnline) return failure('FailOnline is set');
        setRunning(ctx, settings, true);
        if (settings.locked) ctx.setLockedMode(true, settings.lockedReason);
        return undefined;
      },
      outcomeWord,
    );
  },

  offline(ctx, args) {
    const fields = {
      flags: args.flags,
      reason: args.reason,
      destinationNode: args.destinationNode,
      instructions: args.instructions,
      raw: rawToBase64(args.raw),
    };
    return recorded(
      ctx,
      'offline',
      fields,
      async (settings) => {
        await pendingWork(ctx, settings, settings.offlineDelayMs, settings.hangOffline);
        if (settings.failOffline) return failure('FailOffline is set');
        setRunning(ctx, settings, false);
        if (settings.locked) ctx.setLockedMode(false, settings.lockedReason);
        return undefined;
      },
      outcomeWord,
    );
  },

  terminate(ctx) {
    return recorded(
      ctx,
      'terminate',
      {},
      (settings) => {
        setRunning(ctx, settings, false);
        if (settings.locked) ctx.setLockedMode(false, settings.lockedReason);
      },
      () => 'ok',
    );
  },

  looksAlive(ctx) {
    return recorded(ctx, 'looksAlive', {}, (settings) => checkHealth(ctx, settings, settings.failLooksAlive), healthWord);
  },

  isAlive(ctx) {
    return recorded(ctx, 'isAlive', {}, (settings) => checkHealth(ctx, settings, settings.failIsAlive), healthWord);
  },

  close(ctx) {
    return recorded(
      ctx,
      'close',
      {},
      () => {
        running.delete(ctx.resourceName);
      },
      outcomeWord,
    );
  },

  // The host has already aborted the in-flight calls' signals; a hang sees that and settles.
  cancel(ctx) {
    return recorded(ctx, 'cancel', {}, () => undefined, outcomeWord);
  },

  validate: validateDummyProperties,
});

export default dummy;
