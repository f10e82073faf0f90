/**
 * A real daemon for the browser suite: `wolfpack serve` as a child process on a free 127.0.0.1
 * port, over a temporary data directory, with a demo-like cluster of dummy resources (delays long
 * enough to watch an operation run, a resource that reports progress, one in locked mode), every
 * group online from the first start, and two tokens (Full and Read) made over the owner-only local
 * socket. Also makes sure web/dist is the build of the current web sources, and runs the CLI as a
 * child process. Every process started here is stopped by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WolfpackClient } from '../../../src/client/index.js';
import { CLI_ENTRY, DaemonProcess, freePort } from '../../support/daemon-process.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = import.meta.resolve('tsx');

export const UI_CLUSTER_YAML = `# The browser suite's cluster: the demo's shape, dummy resources only.
cluster: Demo
nodes: [node1]
groups:
  DemoGroup:
    preferredOwners: [node1]
    resources:
      Disk: { type: dummy, properties: { OfflineDelayMs: 300 } }
      App: { type: dummy, dependsOn: [Disk], PendingTimeout: 60000, properties: { OfflineDelayMs: 1500, ProgressEveryMs: 400 } }
      Marker: { type: dummy, dependsOn: [Disk], properties: { OfflineDelayMs: 400 } }
      DemoResource: { type: dummy, dependsOn: "[App] and ([Marker] or [Disk])", properties: { OfflineDelayMs: 600 } }
  WebGroup:
    resources:
      WebConfig: { type: dummy }
      WebServer: { type: dummy, dependsOn: [WebConfig], properties: { OfflineDelayMs: 200 } }
  Vault:
    resources:
      Keys: { type: dummy, properties: { Locked: true, LockedReason: 7 } }
  Batch:
    resources:
      Job: { type: dummy, RestartAction: 0, properties: { FailOnline: true } }
`;

/** Where --online-at-first-start leaves each group (Batch's only resource fails its online). */
export const SETTLED: Readonly<Record<string, string>> = { DemoGroup: 'ClusterGroupOnline', WebGroup: 'ClusterGroupOnline', Vault: 'ClusterGroupOnline', Batch: 'ClusterGroupFailed' };

export interface UiCluster {
  readonly url: string;
  readonly dataDir: string;
  readonly full: string;
  readonly read: string;
  /** Over the local socket (Full), for checking what the UI did. */
  readonly client: WolfpackClient;
  stop(): Promise<void>;
}

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Runs a command to its end; rejects with its output when it fails. The child is ours: pid-tracked. */
export function runChild(command: string, args: readonly string[], cwd = REPO, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal}:\n${output}`));
    });
  });
}

/** `wolfpack ARGS` as the user types it, in its own process. */
export function runCli(args: readonly string[]): Promise<string> {
  return runChild(process.execPath, ['--import', TSX, CLI_ENTRY, ...args]);
}

/**
 * The daemon serves web/dist; build it when it is missing or older than the web sources, so the
 * suite tests the code in the tree (npm ci's prepare builds it too). Vite alone: type checking is
 * `npm run typecheck`'s job.
 */
export async function ensureUiBuilt(): Promise<void> {
  const web = join(REPO, 'web');
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(newestMtime(join(web, 'src')), newestMtime(join(web, 'index.html')), newestMtime(join(web, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  await runChild(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn']);
}

export async function startUiCluster(): Promise<UiCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-ui-'));
  const config = join(dataDir, 'cluster.yaml');
  writeFileSync(config, UI_CLUSTER_YAML);
  const port = await freePort();
  const daemon = new DaemonProcess(['--data-dir', join(dataDir, 'data'), '--listen', `127.0.0.1:${port}`, '--config', config, '--online-at-first-start']);
  let client: WolfpackClient | null = null;
  const stop = async (): Promise<void> => {
    client?.close();
    // SIGTERM first (groups go offline gracefully); SIGKILL if it does not stop in time.
    const stopped = await Promise.race([daemon.stop('SIGTERM').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
    if (!stopped) await daemon.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await daemon.ready();
    client = new WolfpackClient({ kind: 'socket', socketPath: join(dataDir, 'data', 'wolfpack.sock') });
    // --online-at-first-start brings the groups online after "serving": wait for all of them.
    const deadline = Date.now() + 20_000;
    while ((await client.listGroups()).some((g) => g.stateName !== SETTLED[g.name])) {
      if (Date.now() > deadline) throw new Error(`groups not settled after 20 s:\n${daemon.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const full = (await client.createToken({ name: 'admin', access: 'full' })).token;
    const read = (await client.createToken({ name: 'viewer', access: 'read' })).token;
    return { url: `http://127.0.0.1:${port}`, dataDir: join(dataDir, 'data'), full, read, client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
