/**
 * What OpenCluster's name means. NULL opens the default local cluster (Windows' LPC handle to the
 * cluster this machine belongs to); a name opens a cluster registered in this process under that
 * name (case-insensitive); an address with a scheme ("http://127.0.0.1:7420") goes to the connector
 * registered for the scheme. Remote access (issue 5) is added by registering a connector, without
 * touching the facade: index.ts registers http-connection.ts's for "http:", "https:" and "unix:"
 * (a socket path, "unix:/path/wolfpack.sock"), and as the fallback NULL opens when no in-process
 * cluster is registered.
 */
import { describeCode } from '../core/errors.js';
import type { Answer, ClusterConnection } from './connection.js';
import { RPC_S_SERVER_UNAVAILABLE } from './constants.js';

/** Opens a connection to the cluster at `address`; answers a Win32 code when it cannot. */
export type ClusterConnector = (address: string) => Promise<Answer<ClusterConnection>>;

const localClusters = new Map<string, ClusterConnection>();
let defaultCluster: string | null = null;
const connectors = new Map<string, ClusterConnector>();
let defaultConnector: DefaultClusterConnector | null = null;

/** Opens the cluster NULL means when no in-process cluster is registered (the local daemon). */
export type DefaultClusterConnector = () => Promise<Answer<ClusterConnection>>;

export interface RegisterOptions {
  /** Make this the cluster OpenCluster(null) opens (the first one registered is, unless told). */
  readonly default?: boolean;
}

/** Registers an in-process cluster; returns the function that unregisters it. */
export function registerLocalCluster(name: string, connection: ClusterConnection, options: RegisterOptions = {}): () => void {
  const key = name.toLowerCase();
  localClusters.set(key, connection);
  if (options.default === true || defaultCluster === null) defaultCluster = key;
  return () => {
    if (localClusters.get(key) !== connection) return;
    localClusters.delete(key);
    if (defaultCluster === key) defaultCluster = localClusters.keys().next().value ?? null;
  };
}

/**
 * Registers how to reach clusters by address for a URL scheme such as "http:". Undoing it puts
 * back the connector it replaced, so a test's stand-in does not remove the built-in one.
 */
export function registerClusterConnector(scheme: string, connector: ClusterConnector): () => void {
  const key = scheme.toLowerCase().replace(/:?$/, ':');
  const replaced = connectors.get(key);
  connectors.set(key, connector);
  return () => {
    if (connectors.get(key) !== connector) return;
    if (replaced) connectors.set(key, replaced);
    else connectors.delete(key);
  };
}

/** Registers what NULL opens when no in-process cluster is registered; undoing it restores the previous one. */
export function registerDefaultClusterConnector(connector: DefaultClusterConnector): () => void {
  const replaced = defaultConnector;
  defaultConnector = connector;
  return () => {
    if (defaultConnector === connector) defaultConnector = replaced;
  };
}

// "scheme://..." or a scheme followed by a path ("unix:/run/wolfpack.sock", "unix:./x.sock").
const SCHEME = /^([a-z][a-z0-9+.-]*:)(?=\/|\.)/i;

function unavailable(what: string): Answer<ClusterConnection> {
  return { ok: false, code: RPC_S_SERVER_UNAVAILABLE, detail: `${describeCode(RPC_S_SERVER_UNAVAILABLE)}: ${what}` };
}

export async function resolveCluster(target: string | ClusterConnection | null | undefined): Promise<Answer<ClusterConnection>> {
  if (target === null || target === undefined || target === '') {
    const connection = defaultCluster === null ? undefined : localClusters.get(defaultCluster);
    if (connection) return { ok: true, value: connection };
    return defaultConnector ? defaultConnector() : unavailable('no local cluster is registered in this process');
  }
  if (typeof target !== 'string') return { ok: true, value: target };
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const connector = connectors.get(scheme);
    return connector ? connector(target) : unavailable(`no connector for '${scheme}' addresses`);
  }
  const connection = localClusters.get(target.toLowerCase());
  return connection ? { ok: true, value: connection } : unavailable(`no cluster named '${target}' is registered in this process`);
}
