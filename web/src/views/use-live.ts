/** Re-renders a component whenever the live store changes, and ticks a clock for countdowns. */
import { useEffect, useState } from 'preact/hooks';
import type { LiveSnapshot, LiveStore } from '../api/live-store.js';

export function useLive(store: LiveStore): LiveSnapshot {
  const [snapshot, setSnapshot] = useState(store.current);
  useEffect(() => {
    setSnapshot(store.current);
    return store.subscribe(() => setSnapshot(store.current));
  }, [store]);
  return snapshot;
}

/** Local time, re-read every `everyMs` while `active` (only for drawing: nothing is fetched). */
export function useNow(active: boolean, everyMs = 200): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [active, everyMs]);
  return active ? now : Date.now();
}
