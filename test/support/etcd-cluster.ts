/**
 * Runs a real etcd cluster on 127.0.0.1 for the tests and benches that need one: Debian's etcd
 * binary, one process per member, free ports, data in a temp directory. Members can be killed,
 * frozen, restarted; the leader can be found. Every process is stopped by pid in stop(), and a
 * process 'exit' hook kills whatever a crashed run left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = process.env.WOLFPACK_ETCD ?? '/usr/bin/etcd';

export interface EtcdClusterOptions {
  /** Number of members (default 3). */
  readonly members?: number;
  /** Directory for the members' data (default: a fresh temp directory, removed by stop()). */
  readonly dataDir?: string;
  /**
   * Raft heartbeat and election timeout. The default 50/500 ms makes elections fast for tests;
   * pass etcd's own 100/1000 to measure what production sees.
   */
  readonly heartbeatMs?: number;
  readonly electionMs?: number;
  /**
   * fsync the WAL at every commit, as production does (default false: test data is thrown away,
   * and skipping fsync keeps a loaded CI disk from stalling raft into elections). Benches that
   * report latency turn it on.
   */
  readonly fsync?: boolean;
  /** More etcd flags for every member, e.g. ['--max-txn-ops=10000']. */
  readonly extraArgs?: readonly string[];
  /** How long start and restart wait for health (default 15 s). */
  readonly startTimeoutMs?: number;
}

export interface EtcdMember {
  readonly name: string;
  /** The running process, or null while the member is killed. */
  readonly pid: number | null;
  /** http://127.0.0.1:port */
  readonly clientUrl: string;
  readonly peerUrl: string;
  /** 127.0.0.1:port, as the adapter takes it. */
  readonly endpoint: string;
  readonly dataDir: string;
}

export interface EtcdCluster {
  /** Client endpoints (127.0.0.1:port), member order. */
  readonly endpoints: readonly string[];
  readonly members: readonly EtcdMember[];
  /** Sends `signal` to member i; waits for it to exit unless the signal only freezes (SIGSTOP). */
  killMember(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed member again on its data and ports; resolves when it is healthy. */
  restartMember(i: number): Promise<void>;
  /** Index of the current leader among live members (waits for an election, up to 15 s). */
  leaderIndex(): Promise<number>;
  /** Resolves once every live member reports healthy (has a leader and serves reads). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** The member's recent log output, for failure messages. */
  log(i: number): string;
  /** Kills every member by pid and removes the temp directory. Idempotent. */
  stop(): Promise<void>;
}

const LOG_LIMIT = 64 * 1024;
const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function killEverything(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * A crashed or interrupted test run must not leave etcd processes behind: kill them at exit, and
 * on a terminating signal (which skips 'exit') before dying of that signal as the process would have.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killEverything);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverything();
      process.kill(process.pid, signal);
    });
  }
}

/** A member exited while the cluster was starting (most often: another process took its port). */
class StartFailure extends Error {}

/**
 * Free ports, all held open until every one is chosen so no two members get the same port. Another
 * process may still grab one between close and etcd's bind; start() then fails loudly.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      }));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function httpJson(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    signal: AbortSignal.timeout(1_000),
  });
  return response.json();
}

interface MemberState {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly endpoint: string;
  readonly dataDir: string;
  child: ChildProcess | null;
  exited: Promise<void>;
  log: string;
}

export async function startEtcdCluster(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  installExitHook();
  // Free ports are only free until etcd binds them: when one was taken meanwhile, start over on new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchCluster(options);
    } catch (error) {
      if (!(error instanceof StartFailure) || attempt === 3) throw error;
    }
  }
}

async function launchCluster(options: EtcdClusterOptions): Promise<EtcdCluster> {
  const count = options.members ?? 3;
  const heartbeat = options.heartbeatMs ?? 50;
  const election = options.electionMs ?? 500;
  const startTimeout = options.startTimeoutMs ?? 15_000;
  const ownDir = options.dataDir === undefined;
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wolfpack-etcd-'));
  if (ownDir) tempDirs.add(root);
  const ports = await freePorts(count * 2);
  const members: MemberState[] = Array.from({ length: count }, (_, i) => {
    const client = ports[2 * i] as number;
    const peer = ports[2 * i + 1] as number;
    return {
      name: `m${i}`,
      clientUrl: `http://127.0.0.1:${client}`,
      peerUrl: `http://127.0.0.1:${peer}`,
      endpoint: `127.0.0.1:${client}`,
      dataDir: join(root, `m${i}-${ports[2 * i]}`),
      child: null,
      exited: Promise.resolve(),
      log: '',
    };
  });
  const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const token = `wolfpack-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let stopped = false;

  const launch = (m: MemberState): void => {
    mkdirSync(m.dataDir, { recursive: true });
    const args = [
      `--name=${m.name}`,
      `--data-dir=${m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`,
      `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=${m.peerUrl}`,
      `--initial-advertise-peer-urls=${m.peerUrl}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-state=new', // ignored on restart: the data directory knows the cluster
      `--initial-cluster-token=${token}`,
      `--heartbeat-interval=${heartbeat}`,
      `--election-timeout=${election}`,
      ...(options.fsync ? [] : ['--unsafe-no-fsync']),
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=warn',
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    m.child = child;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      m.log = (m.log + chunk).slice(-LOG_LIMIT);
    });
    m.exited = new Promise((resolve) => {
      const gone = (): void => {
        running.delete(child);
        if (m.child === child) m.child = null;
        resolve();
      };
      child.once('exit', gone);
      // A binary that cannot be started emits 'error' and never 'exit'.
      child.once('error', (error) => {
        m.log += `\n${ETCD_BINARY} could not be started: ${error.message}`;
        gone();
      });
    });
  };

  const healthy = async (m: MemberState): Promise<boolean> => {
    try {
      const body = (await httpJson(`${m.clientUrl}/health`)) as { health?: unknown };
      return body.health === 'true' || body.health === true;
    } catch {
      return false;
    }
  };

  /** Every live member healthy; with `starting`, every one of `starting` must be alive too. */
  const waitHealthy = async (timeoutMs = startTimeout, starting?: readonly MemberState[]): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dead = starting?.find((m) => m.child === null);
      if (dead) throw new StartFailure(`etcd ${dead.name} exited while starting:\n${dead.log.slice(-4000)}`);
      const live = (starting ?? members).filter((m) => m.child !== null);
      const states = await Promise.all(live.map(healthy));
      if (live.length > 0 && states.every(Boolean)) return;
      if (Date.now() > deadline) {
        const logs = live.map((m, i) => (states[i] ? '' : `--- ${m.name}\n${m.log.slice(-4000)}`)).join('\n');
        throw new Error(`etcd cluster not healthy after ${timeoutMs} ms\n${logs}`);
      }
      await sleep(50);
    }
  };

  const kill = async (m: MemberState, signal: NodeJS.Signals): Promise<void> => {
    const child = m.child;
    if (child?.pid === undefined) return;
    try {
      process.kill(child.pid, signal);
    } catch {
      return; // already gone
    }
    if (signal !== 'SIGSTOP' && signal !== 'SIGCONT' && signal !== 'SIGTSTP') await m.exited;
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(members.map((m) => kill(m, 'SIGKILL')));
    if (ownDir) {
      rmSync(root, { recursive: true, force: true });
      tempDirs.delete(root);
    }
  };

  members.forEach(launch);
  try {
    await waitHealthy(startTimeout, members);
  } catch (error) {
    await stop();
    throw error;
  }

  const member = (i: number): MemberState => {
    const m = members[i];
    if (!m) throw new Error(`no etcd member ${i} (the cluster has ${members.length})`);
    return m;
  };

  return {
    endpoints: members.map((m) => m.endpoint),
    get members(): EtcdMember[] {
      return members.map((m) => ({
        name: m.name,
        pid: m.child?.pid ?? null,
        clientUrl: m.clientUrl,
        peerUrl: m.peerUrl,
        endpoint: m.endpoint,
        dataDir: m.dataDir,
      }));
    },
    killMember: (i, signal = 'SIGKILL') => kill(member(i), signal),
    async restartMember(i) {
      const m = member(i);
      if (stopped) throw new Error('the etcd cluster was stopped');
      if (m.child !== null) throw new Error(`etcd ${m.name} is still running (pid ${m.child.pid})`);
      launch(m);
      await waitHealthy(startTimeout, [m]);
    },
    async leaderIndex() {
      const deadline = Date.now() + 15_000;
      for (;;) {
        for (const m of members) {
          if (m.child === null) continue;
          try {
            const status = (await httpJson(`${m.clientUrl}/v3/maintenance/status`, {})) as { header?: { member_id?: string }; leader?: string };
            const leaderId = status.leader;
            if (leaderId === undefined || leaderId === '0') continue;
            if (status.header?.member_id === leaderId) return members.indexOf(m);
          } catch {
            // Frozen or starting: ask the next one.
          }
        }
        if (Date.now() > deadline) throw new Error('no etcd leader after 15 s');
        await sleep(50);
      }
    },
    waitHealthy: (timeoutMs) => waitHealthy(timeoutMs),
    log: (i) => member(i).log,
    stop,
  };
}
