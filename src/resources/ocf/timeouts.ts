/**
 * How long each agent action may run. Order of precedence: the resource's own `timeout.<action>`
 * property (Wolfpack's, never passed to the agent), then the timeout the agent advertises in its
 * meta-data (`<action name="start" timeout="20s"/>`), then 20 s (the OCF default agents
 * advertise). The value is both the kill deadline and `OCF_RESKEY_CRM_meta_timeout`, so an agent
 * that scales its own waits to the caller's timeout (anything's stop_timeout) sees the real one.
 *
 * terminate is `stop` without waiting for clean-up: its deadline is the stop timeout capped at
 * 5 s unless `timeout.terminate` says otherwise.
 */
import { Win32 } from '../../core/errors.js';
import type { ResourceProperties } from '../sdk/index.js';
import { isReservedProperty } from './environment.js';
import { advertisedTimeoutMs, parseOcfDuration, type OcfMetadata } from './metadata.js';

export const RESERVED_PROPERTIES = ['timeout.start', 'timeout.stop', 'timeout.monitor', 'timeout.terminate', 'timeout.migrate_to', 'timeout.migrate_from'] as const;
export type ReservedProperty = (typeof RESERVED_PROPERTIES)[number];

export const FALLBACK_TIMEOUT_MS = 20_000;
export const TERMINATE_CAP_MS = 5_000;

export type TimedAction = 'start' | 'stop' | 'monitor' | 'terminate' | 'migrate_to' | 'migrate_from';

/** A reserved property's value in ms (numbers are ms; strings take OCF units: `30s`, `2min`). */
function overrideMs(properties: ResourceProperties, name: ReservedProperty): number | null {
  const value = properties[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const ms = parseOcfDuration(trimmed);
    return ms !== null && ms > 0 ? ms : null;
  }
  return null;
}

export function actionTimeoutMs(properties: ResourceProperties, metadata: OcfMetadata | null, action: TimedAction, depth?: number): number {
  if (action === 'terminate') {
    const stop = actionTimeoutMs(properties, metadata, 'stop');
    return overrideMs(properties, 'timeout.terminate') ?? Math.min(stop, TERMINATE_CAP_MS);
  }
  return overrideMs(properties, `timeout.${action}`) ?? advertisedTimeoutMs(metadata, action, depth) ?? FALLBACK_TIMEOUT_MS;
}

export interface ReservedIssue {
  readonly property: string;
  readonly code: number;
  readonly message: string;
}

/** Reserved names Wolfpack does not know, and timeouts it cannot read. */
export function reservedPropertyIssues(typeName: string, properties: ResourceProperties): ReservedIssue[] {
  const issues: ReservedIssue[] = [];
  for (const [name, value] of Object.entries(properties)) {
    if (!isReservedProperty(name)) continue;
    if (!(RESERVED_PROPERTIES as readonly string[]).includes(name)) {
      issues.push({
        property: name,
        code: Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR,
        message: `${typeName}: '${name}' is not a Wolfpack setting of OCF resources (names with a dot are reserved; known: ${RESERVED_PROPERTIES.join(', ')})`,
      });
    } else if (value !== null && overrideMs(properties, name as ReservedProperty) === null) {
      issues.push({
        property: name,
        code: Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR,
        message: `${typeName}: ${name} must be a positive duration (ms as a number, or '30s', '2min'), not ${JSON.stringify(value)}`,
      });
    }
  }
  return issues;
}
