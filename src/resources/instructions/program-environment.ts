/**
 * The base environment of a program a built-in type runs (a managed process, a script, an agent):
 * the resource host's environment, which is the daemon's, minus the host's own plumbing, which
 * would confuse a Node program (the IPC channel) or make it believe it is a resource host.
 */
import { RESOURCE_HOST_ENV } from '../sdk/index.js';

const HOST_ONLY_ENV: readonly string[] = [RESOURCE_HOST_ENV, 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE'];

/** The host's environment without its plumbing, then `extra` on top (later layers win). */
export function programEnvironment(...extra: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !HOST_ONLY_ENV.includes(name)) env[name] = value;
  }
  return Object.assign(env, ...extra) as Record<string, string>;
}
