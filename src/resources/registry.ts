/**
 * Resource-type resolution: turns the `type:` of a resource (a built-in name such as `dummy`, or a
 * path to a user module such as `./my-type.js`) into a module specifier a resource host can
 * import, and checks that an imported module really exports a ResourceType.
 *
 * Resolution runs in the daemon (cheap, synchronous, no import); loading runs in the host, so a
 * type's code never executes inside the daemon (ARCHITECTURE "Resource types").
 *
 * Codes: 5078 ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND when there is nothing to load (unknown name,
 * missing file, import failure); 5080 ERROR_CLUSTER_RESNAME_NOT_FOUND when a module loads but
 * does not implement a type (the MsCS Startup example's answer for a type it does not implement).
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Win32 } from '../core/errors.js';
import { describeError, RESULT_CODES } from './sdk/outcome.js';
import { resourceTypeProblem, type ResourceType } from './sdk/types.js';

export interface ResolvedType {
  /**
   * What identifies the type to a host and to the pool (one host per key by default): the
   * built-in name (`dummy`, `ocf:heartbeat:IPaddr2`) or the module's absolute path.
   */
  readonly typeKey: string;
  /** A file: URL the host passes to import(). */
  readonly specifier: string;
  /**
   * The part after the first `:` of a parameterized built-in (`heartbeat:IPaddr2` of
   * `ocf:heartbeat:IPaddr2`), given to the module's `createResourceType(parameter)`; else null.
   */
  readonly parameter: string | null;
  readonly builtIn: boolean;
  /** The module is TypeScript source: its host needs the tsx loader. */
  readonly typescript: boolean;
}

export type ResolveResult =
  | { readonly ok: true; readonly type: ResolvedType }
  | { readonly ok: false; readonly code: number; readonly detail: string };

export type LoadResult =
  | { readonly ok: true; readonly type: ResourceType }
  | { readonly ok: false; readonly code: number; readonly detail: string };

interface BuiltInEntry {
  /** Module path relative to this file, without extension. */
  readonly module: string;
  /** The type name carries a parameter after a colon (`ocf:<provider>:<agent>`). */
  readonly parameterized: boolean;
}

/**
 * The built-in types, by name.
 *
 * EXTENSION POINT: `process` (Generic Application), `script` (Generic Script) and `ocf` (OCF
 * agents, written `ocf:<provider>:<agent>`, parameterized: true) are added here when their
 * folders exist under src/resources/. A parameterized module exports
 * `createResourceType(parameter: string): ResourceType` instead of (or besides) a default export.
 */
const BUILT_IN_TYPES: Readonly<Record<string, BuiltInEntry>> = {
  dummy: { module: './dummy/index', parameterized: false },
  process: { module: './process/index', parameterized: false },
  script: { module: './script/index', parameterized: false },
  ocf: { module: './ocf/index', parameterized: true },
};

/** Source (.ts, under tsx or vitest) or build (.js): built-ins are imported with the same extension. */
const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export function builtInTypeNames(): string[] {
  return Object.keys(BUILT_IN_TYPES);
}

/** A type string names a file when it looks like one; built-in names never contain a slash. */
export function isTypePath(type: string): boolean {
  return type.includes('/') || type.includes('\\') || type.startsWith('.') || type.startsWith('file:');
}

/**
 * Resolves a resource's `type:`. Paths are relative to `baseDir` (the directory of the
 * configuration file that names them).
 */
export function resolveResourceType(type: string, options: { readonly baseDir: string }): ResolveResult {
  const trimmed = type.trim();
  if (trimmed === '') return notFound('the resource type is empty');
  return isTypePath(trimmed) ? resolvePathType(trimmed, options.baseDir) : resolveBuiltIn(trimmed);
}

function resolveBuiltIn(name: string): ResolveResult {
  const colon = name.indexOf(':');
  const base = colon < 0 ? name : name.slice(0, colon);
  const parameter = colon < 0 ? null : name.slice(colon + 1);
  const entry = BUILT_IN_TYPES[base];
  if (!entry) {
    const known = builtInTypeNames().join(', ');
    return notFound(`no resource type named '${base}' (built-in types: ${known}; a user type is given as a path, e.g. ./my-type.js)`);
  }
  if (entry.parameterized && (parameter === null || parameter === '')) return notFound(`resource type '${base}' needs a parameter: '${base}:<name>'`);
  if (!entry.parameterized && parameter !== null) return notFound(`resource type '${base}' takes no parameter (got '${name}')`);
  const specifier = new URL(`${entry.module}${OWN_EXTENSION}`, import.meta.url).href;
  return { ok: true, type: { typeKey: name, specifier, parameter, builtIn: true, typescript: OWN_EXTENSION === '.ts' } };
}

function resolvePathType(path: string, baseDir: string): ResolveResult {
  let absolute: string;
  try {
    absolute = path.startsWith('file:') ? fileURLToPath(path) : isAbsolute(path) ? path : resolvePath(baseDir, path);
  } catch (error) {
    return notFound(`resource type path '${path}' is not valid: ${describeError(error)}`);
  }
  if (!existsSync(absolute)) return notFound(`resource type module '${path}' does not exist (looked for ${absolute})`);
  if (!statSync(absolute).isFile()) return notFound(`resource type module '${path}' is not a file (${absolute})`);
  return {
    ok: true,
    type: {
      typeKey: absolute,
      specifier: pathToFileURL(absolute).href,
      parameter: null,
      builtIn: false,
      typescript: /\.[cm]?ts$/.test(absolute),
    },
  };
}

/**
 * Imports a resolved module and returns its ResourceType: `createResourceType(parameter)` for a
 * parameterized type, else the default export, else a named export `resourceType`. Runs in the host.
 */
export async function loadResourceType(resolved: Pick<ResolvedType, 'specifier' | 'parameter' | 'typeKey'>): Promise<LoadResult> {
  let module: Record<string, unknown>;
  try {
    module = (await import(resolved.specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return notFound(`resource type module ${resolved.specifier} could not be found: ${describeError(error)}`);
    return invalid(`resource type module ${resolved.typeKey} failed to load: ${describeError(error)}`);
  }
  let candidate: unknown;
  if (resolved.parameter !== null) {
    const factory = module['createResourceType'];
    if (typeof factory !== 'function') return invalid(`module ${resolved.typeKey} has no createResourceType(parameter) export`);
    try {
      candidate = (factory as (parameter: string) => unknown)(resolved.parameter);
    } catch (error) {
      return invalid(`createResourceType('${resolved.parameter}') of ${resolved.typeKey} threw: ${describeError(error)}`);
    }
  } else {
    candidate = module['default'] ?? module['resourceType'];
  }
  if (candidate === undefined) {
    return invalid(`module ${resolved.typeKey} exports no resource type (export default defineResourceType({...}) or export const resourceType)`);
  }
  const problem = resourceTypeProblem(candidate);
  if (problem !== null) return invalid(`the resource type exported by ${resolved.typeKey} ${problem}`);
  return { ok: true, type: candidate as ResourceType };
}

function notFound(detail: string): { ok: false; code: number; detail: string } {
  return { ok: false, code: Win32.ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, detail };
}

function invalid(detail: string): { ok: false; code: number; detail: string } {
  return { ok: false, code: RESULT_CODES.typeInvalid, detail };
}
