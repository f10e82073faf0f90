/**
 * Sleep(dwMilliseconds) for programs translated from C. Windows' Sleep blocks the thread; blocking
 * Node's only thread would also stop the cluster this process hosts, so this one is awaited.
 */
export function Sleep(dwMilliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, dwMilliseconds)));
}
