/**
 * Named start and stop phases with time limits: the daemon's log says which phase it is in and how
 * long each took, and a phase that hangs fails with its name instead of hanging the daemon.
 */
import { ClusterError, Win32 } from '../core/errors.js';

export type Logger = (line: string) => void;

export async function runPhase<T>(name: string, timeoutMs: number, log: Logger, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClusterError(Win32.WAIT_TIMEOUT, `phase '${name}' did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([work(), timeout]);
    log(`phase ${name}: done in ${Date.now() - started} ms`);
    return result;
  } catch (error) {
    log(`phase ${name}: failed after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
