/**
 * An agent's meta-data (`<agent> meta-data`, XML on stdout): its parameters (name, required,
 * type, default) and actions (name, timeout, interval, depth). Read once per agent file and
 * cached (keyed by path and mtime, so an upgraded package is re-read), both in the resource host,
 * where advertised timeouts become the defaults of each action, and wherever validation runs.
 *
 * An agent that advertises `migrate_to` and `migrate_from` is live-migratable: `liveMigratable`
 * is what moves will consult (ocf.md: optional actions).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { Win32 } from '../../core/errors.js';
import type { OcfAgentRef } from './agent.js';
import { baseAgentEnv } from './environment.js';
import { runAgent } from './run-agent.js';
import { childElements, firstChild, parseXml, type XmlElement } from './xml.js';

export interface OcfParameter {
  readonly name: string;
  readonly required: boolean;
  readonly unique: boolean;
  /** `<content type=...>`: string, integer, boolean, ... ('string' when absent). */
  readonly type: string;
  readonly default: string | null;
  readonly shortdesc: string;
}

export interface OcfAction {
  readonly name: string;
  readonly timeoutMs: number | null;
  readonly intervalMs: number | null;
  /** monitor's OCF_CHECK_LEVEL for this entry, when given. */
  readonly depth: number | null;
}

export interface OcfMetadata {
  readonly agent: string;
  readonly version: string | null;
  readonly shortdesc: string;
  readonly parameters: readonly OcfParameter[];
  readonly actions: readonly OcfAction[];
  /** Advertises both migrate_to and migrate_from. */
  readonly liveMigratable: boolean;
}

export type MetadataResult =
  | { readonly ok: true; readonly metadata: OcfMetadata }
  | { readonly ok: false; readonly code: number; readonly detail: string };

/** `20s`, `20`, `2m`, `1min`, `500ms`, `1h` -> milliseconds; a bare number is seconds, as in Pacemaker. */
export function parseOcfDuration(text: string | number | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|msec|s|sec|secs|m|min|mins|h|hr|hrs)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const scale = unit.startsWith('ms') ? 1 : unit.startsWith('s') ? 1_000 : unit.startsWith('m') ? 60_000 : 3_600_000;
  return Math.round(value * scale);
}

function textOf(element: XmlElement | undefined): string {
  return element === undefined ? '' : element.text.replace(/\s+/g, ' ').trim();
}

function flag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

function optionalNumber(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Parses meta-data XML; null when it is not a `<resource-agent>` document. */
export function parseOcfMetadata(xml: string): OcfMetadata | null {
  const root = parseXml(xml);
  if (root === null || root.name !== 'resource-agent') return null;
  const parameters: OcfParameter[] = [];
  for (const parameter of childElements(firstChild(root, 'parameters') ?? root, 'parameter')) {
    const name = parameter.attributes['name'];
    if (name === undefined || name === '') continue;
    const content = firstChild(parameter, 'content');
    parameters.push({
      name,
      required: flag(parameter.attributes['required']),
      unique: flag(parameter.attributes['unique']),
      type: content?.attributes['type'] ?? 'string',
      default: content?.attributes['default'] ?? null,
      shortdesc: textOf(firstChild(parameter, 'shortdesc')),
    });
  }
  const actions: OcfAction[] = [];
  for (const action of childElements(firstChild(root, 'actions') ?? root, 'action')) {
    const name = action.attributes['name'];
    if (name === undefined || name === '') continue;
    actions.push({
      name,
      timeoutMs: parseOcfDuration(action.attributes['timeout']),
      intervalMs: parseOcfDuration(action.attributes['interval']),
      depth: optionalNumber(action.attributes['depth']),
    });
  }
  const has = (name: string): boolean => actions.some((a) => a.name === name);
  return {
    agent: root.attributes['name'] ?? '',
    version: textOf(firstChild(root, 'version')) || (root.attributes['version'] ?? null),
    shortdesc: textOf(firstChild(root, 'shortdesc')),
    parameters,
    actions,
    liveMigratable: has('migrate_to') && has('migrate_from'),
  };
}

/** The advertised timeout of an action (for monitor, the entry with this depth, else any). */
export function advertisedTimeoutMs(metadata: OcfMetadata | null, action: string, depth?: number): number | null {
  if (metadata === null) return null;
  const entries = metadata.actions.filter((a) => a.name === action && a.timeoutMs !== null);
  const exact = depth === undefined ? undefined : entries.find((a) => (a.depth ?? 0) === depth);
  return (exact ?? entries[0])?.timeoutMs ?? null;
}

/** meta-data's own advertised timeouts are 5 s; allow a slow first run (cold disk cache). */
const META_DATA_TIMEOUT_MS = 10_000;

const cache = new Map<string, Promise<MetadataResult>>();

/** Why the agent file cannot be run, or null. */
export function agentFileProblem(agent: OcfAgentRef): string | null {
  try {
    if (!statSync(agent.path).isFile()) return `${agent.path} is not a file`;
    accessSync(agent.path, constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no OCF agent ${agent.typeName}: ${agent.path} does not exist`;
    if (code === 'EACCES') return `OCF agent ${agent.path} is not executable`;
    return `OCF agent ${agent.path}: ${code ?? String(error)}`;
  }
}

/** Reads (once per agent file version) and parses the agent's meta-data. Never rejects. */
export function readOcfMetadata(agent: OcfAgentRef): Promise<MetadataResult> {
  const problem = agentFileProblem(agent);
  if (problem !== null) return Promise.resolve({ ok: false, code: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, detail: problem });
  const key = `${agent.path}@${statSync(agent.path).mtimeMs}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = fetchMetadata(agent);
    cache.set(key, entry);
    // A failed read (a transient fork error) is retried by the next caller.
    void entry.then((result) => {
      if (!result.ok) cache.delete(key);
    });
  }
  return entry;
}

async function fetchMetadata(agent: OcfAgentRef): Promise<MetadataResult> {
  const env = { ...baseAgentEnv(agent), OCF_RESOURCE_INSTANCE: 'RESOURCE_ID' };
  const run = await runAgent({ path: agent.path, action: 'meta-data', env, timeoutMs: META_DATA_TIMEOUT_MS, captureStdout: true });
  // Code 5080: the file exists but does not implement the OCF contract (the MsCS answer for a
  // module that does not implement the type it was asked for).
  const broken = (detail: string): MetadataResult => ({ ok: false, code: 5080, detail: `${agent.typeName}: ${detail}` });
  if (run.end !== 'exited') return broken(`meta-data did not complete (${run.end}${run.error ? `: ${run.error}` : ''})`);
  if (run.code !== 0) return broken(`meta-data exited with ${run.code}${run.exitReason ? `: ${run.exitReason}` : ''}`);
  const metadata = parseOcfMetadata(run.stdout);
  return metadata === null ? broken('meta-data did not print a <resource-agent> document') : { ok: true, metadata };
}

/** Forgets cached meta-data (tests that rewrite an agent within one mtime tick). */
export function clearOcfMetadataCache(): void {
  cache.clear();
}
