/** React access to the dashboard store. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { DashboardStore, Meta } from './store.js';

export const StoreContext = createContext<DashboardStore | null>(null);

export function useStore(): DashboardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreContext.Provider>');
  return store;
}

export function useMeta(): Meta {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getMeta);
}

export function useTrafficVersion(): number {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getTrafficVersion);
}

export function useSeriesVersion(): number {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getSeriesVersion);
}

/** The current time, refreshed every `intervalMs` (for uptimes and health badges). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Re-renders on every store update (problems, departed peers and cadence included). */
export function useVersion(): number {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getVersion);
}

/**
 * One value derived from the store: re-renders only when it changes (`Object.is`), not on every batch.
 * A primitive, or a reference the store replaces only when its content changes (e.g. `getMeta().peers`).
 */
export function useSelect<T>(select: (store: DashboardStore) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => select(store));
}
