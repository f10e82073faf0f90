/**
 * The pid file: how a process outlives its resource host and the daemon and is still found. It is
 * plain text so that shell tools can use it (`kill $(head -1 app.pid)`):
 *
 *   line 1: the pid (also the process group id: the process was started in its own session)
 *   line 2: its start time, field 22 of /proc/<pid>/stat (defends against pid reuse)
 *   line 3: the instructions file the process was told about at start (WOLFPACK_INSTRUCTIONS_FILE)
 *
 * A file with only line 1 (written by hand) is trusted by pid alone. Default location: see
 * `defaultPidFile`.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PidRecord {
  readonly pid: number;
  readonly startTime: number | null;
  readonly instructionsFile: string | null;
}

/** Overrides the directory of default pid and instructions files. */
export const STATE_DIR_ENV = 'WOLFPACK_STATE_DIR';

/**
 * $WOLFPACK_STATE_DIR, else <os tmpdir>/wolfpack-<uid>: per user, so two users' clusters on one
 * machine never share files.
 */
export function stateDirectory(): string {
  const configured = process.env[STATE_DIR_ENV];
  if (configured !== undefined && configured !== '') return configured;
  return join(tmpdir(), `wolfpack-${process.getuid?.() ?? 'user'}`);
}

/**
 * <state dir>/process/<resource name>.pid, the name percent-encoded so that any resource name
 * (spaces, slashes) is one safe file name. Stable across daemon restarts, which is the point.
 */
export function defaultPidFile(resourceName: string): string {
  return join(stateDirectory(), 'process', `${encodeURIComponent(resourceName)}.pid`);
}

/** app.pid -> app.instructions.json, next to the pid file. */
export function instructionsFileFor(pidFile: string): string {
  return `${pidFile.endsWith('.pid') ? pidFile.slice(0, -4) : pidFile}.instructions.json`;
}

export function readPidFile(path: string): PidRecord | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const [pidLine, startLine, instructionsLine] = text.split('\n').map((line) => line.trim());
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 1) return null;
  const startTime = startLine === undefined || startLine === '' ? null : Number(startLine);
  return {
    pid,
    startTime: startTime !== null && Number.isFinite(startTime) ? startTime : null,
    instructionsFile: instructionsLine === undefined || instructionsLine === '' ? null : instructionsLine,
  };
}

/** Written whole through rename(2): a crash mid-write leaves the old file or the new one. */
export function writePidFile(path: string, record: PidRecord): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${record.pid}\n${record.startTime ?? ''}\n${record.instructionsFile ?? ''}\n`);
  renameSync(temporary, path);
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}
