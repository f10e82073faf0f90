/**
 * Apply-time validation of OCF resources against their agent's meta-data: unknown parameters,
 * missing required ones, values that cannot be the advertised type, and Wolfpack's reserved
 * `timeout.*` settings. src/core/config cannot run an agent (no I/O in core), so this lives here;
 * the daemon's `apply` calls `validateOcfConfig` after the pure validation and before storing.
 *
 * Codes: 5943 ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR for anything about the properties (the
 * same code the SDK's validate hook uses by default, so the two paths agree); 5078 when the agent
 * does not exist; 5080 when it exists but its meta-data cannot be read.
 */
import type { ConfigIssue, PathSegment } from '../../core/config/index.js';
import { formatPath } from '../../core/config/index.js';
import { Win32 } from '../../core/errors.js';
import type { ClusterConfig } from '../../core/model.js';
import type { ResourceProperties } from '../sdk/index.js';
import { isAgentRef, parseOcfTypeName, type OcfAgentRef } from './agent.js';
import { isReservedProperty, parameterValue, PARAMETER_NAME } from './environment.js';
import { readOcfMetadata, type OcfMetadata, type OcfParameter } from './metadata.js';
import { reservedPropertyIssues } from './timeouts.js';

export interface OcfIssue {
  /** The property the issue is about, or null for the type itself. */
  readonly property: string | null;
  readonly code: number;
  readonly message: string;
}

const CONFIG_ERROR = Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR;
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 'y', 'n'];

export function isOcfType(type: string): boolean {
  return type.trim().startsWith('ocf:');
}

function valueProblem(parameter: OcfParameter, value: string): string | null {
  const type = parameter.type.toLowerCase();
  if (type === 'integer' && !/^[-+]?\d+$/.test(value.trim())) return 'an integer';
  if (type === 'boolean' && !BOOLEAN_WORDS.includes(value.trim().toLowerCase())) return 'a boolean (true/false, yes/no, 1/0)';
  return null;
}

/** Checks properties against already read meta-data (pure; used by both entry points below). */
export function checkAgainstMetadata(agent: OcfAgentRef, metadata: OcfMetadata, properties: ResourceProperties): OcfIssue[] {
  const issues: OcfIssue[] = [...reservedPropertyIssues(agent.typeName, properties)];
  const known = new Map(metadata.parameters.map((p) => [p.name, p]));
  const listing = metadata.parameters.length === 0 ? 'it takes none' : `its parameters: ${metadata.parameters.map((p) => p.name).join(', ')}`;
  for (const [name, raw] of Object.entries(properties)) {
    if (isReservedProperty(name)) continue;
    const parameter = known.get(name);
    if (!parameter) {
      const why = PARAMETER_NAME.test(name) ? '' : ' (and an OCF parameter name must be a shell variable name)';
      issues.push({ property: name, code: CONFIG_ERROR, message: `${agent.typeName} has no parameter '${name}'${why}; ${listing}` });
      continue;
    }
    if (raw !== null && typeof raw === 'object') {
      issues.push({ property: name, code: CONFIG_ERROR, message: `${agent.typeName} parameter '${name}' must be a single value, not ${Array.isArray(raw) ? 'a list' : 'a mapping'}` });
      continue;
    }
    const value = parameterValue(raw);
    const problem = value === null ? null : valueProblem(parameter, value);
    if (problem !== null) issues.push({ property: name, code: CONFIG_ERROR, message: `${agent.typeName} parameter '${name}' must be ${problem}, not ${JSON.stringify(raw)}` });
  }
  for (const parameter of metadata.parameters) {
    if (!parameter.required || parameterValue(properties[parameter.name]) !== null) continue;
    const what = parameter.shortdesc === '' ? '' : ` (${parameter.shortdesc})`;
    issues.push({ property: parameter.name, code: CONFIG_ERROR, message: `${agent.typeName} requires parameter '${parameter.name}'${what}` });
  }
  return issues;
}

/**
 * Every problem with one OCF resource's type and properties; [] when it is acceptable. Runs the
 * agent's meta-data once per agent file (cached). Never rejects.
 */
export async function validateOcfResource(type: string, properties: ResourceProperties, options: { readonly root?: string } = {}): Promise<OcfIssue[]> {
  const agent = parseOcfTypeName(type, options.root);
  if (!isAgentRef(agent)) return [{ property: null, code: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, message: agent.problem }];
  const read = await readOcfMetadata(agent);
  if (!read.ok) return [{ property: null, code: read.code, message: read.detail }];
  return checkAgainstMetadata(agent, read.metadata, properties);
}

/**
 * Validates every `ocf:` resource of a configuration, as ConfigIssues with the YAML path of the
 * offending property (`groups.G.resources.R.properties.binfile`), ready to join the issues of
 * core validation in one ConfigError. Agents are read in parallel, each once.
 */
export async function validateOcfConfig(config: Pick<ClusterConfig, 'resources'>, options: { readonly root?: string } = {}): Promise<ConfigIssue[]> {
  const checks = config.resources
    .filter((resource) => isOcfType(resource.type))
    .map(async (resource) => {
      const base: PathSegment[] = ['groups', resource.group, 'resources', resource.name];
      const issues = await validateOcfResource(resource.type, resource.properties, options);
      return issues.map((issue): ConfigIssue => {
        const segments = issue.property === null ? [...base, 'type'] : [...base, 'properties', issue.property];
        return { path: formatPath(segments), segments, code: issue.code, message: issue.message };
      });
    });
  return (await Promise.all(checks)).flat();
}
