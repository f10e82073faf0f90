/**
 * What the HTTP API needs from the rest of the daemon, as interfaces: the engine it serves, the
 * token service (the cluster security descriptor), the configuration service the daemon implements,
 * and the event journal that feeds /v1/events. buildApi(deps, options) takes exactly these, so a
 * test can build the server over a real engine and a memory store without a daemon.
 */
import type { AccessLevel, ApplyAnswer, ApplyBody, ConfigView } from './contract.js';
import type { ForwardTarget, NodeCommandResult } from '../cluster/cluster-node.js';
import type { Caller } from '../core/commands.js';
import type { Engine } from '../engine/engine.js';
import type { EventJournal } from './event-journal.js';
import type { TokenService } from './tokens.js';

/** Who is asking: a token's name, the owner of the local socket, or a caller another node forwarded. */
export interface Principal {
  readonly name: string;
  readonly access: AccessLevel;
  readonly via: 'token' | 'local-socket' | 'forwarded';
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

// The shapes the cluster layer answers with (src/cluster owns them).
export type { ForwardTarget, NodeCommandResult };

/**
 * The multi-node part of the daemon (src/cluster), as the API sees it. Absent on a daemon that
 * runs alone: then every group is owned here, node commands apply to this node only.
 */
export interface ClusterControl {
  /** The owner's API when the group is owned by another Up node; null when it is owned here. */
  forwardTarget(group: string): ForwardTarget | null;
  /** The secret a forwarded request must carry (header x-wolfpack-cluster-secret). */
  readonly secret: string;
  /** The elected leader's name, or null while there is none. */
  leader(): string | null;
  /** The node's API URL from its membership record, or null when it is Down. */
  nodeUrl(node: string): string | null;
  /** PauseClusterNodeEx: flags are CLUSTER_NODE_PAUSE_* numbers; drain moves its groups away. */
  pauseNode(node: string, options: { readonly flags: number; readonly drain: boolean }, caller: Caller, client: string): Promise<NodeCommandResult>;
  /** ResumeClusterNodeEx: failback 0 DoNotFailback, 1 Immediately, 2 PerPolicy. */
  resumeNode(node: string, options: { readonly failback: number; readonly flags: number }, caller: Caller, client: string): Promise<NodeCommandResult>;
}

export interface ApiDeps {
  readonly engine: Engine;
  readonly tokens: TokenService;
  readonly config: ConfigService;
  readonly journal: EventJournal;
  readonly clusterName: string;
  readonly localNode: string;
  readonly cluster?: ClusterControl;
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
