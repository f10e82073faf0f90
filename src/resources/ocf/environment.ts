/**
 * The environment an agent runs in (reference/ocf.md "Calling an agent"), and the split of a
 * resource's private properties into agent parameters and Wolfpack's own settings.
 *
 * Private properties become `OCF_RESKEY_<name>=<value>`, except names that contain a dot: those
 * can never be OCF parameters (a parameter is a shell variable name) and are reserved for
 * Wolfpack (`timeout.start` ...; timeouts.ts). The agent gets a small, fixed environment, not the
 * resource host's: the host's own variables (NODE_OPTIONS, WOLFPACK_RESOURCE_HOST) are not the
 * agent's business, and a clean environment is what Pacemaker's executor gives agents too.
 */
import type { JsonValue } from '../../core/model.js';
import type { ResourceProperties } from '../sdk/index.js';
import type { OcfAgentRef } from './agent.js';

/** Names passed through from the host's environment when set (HA_* are ocf-shellfuncs' knobs). */
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A shell variable name: what an OCF parameter name must be to reach the agent. */
export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isReservedProperty(name: string): boolean {
  return name.includes('.');
}

/** Everything an agent sees whatever the action: OCF_ROOT, the type, ocf-shellfuncs' knobs. */
export function baseAgentEnv(agent: OcfAgentRef): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('HA_') && value !== undefined) env[name] = value;
  }
  env['PATH'] ??= DEFAULT_PATH;
  env['OCF_ROOT'] = agent.root;
  env['OCF_RA_VERSION_MAJOR'] = '1';
  env['OCF_RA_VERSION_MINOR'] = '1';
  env['OCF_RESOURCE_TYPE'] = agent.agent;
  env['OCF_RESOURCE_PROVIDER'] = agent.provider;
  return env;
}

/** A property's value as the agent's string, or null when it has none (null: unset). */
export function parameterValue(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The resource's agent parameters: every non-reserved property with a value and a usable name. */
export function agentParameters(properties: ResourceProperties): Array<[name: string, value: string]> {
  const out: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (isReservedProperty(name) || !PARAMETER_NAME.test(name)) continue;
    const value = parameterValue(raw);
    if (value !== null) out.push([name, value]);
  }
  return out;
}

export interface ActionEnvInput {
  readonly base: Readonly<Record<string, string>>;
  readonly resourceName: string;
  readonly properties: ResourceProperties;
  readonly timeoutMs: number;
  readonly checkLevel?: number;
  /** The offline/online instructions' variables (src/resources/instructions). */
  readonly extra?: Readonly<Record<string, string>>;
}

export function actionEnv(input: ActionEnvInput): Record<string, string> {
  const env: Record<string, string> = { ...input.base, ...input.extra };
  env['OCF_RESOURCE_INSTANCE'] = input.resourceName;
  for (const [name, value] of agentParameters(input.properties)) env[`OCF_RESKEY_${name}`] = value;
  env['OCF_RESKEY_CRM_meta_timeout'] = String(Math.round(input.timeoutMs));
  if (input.checkLevel !== undefined) env['OCF_CHECK_LEVEL'] = String(input.checkLevel);
  return env;
}
