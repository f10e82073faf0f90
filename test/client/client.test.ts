/**
 * The typed client against a real server: reads, commands whose rejections are returned answers
 * (never thrown), errors as ApiError with code and HTTP status, the event stream resuming from a
 * lastEventId read before a command, and the same calls through the owner-only Unix socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, WolfpackClient, type EventMessage } from '../../src/client/index.js';
import { startServer, type CliServer } from '../cli/support/server.js';

const YAML = `cluster: Demo
nodes: [node1]
groups:
  G:
    resources:
      Disk: { type: dummy }
      App: { type: dummy, dependsOn: [Disk] }
  L:
    resources:
      Vault: { type: dummy, properties: { Locked: true } }
`;

let server: CliServer;
let client: WolfpackClient;

beforeAll(async () => {
  server = await startServer(YAML);
  client = new WolfpackClient({ kind: 'tcp', url: new URL(server.url), token: server.full });
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

describe('WolfpackClient', () => {
  it('reads the cluster, groups, resources and states', async () => {
    const cluster = await client.getCluster();
    expect(cluster.groups.map((g) => g.name)).toEqual(['G', 'L']);
    expect(await client.getGroupState('G')).toEqual({ state: 1, name: 'ClusterGroupOffline', owner: 'node1' });
    expect((await client.getResource('App')).providers).toEqual(['Disk']);
    expect(await client.whoami()).toEqual({ principal: 'admin', access: 'full', via: 'token' });
    expect(await client.metrics()).toMatch(/^# (HELP|TYPE) /m);
  });

  it('follows a command from the lastEventId read before it, to operation-ended', async () => {
    const { lastEventId } = await client.getCluster();
    const answer = await client.onlineGroup('G');
    expect(answer).toMatchObject({ code: 997, name: 'ERROR_IO_PENDING' });
    const seen: EventMessage[] = [];
    // Subscribing after the answer loses nothing: the server replays everything after lastEventId.
    await new Promise((r) => setTimeout(r, 100));
    for await (const event of client.events({ lastEventId })) {
      seen.push(event);
      if (event.type === 'operation-ended' && event['operation'] === answer.operation) break;
    }
    expect(seen[0]?.seq).toBe(lastEventId + 1);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => lastEventId + 1 + i));
    expect(seen.filter((e) => e.type === 'resource-state' && e['state'] === 2).map((e) => e['resource'])).toEqual(['Disk', 'App']);
    expect((await client.getOperation(answer.operation as string)).outcome).toBe('succeeded');
  });

  it('returns rejections as answers and throws ApiError for failed reads', async () => {
    await client.onlineGroup('L');
    await new Promise((r) => setTimeout(r, 200));
    const locked = await client.offlineGroup('L');
    expect(locked).toMatchObject({ code: 5960, name: 'ERROR_CLUSTER_RESOURCE_LOCKED_STATUS' });
    expect(locked.operation).toMatch(/^op-/);
    const missing = await client.offlineGroup('Nope', { flags: ['IGNORE_RESOURCE_STATUS'] });
    expect(missing.code).toBe(5013);
    const plan = await client.offlineGroup('L', { flags: 1, plan: true });
    expect(plan).toMatchObject({ code: 997, operation: null });
    expect(plan.plan?.text).toContain('offline Vault');

    const error = await client.getGroup('Nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 5013, status: 404 });
    const invalid = await client.offlineGroup('G', { reason: 'sideways' });
    expect(invalid.code).toBe(87);
  });

  it('speaks through the Unix socket without a token', async () => {
    const local = new WolfpackClient({ kind: 'socket', socketPath: `${server.dataDir}/wolfpack.sock` });
    try {
      expect(await local.whoami()).toEqual({ principal: 'local:owner', access: 'full', via: 'local-socket' });
      const created = await local.createToken({ name: 'from-socket', access: 'read' });
      expect((await local.listTokens()).some((t) => t.id === created.id)).toBe(true);
      expect((await local.revokeToken(created.id)).revoked).toBe(true);
    } finally {
      local.close();
    }
  });

  it('a read token gets 5 as an answer for a command and as an ApiError for token admin', async () => {
    const reader = new WolfpackClient({ kind: 'tcp', url: new URL(server.url), token: server.read });
    try {
      expect((await reader.offlineGroup('G')).code).toBe(5);
      await expect(reader.listTokens()).rejects.toMatchObject({ code: 5, status: 403 });
    } finally {
      reader.close();
    }
  });

  it('moves and cancels (answers, never thrown), and reads and commands nodes', async () => {
    expect(await client.moveGroup('G', { to: 'node1' })).toMatchObject({ code: 0, name: 'ERROR_SUCCESS', operation: expect.stringMatching(/^op-/) });
    expect(await client.moveGroup('G', { to: 'nowhere', flags: ['QUEUE_ENABLED'] })).toMatchObject({ code: 5042 });
    const badName = await client.moveGroup('G', { flags: ['SIDEWAYS'] });
    expect(badName).toMatchObject({ code: 87, operation: null, issues: [{ path: '/flags/0' }] });
    expect(await client.cancelGroup('G')).toMatchObject({ code: 5023 });
    expect(await client.cancelGroup('G', { flags: 1 })).toMatchObject({ code: 87 });

    expect(await client.getNode('NODE1')).toEqual({ name: 'node1', state: 0, stateName: 'ClusterNodeUp', leader: true, paused: false, url: null });
    await expect(client.getNode('node9')).rejects.toMatchObject({ code: 5042, status: 404 });
    expect(await client.pauseNode('node1', { drain: false })).toMatchObject({ code: 5005, operation: null });
    expect(await client.resumeNode('node1', { failback: 'policy' })).toMatchObject({ code: 5005 });
    expect(await client.pauseNode('node9')).toMatchObject({ code: 5042 });
  });
});
