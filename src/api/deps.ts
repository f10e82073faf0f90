/**
 * What the HTTP API needs from the rest of the daemon, as interfaces: the engine it serves, the
 * token service (the cluster security descriptor), the configuration service the daemon implements,
 * and the event journal that feeds /v1/events. buildApi(deps, options) takes exactly these, so a
 * test can build the server over a real engine and a memory store without a daemon.
 */
import type { AccessLevel, ApplyAnswer, ApplyBody, ConfigView } from './contract.js';
import type { Engine } from '../engine/engine.js';
import type { EventJournal } from './event-journal.js';
import type { TokenService } from './tokens.js';

/** Who is asking: a token's name, or the owner of the local socket. */
export interface Principal {
  readonly name: string;
  readonly access: AccessLevel;
  readonly via: 'token' | 'local-socket';
}

/**
 * The configuration in the store, applied by the daemon (which owns reloading the engine's model).
 * `apply` validates, diffs and, unless `plan` is set, writes a new revision; bad YAML is thrown as
 * a ConfigError (its issues become the ErrorBody's issues with YAML paths).
 */
export interface ConfigService {
  get(): Promise<ConfigView>;
  apply(body: ApplyBody, principal: string): Promise<ApplyAnswer>;
}

export interface ApiDeps {
  readonly engine: Engine;
  readonly tokens: TokenService;
  readonly config: ConfigService;
  readonly journal: EventJournal;
  readonly clusterName: string;
  readonly localNode: string;
}

export interface ApiOptions {
  /**
   * 'tcp': every request needs a bearer token. 'local-socket': the owner-only Unix socket in the
   * data directory; every request is the owner principal with Full access and tokens are ignored.
   */
  readonly transport: 'tcp' | 'local-socket';
  /** The principal recorded for local-socket requests (default "local:<user name>"). */
  readonly localPrincipal?: string;
  /** Largest request body in bytes (default 1 MiB); larger bodies are 413 with code 13. */
  readonly bodyLimit?: number;
  /** SSE heartbeat comment interval (default 15 s). */
  readonly heartbeatMs?: number;
  /** Pass a pino logger or `true` to log requests; off by default (the daemon decides). */
  readonly logger?: boolean | object;
}
