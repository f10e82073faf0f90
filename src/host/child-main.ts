/**
 * Entry of a resource host process (Wolfpack's rhs.exe). Started by HostClient with an IPC
 * channel; runs HostRuntime on the batches that arrive, and sends results and events back.
 *
 * Lifetime: the host notices the daemon is gone when the IPC channel disconnects (the daemon died
 * or closed it) and, in case that event is missed, when its parent pid changes (it was re-parented
 * to init or a subreaper). With no fence deadline armed (the single-node daemon never arms one) it
 * exits at once and leaves its resources as they are: a restarted daemon probes and adopts them
 * (ARCHITECTURE "Resource hosts"). With a deadline armed it outlives the daemon until the deadline,
 * terminates what it runs and then exits: the node's lease is about to expire and another node may
 * be given the groups, so nothing of them may keep running here (docs/adr/0006-many-nodes.md).
 * It ignores SIGINT and SIGTERM: a Ctrl-C in the daemon's terminal, `timeout`, or a service
 * manager signalling the whole process group must reach only the daemon, which then takes its
 * groups offline through these hosts before shutting them down.
 *
 * Keep imports small: start-up time is paid on every host (re)start.
 */
import { describeError } from '../resources/sdk/outcome.js';
import { RESOURCE_HOST_ENV } from '../resources/sdk/host-env.js';
import { BatchSender } from './batch-sender.js';
import { HostRuntime } from './host-runtime.js';
import { isBatch, type HostMessage, type HostRequest } from './protocol.js';
import { systemClock } from './system-clock.js';

const PARENT_POLL_MS = 500;

const channelSend = process.send?.bind(process);
if (!channelSend) {
  process.stderr.write('wolfpack resource host: start me through HostClient (no IPC channel)\n');
  process.exit(2);
}
process.env[RESOURCE_HOST_ENV] = '1';

const out = new BatchSender<HostMessage>((batch) => {
  if (process.connected) channelSend(batch);
});

function hostLog(level: 'warn' | 'error', message: string): void {
  out.send({ kind: 'log', resource: null, level, message });
}

const runtime = new HostRuntime({
  send: (message) => out.send(message),
  clock: systemClock,
  onShutdown: () => {
    // Let the shutdown answer leave before exiting; exit anyway if the write never completes.
    // The answer may already be on its way (BatchSender writes a turn's first message at once);
    // writes keep their order, so the callback of this (possibly empty) batch covers it too.
    setImmediate(() => {
      const batch = out.drain();
      if (!process.connected) process.exit(0);
      channelSend(batch, undefined, {}, () => process.exit(0));
      setTimeout(() => process.exit(0), 1_000).unref();
    });
  },
});

process.on('message', (batch: unknown) => {
  if (!isBatch(batch)) {
    hostLog('error', `resource host: ignored a message that is not a batch: ${JSON.stringify(batch)}`);
    return;
  }
  for (const request of batch) runtime.handle(request as HostRequest);
});

// A type's stray error must not take down the other resources of this host.
process.on('uncaughtException', (error) => hostLog('error', `uncaught exception in resource host: ${describeError(error)}`));
process.on('unhandledRejection', (reason) => hostLog('error', `unhandled rejection in resource host: ${describeError(reason)}`));

let orphaned = false;
function parentGone(): void {
  if (orphaned) return;
  orphaned = true;
  const fencing = runtime.afterFence();
  if (fencing === null) process.exit(0);
  else void fencing.then(() => process.exit(0));
}

process.on('disconnect', parentGone);
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
const parentAtStart = process.ppid;
const parentPoll = setInterval(() => {
  if (process.ppid === parentAtStart) return;
  clearInterval(parentPoll);
  parentGone();
}, PARENT_POLL_MS).unref();

out.send({ kind: 'ready', pid: process.pid });
