/**
 * The daemon side's process and wire details, apart from HostClient's call bookkeeping: how a host
 * process is forked, and how an engine-shaped call becomes a protocol CallRequest.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EntryArgs, EntryPoint, ResourceProperties } from '../resources/sdk/types.js';
import { encodeRaw, type CallRequest } from './protocol.js';

/** One call into a type, as the engine states it (SDK-shaped args; raw bytes as Uint8Array). */
export type HostCall<E extends EntryPoint = EntryPoint> = {
  readonly resource: string;
  /** The ResolvedType.typeKey, loaded into this host with `load()` first. */
  readonly type: string;
  readonly entry: E;
  readonly args: EntryArgs[E];
  /** The resource's private properties; re-sent only when a different object is passed. */
  readonly properties?: ResourceProperties;
};

/** Where the host's entry module is: .ts next to this file under tsx/vitest, .js in dist/. */
const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CHILD_ENTRY = new URL(`./child-main${OWN_EXTENSION}`, import.meta.url);

/** The tsx loader, or null where it is not installed (production): the import of a .ts type then fails as 5080. */
function tsxLoaderUrl(): string | null {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return null;
  }
}

/** Starts a host process with the IPC channel it expects (child-main.ts refuses to run without). */
export function forkHost(typescript: boolean, env: Readonly<Record<string, string>> | undefined): ChildProcess {
  const loader = typescript || OWN_EXTENSION === '.ts' ? tsxLoaderUrl() : null;
  return fork(CHILD_ENTRY, [], {
    execArgv: loader === null ? [] : ['--import', loader],
    serialization: 'json',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...env },
  });
}

/** Built field by field: spreading a base object per call showed up on a chain's critical path. */
export function toRequest(id: number, call: HostCall, properties: ResourceProperties | undefined): CallRequest {
  const { entry, args } = call;
  let wireArgs: CallRequest['args'] = null;
  if (entry === 'online') {
    const a = args as EntryArgs['online'];
    wireArgs = a.sourceNode ? { flags: a.flags, instructions: a.instructions, raw: encodeRaw(a.raw), sourceNode: a.sourceNode } : { flags: a.flags, instructions: a.instructions, raw: encodeRaw(a.raw) };
  } else if (entry === 'offline') {
    const a = args as EntryArgs['offline'];
    wireArgs = { destinationNode: a.destinationNode, flags: a.flags, reason: a.reason, instructions: a.instructions, raw: encodeRaw(a.raw) };
  }
  const request = { kind: 'call', id, type: call.type, resource: call.resource, entry, args: wireArgs } as CallRequest & { properties?: ResourceProperties };
  if (properties) request.properties = properties;
  return request;
}
