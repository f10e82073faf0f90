/**
 * One change at a time per resource (used by the process and script types). The engine may call online while the terminate of an earlier
 * failure is still running (wsfc.md §5.1 allows Terminate to overlap Online), and both touch the
 * same pid file. Terminate and cancel abort the signals of calls in flight first, so a pending
 * online or offline unwinds at once and nothing waits on a slow call for long.
 */
const tails = new Map<string, Promise<unknown>>();

export async function exclusive<T>(resourceName: string, body: () => Promise<T>): Promise<T> {
  const previous = tails.get(resourceName) ?? Promise.resolve();
  const run = previous.then(body, body);
  const tail = run.catch(() => undefined);
  tails.set(resourceName, tail);
  try {
    return await run;
  } finally {
    if (tails.get(resourceName) === tail) tails.delete(resourceName);
  }
}
