/**
 * Batches core events for UIs. A timer flushes at most every `intervalMs`, with at most `maxEvents`
 * events per batch (the rest are counted in `dropped`). Events are pulled from the core's ring buffer at
 * each flush (`pull`), so the relay does no work per message for a UI; without a ring buffer they are
 * pushed, which is O(1) (an array push or a counter increment). With no subscriber the timer is off and
 * nothing is kept.
 */
import type { ClusterView } from '../shared/cluster.js';
import type { EventBatch, ServerState } from '../shared/control.js';
import type { PeerInfo, ServerEvent, ServerStats } from '../shared/events.js';

export interface BatchSource {
  state(): ServerState;
  stats(): ServerStats;
  peers(): PeerInfo[];
  running(): boolean;
  /** The latest Cluster view (null outside cluster mode); sent when marked changed. */
  cluster?(): ClusterView | null;
}

export interface BatcherOptions {
  intervalMs: number;
  maxEvents: number;
  peersIntervalMs: number;
  source: BatchSource;
  /** Called when the first subscriber arrives (true) and when the last one leaves (false). */
  onActiveChange?: (active: boolean) => void;
  /**
   * Where events come from at each flush, when the core keeps a history: at most `max` of the events
   * since the previous call, and how many were skipped. Without it, events are pushed one by one.
   */
  pull?: (max: number) => { events: ServerEvent[]; skipped: number };
  /** Reports a listener that threw (the others still get the batch). */
  onListenerError?: (err: unknown) => void;
  now?: () => number;
}

export interface EventBatcher {
  subscribe(listener: (batch: EventBatch) => void): () => void;
  /** True while someone is subscribed; push() is a no-op otherwise. */
  readonly active: boolean;
  push(event: ServerEvent): void;
  markStateChanged(): void;
  markPeersChanged(): void;
  /** The next batch carries `source.cluster()`. */
  markClusterChanged(): void;
  /** Builds and delivers a batch now if there is anything to say (the timer calls this). */
  flush(): void;
  dispose(): void;
}

export function createEventBatcher(options: BatcherOptions): EventBatcher {
  const now = options.now ?? Date.now;
  const listeners = new Set<(batch: EventBatch) => void>();
  let events: ServerEvent[] = [];
  let dropped = 0;
  let stateChanged = false;
  let peersChanged = false;
  let clusterChanged = false;
  let lastPeersAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  function reset(): void {
    events = [];
    dropped = 0;
    stateChanged = false;
    peersChanged = false;
    clusterChanged = false;
    lastPeersAt = 0;
  }

  function stopTimer(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function flush(): void {
    if (listeners.size === 0) return;
    if (options.pull) {
      const pulled = options.pull(options.maxEvents);
      events = pulled.events;
      dropped += pulled.skipped;
    }
    const t = now();
    const peersDue = peersChanged || (options.source.running() && t - lastPeersAt >= options.peersIntervalMs);
    if (events.length === 0 && dropped === 0 && !stateChanged && !peersDue && !clusterChanged) return;
    const batch: EventBatch = { events, dropped, stats: options.source.stats() };
    if (stateChanged) batch.state = options.source.state();
    if (peersDue) {
      batch.peers = options.source.peers();
      lastPeersAt = t;
    }
    if (clusterChanged) batch.cluster = options.source.cluster?.() ?? null;
    events = [];
    dropped = 0;
    stateChanged = false;
    peersChanged = false;
    clusterChanged = false;
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (err) {
        options.onListenerError?.(err);
      }
    }
  }

  return {
    get active() {
      return listeners.size > 0;
    },
    subscribe(listener) {
      if (disposed) return () => undefined;
      const wrapped = (batch: EventBatch): void => listener(batch);
      listeners.add(wrapped);
      if (listeners.size === 1) {
        reset();
        timer = setInterval(flush, options.intervalMs);
        timer.unref();
        options.onActiveChange?.(true);
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        listeners.delete(wrapped);
        if (listeners.size === 0) {
          stopTimer();
          reset();
          options.onActiveChange?.(false);
        }
      };
    },
    push(event) {
      if (listeners.size === 0) return;
      if (events.length < options.maxEvents) events.push(event);
      else dropped += 1;
    },
    markStateChanged() {
      if (listeners.size > 0) stateChanged = true;
    },
    markPeersChanged() {
      if (listeners.size > 0) peersChanged = true;
    },
    markClusterChanged() {
      if (listeners.size > 0) clusterChanged = true;
    },
    flush,
    dispose() {
      disposed = true;
      const hadListeners = listeners.size > 0;
      listeners.clear();
      stopTimer();
      reset();
      if (hadListeners) options.onActiveChange?.(false);
    },
  };
}
