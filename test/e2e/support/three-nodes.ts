/**
 * The e2e harness of issue 6: a real three-member etcd on 127.0.0.1, three `wolfpack serve`
 * processes, each reaching etcd through its own TCP proxies (one per member) so a test can cut one
 * daemon off from etcd, and evidence from the resources themselves: each group runs a `process`
 * resource that takes an exclusive flock on the group's lock file and logs START (it got the lock)
 * or CONFLICT (another node's instance still held it) with its node and time. The checker reads
 * those lines: no CONFLICT ever means the group never ran on two nodes at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { WolfpackClient } from '../../../src/client/index.js';
import type { GroupView } from '../../../src/client/contract.js';
import { processGone } from '../../integration/support/local-cluster.js';
import { DaemonProcess, freePort } from '../../support/daemon-process.js';
import { startEtcdCluster, type EtcdCluster, type EtcdClusterOptions } from '../../support/etcd-cluster.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

export const NODES = ['node1', 'node2', 'node3'] as const;
export type NodeName = (typeof NODES)[number];

const EVIDENCE = `
import fcntl, os, sys, time
lock_path, log_path, node = sys.argv[1], sys.argv[2], os.environ.get('WOLFPACK_E2E_NODE', '?')
lock = open(lock_path, 'a')
try:
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    word = 'START'
except OSError:
    word = 'CONFLICT'
with open(log_path, 'a') as log:
    log.write('%s %s %d %.3f\\n' % (word, node, os.getpid(), time.time()))
if word == 'CONFLICT':
    sys.exit(1)
while True:
    time.sleep(3600)
`;

export interface ThreeNodesOptions {
  /** Groups of the default configuration (each a dummy disk and an evidence process). */
  readonly groups?: readonly string[];
  readonly leaseTtlMs?: number;
  /** etcd's own timings (default: the harness's fast 50/500 ms). */
  readonly etcd?: EtcdClusterOptions;
  /** Another configuration (the benches use zero-delay dummy groups). */
  readonly configYaml?: (harness: ThreeNodes) => string;
}

/**
 * A script resource that logs every call with its role, the node and the OfflineV2 arguments it
 * received, and keeps its running state per node. The role "picky" cannot come online on node3:
 * the return-to-source case.
 */
const RETURNER = `#!/bin/sh
dir=$(dirname "$0")
state="$dir/returner.$2.$WOLFPACK_E2E_NODE.running"
echo "$1 $2 $WOLFPACK_E2E_NODE flags=\${WOLFPACK_OFFLINE_FLAGS:-} reason=\${WOLFPACK_OFFLINE_REASON:-} dest=\${WOLFPACK_DESTINATION_NODE:-}" >> "$dir/returner.log"
case "$1" in
  online) [ "$2" = picky ] && [ "$WOLFPACK_E2E_NODE" = node3 ] && exit 1; touch "$state" ;;
  offline|terminate) rm -f "$state" ;;
  looks-alive|is-alive) [ -e "$state" ] || exit 7 ;;
esac
exit 0
`;

export interface NodeHandle {
  readonly name: NodeName;
  readonly dataDir: string;
  readonly port: number;
  daemon: DaemonProcess | null;
  client: WolfpackClient | null;
  readonly proxies: TcpProxy[];
}

export interface EvidenceLine {
  readonly word: 'START' | 'CONFLICT';
  readonly node: string;
  readonly pid: number;
  readonly time: number;
}

export class ThreeNodes {
  readonly nodes: NodeHandle[] = [];
  private constructor(
    readonly dir: string,
    readonly etcd: EtcdCluster,
    readonly groups: readonly string[],
    private readonly leaseTtlMs: number,
  ) {}

  static async start(options: ThreeNodesOptions = {}): Promise<ThreeNodes> {
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-e2e-'));
    const etcd = await startEtcdCluster(options.etcd ?? {});
    const groups = options.groups ?? ['Web', 'Db'];
    const harness = new ThreeNodes(dir, etcd, groups, options.leaseTtlMs ?? 2000);
    try {
      writeFileSync(join(dir, 'evidence.py'), EVIDENCE);
      writeFileSync(join(dir, 'returner.sh'), RETURNER, { mode: 0o755 });
      writeFileSync(join(dir, 'cluster.yaml'), options.configYaml ? options.configYaml(harness) : harness.configYaml());
      for (const name of NODES) {
        const proxies = await Promise.all(etcd.members.map((m) => startTcpProxy({ host: '127.0.0.1', port: Number(m.endpoint.split(':')[1]) })));
        harness.nodes.push({ name, dataDir: join(dir, name), port: await freePort(), daemon: null, client: null, proxies });
      }
      for (const node of harness.nodes) await harness.startNode(node.name);
    } catch (error) {
      await harness.stop();
      throw error;
    }
    return harness;
  }

  configYaml(): string {
    const groups = Object.fromEntries(this.groups.map((group, i) => [group, {
      preferredOwners: [NODES[i % 3], NODES[(i + 1) % 3], NODES[(i + 2) % 3]],
      // Each case is repeated: the default threshold (nodes - 1 per 6 h) would leave groups Failed.
      FailoverThreshold: 1000,
      resources: {
        [`${group}Disk`]: { type: 'dummy' },
        [`${group}App`]: {
          type: 'process',
          dependsOn: `[${group}Disk]`,
          properties: { Program: 'python3', Arguments: [join(this.dir, 'evidence.py'), this.lockFile(group), this.evidenceFile(group)], StopTimeoutMs: 2000 },
        },
      },
    }]));
    const script = join(this.dir, 'returner.sh');
    const returner = {
      preferredOwners: ['node1', 'node2', 'node3'],
      resources: {
        RetBase: { type: 'script', RestartAction: 0, properties: { Script: script, Arguments: ['base'] } },
        RetPicky: { type: 'script', RestartAction: 0, dependsOn: '[RetBase]', properties: { Script: script, Arguments: ['picky'] } },
      },
    };
    return stringify({ cluster: 'E2E', nodes: [...NODES], groups: { ...groups, Ret: returner } });
  }

  /** The returner script's call log: "online picky node3 flags= reason= dest=" per line. */
  returnerLog(): string[] {
    try {
      return readFileSync(join(this.dir, 'returner.log'), 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  }

  lockFile(group: string): string {
    return join(this.dir, `${group}.lock`);
  }

  evidenceFile(group: string): string {
    return join(this.dir, `${group}.evidence`);
  }

  node(name: string): NodeHandle {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  async startNode(name: NodeName): Promise<void> {
    const node = this.node(name);
    const daemon = new DaemonProcess([
      '--data-dir', node.dataDir,
      '--listen', '127.0.0.1:0',
      '--store', `etcd://${node.proxies.map((p) => p.endpoint).join(',')}`,
      '--node', name,
      '--config', join(this.dir, 'cluster.yaml'),
      '--lease-ttl', String(this.leaseTtlMs),
    ], { WOLFPACK_E2E_NODE: name, WOLFPACK_STATE_DIR: join(node.dataDir, 'state') });
    node.daemon = daemon;
    await daemon.ready(60_000);
    node.client?.close();
    node.client = new WolfpackClient({ kind: 'socket', socketPath: join(node.dataDir, 'wolfpack.sock') });
  }

  /** A client on a node that is running, other than `except`. */
  anyClient(except?: string): WolfpackClient {
    const node = this.nodes.find((n) => n.name !== except && n.daemon !== null && n.client !== null);
    if (!node?.client) throw new Error('no running node');
    return node.client;
  }

  async group(name: string, via?: string): Promise<GroupView> {
    const client = via ? this.node(via).client : this.anyClient();
    if (!client) throw new Error(`node ${via ?? ''} has no client`);
    return client.getGroup(name);
  }

  /** Polls until `check` holds (15 s by default), with the last value in the error. */
  async until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000, everyMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    let lastError: unknown = null;
    while (Date.now() < deadline) {
      try {
        last = await read();
        if (check(last)) return last;
      } catch (error) {
        lastError = error;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)} ${lastError ? String(lastError) : ''}\n${this.logs()}`);
  }

  /** Resolves once the group is Online (state 0) on a live owner, as every running node reports it. */
  async online(group: string, notOn?: string): Promise<GroupView> {
    return this.until(`${group} online${notOn ? ` away from ${notOn}` : ''}`, () => this.group(group, this.nodes.find((n) => n.daemon && n.name !== notOn)?.name), (g) => g.state === 0 && g.owner !== null && g.owner !== notOn);
  }

  evidence(group: string): EvidenceLine[] {
    let text = '';
    try {
      text = readFileSync(this.evidenceFile(group), 'utf8');
    } catch {
      return [];
    }
    return text.trim().split('\n').filter(Boolean).map((line) => {
      const [word, node, pid, time] = line.split(' ');
      return { word: word as EvidenceLine['word'], node: node ?? '', pid: Number(pid), time: Number(time) };
    });
  }

  /** The checker: no instance of any group ever found another node's instance holding its lock. */
  conflicts(): EvidenceLine[] {
    return this.groups.flatMap((g) => this.evidence(g).filter((l) => l.word === 'CONFLICT'));
  }

  /** The pid of the instance that holds the group's lock now (the last START), and whether it lives. */
  holder(group: string): { node: string; pid: number; alive: boolean } | null {
    const starts = this.evidence(group).filter((l) => l.word === 'START');
    const last = starts.at(-1);
    if (!last) return null;
    return { node: last.node, pid: last.pid, alive: !processGone(last.pid) };
  }

  logs(): string {
    return this.nodes.map((n) => `--- ${n.name} ---\n${(n.daemon?.log ?? '').slice(-3000)}`).join('\n');
  }

  async kill9(name: string): Promise<void> {
    const node = this.node(name);
    node.client?.close();
    node.client = null;
    await node.daemon?.kill();
    node.daemon = null;
  }

  async stop(): Promise<void> {
    // All at once: stopping one by one would fail each node's groups over to the next to stop.
    await Promise.all(this.nodes.map(async (node) => {
      node.client?.close();
      node.client = null;
      const daemon = node.daemon;
      node.daemon = null;
      if (!daemon) return;
      const timer = setTimeout(() => void daemon.kill(), 30_000);
      await daemon.stop('SIGTERM').catch(() => undefined);
      clearTimeout(timer);
    }));
    // Processes the daemons started and any host still fencing: by the pids they logged.
    for (const group of this.groups) {
      for (const line of this.evidence(group)) {
        try {
          process.kill(line.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    for (const node of this.nodes) for (const proxy of node.proxies) await proxy.close();
    await this.etcd.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
