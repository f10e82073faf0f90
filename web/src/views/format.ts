/** How times and durations read on the page (local time; durations in the CLI's style). */

export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function dateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${clockTime(epochMs)}`;
}

export function duration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  // Round once, to whole seconds, so 179.97 s reads "3 min 0 s", not "2 min 60 s".
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "Online", "OfflinePending": the ClusAPI names without their prefix. */
export function stateLabel(stateName: string): string {
  return stateName.replace(/^Cluster(Resource|Group|Node)(State)?/, '') || stateName;
}

/** A CSS class for a state: online, offline, pending, failed, partial, unknown. */
export function stateTone(stateName: string): string {
  const label = stateLabel(stateName).toLowerCase();
  if (label.includes('pending')) return 'pending';
  if (label === 'online' || label === 'up') return 'online';
  if (label === 'offline' || label === 'down') return 'offline';
  if (label === 'failed') return 'failed';
  if (label === 'partialonline') return 'partial';
  return 'unknown';
}
