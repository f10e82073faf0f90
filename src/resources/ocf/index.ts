/**
 * The `ocf` built-in type: `type: ocf:<provider>:<agent>` runs the OCF resource agent
 * `$OCF_ROOT/resource.d/<provider>/<agent>` (docs/resource-types/ocf.md). The registry resolves
 * the name and the host calls `createResourceType('<provider>:<agent>')`.
 *
 * Also the apply-time side: `validateOcfResource` / `validateOcfConfig` check properties against
 * the agent's meta-data, and `ocfAgentMetadata` answers what moves need (`liveMigratable`).
 */
import { isAgentRef, parseOcfParameter, parseOcfTypeName } from './agent.js';
import { readOcfMetadata, type MetadataResult } from './metadata.js';
import { createOcfType, type OcfResourceType } from './ocf-type.js';
import { Win32 } from '../../core/errors.js';

export { createOcfType, OCF_TIMINGS_ENV, type OcfResourceType, type OcfTypeOptions } from './ocf-type.js';
export { DEFAULT_OCF_ROOT, defaultOcfRoot, ocfAgentRef, parseOcfParameter, parseOcfTypeName, type OcfAgentRef } from './agent.js';
export {
  advertisedTimeoutMs,
  clearOcfMetadataCache,
  parseOcfDuration,
  parseOcfMetadata,
  readOcfMetadata,
  type MetadataResult,
  type OcfAction,
  type OcfMetadata,
  type OcfParameter,
} from './metadata.js';
export { OcfExit, ocfExitName, verdictForAction, verdictForMonitor, win32ForOcfExit } from './exit-codes.js';
export { checkAgainstMetadata, isOcfType, validateOcfConfig, validateOcfResource, type OcfIssue } from './validate.js';
export { FALLBACK_TIMEOUT_MS, RESERVED_PROPERTIES, TERMINATE_CAP_MS, actionTimeoutMs } from './timeouts.js';

/** The registry's entry point for a parameterized built-in: `heartbeat:Dummy` -> the type. */
export function createResourceType(parameter: string): OcfResourceType {
  const agent = parseOcfParameter(parameter);
  if (!isAgentRef(agent)) throw new Error(agent.problem);
  return createOcfType(agent);
}

/** The meta-data of the agent behind `ocf:<provider>:<agent>` (liveMigratable for moves). */
export function ocfAgentMetadata(type: string, options: { readonly root?: string } = {}): Promise<MetadataResult> {
  const agent = parseOcfTypeName(type, options.root);
  if (!isAgentRef(agent)) return Promise.resolve({ ok: false, code: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, detail: agent.problem });
  return readOcfMetadata(agent);
}
