/**
 * OCF exit codes (reference/ocf.md) and what each means to Wolfpack: an entry point's outcome and,
 * for a failure, the Win32 code the engine records. The detail always names the OCF code, so an
 * operator reading `5038 ERROR_RESOURCE_FAILED: start: OCF_ERR_GENERIC (1): ...` knows it came
 * from the agent and which of its rules it reported.
 */
import { Win32 } from '../../core/errors.js';

/** In the error table (src/core/errors.ts) but not among the `Win32` names. */
const ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED = 5079;

export const OcfExit = {
  OCF_SUCCESS: 0,
  OCF_ERR_GENERIC: 1,
  OCF_ERR_ARGS: 2,
  OCF_ERR_UNIMPLEMENTED: 3,
  OCF_ERR_PERM: 4,
  OCF_ERR_INSTALLED: 5,
  OCF_ERR_CONFIGURED: 6,
  OCF_NOT_RUNNING: 7,
  OCF_RUNNING_PROMOTED: 8,
  OCF_FAILED_PROMOTED: 9,
} as const;

const NAMES = new Map<number, string>(Object.entries(OcfExit).map(([name, code]) => [code, name]));

/** `OCF_ERR_GENERIC (1)`; codes outside the table are named by number only. */
export function ocfExitName(code: number): string {
  const name = NAMES.get(code);
  return name === undefined ? `exit code ${code}` : `${name} (${code})`;
}

/**
 * The Win32 code for a failed agent call. Parameters the agent refuses (2, 6) are configuration
 * errors, like validation's; software missing on this node (5) is "type not supported on this
 * node"; an action the agent lacks (3) is "the type does not handle this request". Permission
 * problems (4) stay 5038: 5 ERROR_ACCESS_DENIED means the *caller* lacked cluster access, which
 * would send an operator looking in the wrong place.
 */
export function win32ForOcfExit(code: number): number {
  switch (code) {
    case OcfExit.OCF_ERR_ARGS:
    case OcfExit.OCF_ERR_CONFIGURED:
      return Win32.ERROR_CLUSTER_RESOURCE_CONFIGURATION_ERROR;
    case OcfExit.OCF_ERR_UNIMPLEMENTED:
      return Win32.ERROR_INVALID_FUNCTION;
    case OcfExit.OCF_ERR_INSTALLED:
      return ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED;
    default:
      return Win32.ERROR_RESOURCE_FAILED;
  }
}

/** What a finished agent run says about the resource, before it is shaped for an entry point. */
export type AgentVerdict = 'ok' | 'not-running' | 'failed';

/**
 * start/stop: 0 is success; 8 (running promoted) is running, so success for start. stop answering
 * 7 (not running) is what stop asked for; Pacemaker accepts it too. Anything else failed.
 */
export function verdictForAction(action: 'start' | 'stop', code: number): AgentVerdict {
  if (code === OcfExit.OCF_SUCCESS) return 'ok';
  if (action === 'start' && code === OcfExit.OCF_RUNNING_PROMOTED) return 'ok';
  if (action === 'stop' && code === OcfExit.OCF_NOT_RUNNING) return 'ok';
  return 'failed';
}

/**
 * monitor: 0 running, 7 cleanly stopped, 8 running as promoted (Wolfpack has no promoted role, so
 * running); 9 (failed as promoted) and every error are failures.
 */
export function verdictForMonitor(code: number): AgentVerdict {
  if (code === OcfExit.OCF_SUCCESS || code === OcfExit.OCF_RUNNING_PROMOTED) return 'ok';
  if (code === OcfExit.OCF_NOT_RUNNING) return 'not-running';
  return 'failed';
}
