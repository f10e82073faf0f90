/**
 * What Linux's /proc says about a process: state, process group, and start time (field 22 of
 * /proc/<pid>/stat, clock ticks since boot). A pid plus its start time names one process for the
 * life of the machine, which is how a pid file defends against pid reuse.
 *
 * A zombie (state Z) or a dead task (X) counts as gone: it runs no code, and on this machine PID 1
 * reaps orphans only every second or two.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  readonly pid: number;
  /** R, S, D, Z, T, ... */
  readonly state: string;
  readonly pgrp: number;
  readonly session: number;
  /** Field 22: start time in clock ticks after boot. */
  readonly startTime: number;
}

/** Parses one stat line. The command name (field 2) may contain spaces and parentheses. */
export function parseProcStat(pid: number, line: string): ProcStat | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  // Fields from 3 (state) on, so field n is rest[n - 3].
  const rest = line.slice(close + 2).split(' ');
  const state = rest[0];
  const pgrp = Number(rest[2]);
  const session = Number(rest[3]);
  const startTime = Number(rest[19]);
  if (state === undefined || !Number.isFinite(pgrp) || !Number.isFinite(startTime)) return null;
  return { pid, state, pgrp, session, startTime };
}

export function readProcStat(pid: number): ProcStat | null {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return parseProcStat(pid, line);
}

export function isDeadState(state: string): boolean {
  return state === 'Z' || state === 'X' || state === 'x';
}

/**
 * What became of a process we started (pid + start time):
 * - `running`: the same process, not a zombie;
 * - `zombie`: it exited and waits for its parent to reap it (counts as dead);
 * - `gone`: no such pid;
 * - `reused`: the pid now belongs to another process (different start time).
 * A null `startTime` (a pid file written by hand) trusts the pid alone.
 */
export type ProcessFate = 'running' | 'zombie' | 'gone' | 'reused';

export function processFate(pid: number, startTime: number | null): ProcessFate {
  const stat = readProcStat(pid);
  if (stat === null) return 'gone';
  if (startTime !== null && stat.startTime !== startTime) return 'reused';
  return isDeadState(stat.state) ? 'zombie' : 'running';
}

/** Live (non-zombie) members of process group `pgid`, by a scan of /proc. */
export function liveGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat !== null && stat.pgrp === pgid && !isDeadState(stat.state)) members.push(stat.pid);
  }
  return members;
}

/**
 * True once nothing of the group a process leads runs any more. Linux never hands out a pid that
 * is still in use as a process group id, so if the pid belongs to another process now, our group
 * was already empty when it was reused.
 */
export function groupGone(leader: number, startTime: number | null): boolean {
  const fate = processFate(leader, startTime);
  if (fate === 'running') return false;
  if (fate === 'reused') return true;
  return liveGroupMembers(leader).length === 0;
}

/**
 * Whether signalling process group `leader` reaches our processes and nobody else's: the leader is
 * ours (alive or a zombie), or it is gone and members of its group remain (which also means the
 * pid cannot have been reused).
 */
export function ownsGroup(leader: number, startTime: number | null): boolean {
  const fate = processFate(leader, startTime);
  if (fate === 'running' || fate === 'zombie') return true;
  if (fate === 'reused') return false;
  return liveGroupMembers(leader).length > 0;
}
