// The TCP proxy the etcd failover and e2e suites put between a client and an etcd member:
// forwards both ways, cut() drops live connections and holds or refuses new ones, restore()
// forwards again.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

let echo: Server;
let echoPort = 0;
let proxy: TcpProxy | null = null;
const sockets = new Set<Socket>();

beforeEach(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  const address = echo.address();
  echoPort = typeof address === 'object' && address ? address.port : 0;
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await proxy?.close();
  proxy = null;
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

interface Client {
  readonly socket: Socket;
  received: string;
  readonly closed: Promise<void>;
}

function connect(port: number): Client {
  const socket = createConnection({ host: '127.0.0.1', port });
  sockets.add(socket);
  socket.on('error', () => undefined);
  const client: Client = {
    socket,
    received: '',
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
  };
  socket.setEncoding('utf8').on('data', (chunk: string) => (client.received += chunk));
  return client;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function roundTrip(port: number, text: string): Promise<Client> {
  const client = connect(port);
  client.socket.write(text);
  await until(() => client.received === text, `the echo of ${text}`);
  return client;
}

describe('tcp proxy', () => {
  it('forwards both ways, and counts live connections', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: echoPort });
    expect(proxy.endpoint).toBe(`127.0.0.1:${proxy.port}`);
    const a = await roundTrip(proxy.port, 'hello');
    await roundTrip(proxy.port, 'again');
    expect(proxy.connections).toBe(2);
    a.socket.destroy();
    await until(() => proxy?.connections === 1, 'the closed connection to be dropped');
  });

  it('cut drops live connections and holds new ones silent; restore closes those and forwards again', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: echoPort });
    const live = await roundTrip(proxy.port, 'before');
    proxy.cut();
    expect(proxy.isCut).toBe(true);
    await live.closed;
    const held = connect(proxy.port);
    held.socket.write('into the void');
    await new Promise<void>((resolve) => held.socket.once('connect', () => resolve()));
    proxy.restore();
    await held.closed;
    expect(held.received).toBe(''); // nothing reached the server, so nothing came back
    await roundTrip(proxy.port, 'after');
  });

  it('in refuse mode a connection made while cut is closed at once', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: echoPort }, { whileCut: 'refuse' });
    proxy.cut();
    const refused = connect(proxy.port);
    await refused.closed;
    expect(refused.received).toBe('');
    proxy.restore();
    await roundTrip(proxy.port, 'back');
  });

  it('close is idempotent and ends everything', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: echoPort });
    const live = await roundTrip(proxy.port, 'x');
    await proxy.close();
    await proxy.close();
    await live.closed;
  });
});
