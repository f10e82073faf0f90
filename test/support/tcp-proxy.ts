/**
 * A small TCP proxy on 127.0.0.1 for cutting one client off from one server (a daemon from an etcd
 * member) while both keep running: cut() drops every connection and, until restore(), holds new
 * ones open without forwarding a byte (as a network partition looks to the client: the connect
 * hangs) or refuses them at once.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /**
   * What a connection made while cut gets: 'hold' (accepted, silent, closed at restore; the client
   * waits for its own timeout) or 'refuse' (closed at once). Default 'hold'.
   */
  readonly whileCut?: 'hold' | 'refuse';
}

export interface TcpProxy {
  /** The port on 127.0.0.1 to connect to instead of the target. */
  readonly port: number;
  /** host:port of the proxy, as an endpoint list takes it. */
  readonly endpoint: string;
  readonly isCut: boolean;
  /** Live forwarded connections. */
  readonly connections: number;
  /** Destroys every connection; new ones are held or refused until restore(). */
  cut(): void;
  /** Forwards new connections again; held ones are closed so their clients reconnect. */
  restore(): void;
  /** Stops listening and destroys everything. Idempotent. */
  close(): Promise<void>;
}

export async function startTcpProxy(target: { readonly host: string; readonly port: number }, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const whileCut = options.whileCut ?? 'hold';
  const pairs = new Set<readonly [Socket, Socket]>();
  const held = new Set<Socket>();
  let cut = false;
  let closed = false;

  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (cut) {
      if (whileCut === 'refuse') {
        client.destroy();
        return;
      }
      held.add(client);
      client.on('close', () => held.delete(client));
      client.pause();
      return;
    }
    const upstream = createConnection({ host: target.host, port: target.port });
    upstream.on('error', () => undefined);
    // Without this Nagle's algorithm meets the peer's delayed ACK and every small gRPC write
    // through the proxy waits ~40 ms: the proxy must not be what a benchmark measures.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const destroyAll = (): void => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    get isCut() {
      return cut;
    },
    get connections() {
      return pairs.size;
    },
    cut() {
      cut = true;
      destroyAll();
    },
    restore() {
      cut = false;
      for (const socket of [...held]) socket.destroy();
      held.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      cut = true;
      destroyAll();
      for (const socket of [...held]) socket.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
