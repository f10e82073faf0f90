/**
 * Which agent an `ocf:<provider>:<agent>` type names, and where it lives. OCF_ROOT is
 * /usr/lib/ocf (Debian's resource-agents) unless the daemon's own environment sets OCF_ROOT, so a
 * site with agents elsewhere (or a test with its own agents) needs no code change.
 */
import { join } from 'node:path';

export const DEFAULT_OCF_ROOT = '/usr/lib/ocf';

export interface OcfAgentRef {
  /** `ocf:heartbeat:Dummy`: the type name as the configuration spells it. */
  readonly typeName: string;
  readonly provider: string;
  readonly agent: string;
  readonly root: string;
  /** `$OCF_ROOT/resource.d/<provider>/<agent>`. */
  readonly path: string;
}

/**
 * Provider and agent names become path components, so nothing that could climb out of
 * resource.d: no slashes, no `.`/`..`, no whitespace or shell-special characters.
 */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

export function defaultOcfRoot(): string {
  const fromEnv = process.env['OCF_ROOT'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_OCF_ROOT;
}

/** `heartbeat:Dummy` (the registry's parameter) -> the agent, or why the name is not usable. */
export function parseOcfParameter(parameter: string, root = defaultOcfRoot()): OcfAgentRef | { readonly problem: string } {
  const parts = parameter.split(':');
  if (parts.length !== 2) return { problem: `an OCF type is written ocf:<provider>:<agent> (e.g. ocf:heartbeat:Dummy), not 'ocf:${parameter}'` };
  const [provider, agent] = parts as [string, string];
  for (const [what, name] of [['provider', provider], ['agent', agent]] as const) {
    if (!SAFE_NAME.test(name)) return { problem: `OCF ${what} name '${name}' in 'ocf:${parameter}' is not a plain file name` };
  }
  return ocfAgentRef(provider, agent, root);
}

/** Accepts the full type name `ocf:heartbeat:Dummy`, or the parameter part alone. */
export function parseOcfTypeName(type: string, root = defaultOcfRoot()): OcfAgentRef | { readonly problem: string } {
  const trimmed = type.trim();
  return parseOcfParameter(trimmed.startsWith('ocf:') ? trimmed.slice(4) : trimmed, root);
}

export function ocfAgentRef(provider: string, agent: string, root = defaultOcfRoot()): OcfAgentRef {
  return { typeName: `ocf:${provider}:${agent}`, provider, agent, root, path: join(root, 'resource.d', provider, agent) };
}

export function isAgentRef(value: OcfAgentRef | { readonly problem: string }): value is OcfAgentRef {
  return !('problem' in value);
}
