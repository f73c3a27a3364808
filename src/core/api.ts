/** The public shape of a signaling server instance (see `createSignalingServer`). */
import type { PeerInfo, ServerEvent, ServerEventKind, ServerStats } from './events.js';
import type { SignalingOptions } from './options.js';
import type { ClusterInstance, ClusterStatus } from './cluster/node.js';
import type { ClusterView } from './cluster/view.js';

/** A cluster member's view: its own state and counters, and the live instances Redis knows. */
export interface ClusterReport {
  status: ClusterStatus;
  /** Empty when Redis cannot be asked right now. */
  instances: ClusterInstance[];
}

export interface BoundAddress {
  host: string;
  port: number;
}

/** Listener for one kind of event, or for all of them with '*'. */
export type EventListener<K extends ServerEventKind | '*'> = (
  event: K extends ServerEventKind ? Extract<ServerEvent, { kind: K }> : ServerEvent,
) => void;

export interface EventsSince {
  events: ServerEvent[];
  skipped: number;
  lastSeq: number;
}

export interface SignalingObservable {
  /** Registered clients now. */
  peers(): PeerInfo[];
  /** Counters since the last start. */
  stats(): ServerStats;
  /** The ring buffer of recent events, oldest first (empty when `history` is false). */
  recentEvents(): ServerEvent[];
  /**
   * Reads the ring buffer instead of listening: the events after `afterSeq` (oldest first, at most the
   * newest `max`), how many newer ones were `skipped`, and the newest `lastSeq`. A UI polling this costs
   * the relay nothing per message. Seqs start again at 1 on each start. Empty when `history` is false.
   */
  eventsSince(afterSeq: number, max: number): EventsSince;
  /** Subscribes to events of one kind, or '*' for all; returns the unsubscribe function. */
  on<K extends ServerEventKind | '*'>(kind: K, listener: EventListener<K>): () => void;
  /** Closes a client's socket (close reason `kicked`); false if no such client. */
  disconnect(id: string): boolean;
}

export interface SignalingServer extends SignalingObservable {
  readonly options: Readonly<SignalingOptions>;
  /** Listens on options.host:options.port. Rejects with a SignalingError (ERR_ADDRESS_IN_USE, ...). */
  start(): Promise<BoundAddress>;
  /** Closes every socket, clears every timer and frees the port. Safe to call when stopped. */
  stop(): Promise<void>;
  readonly running: boolean;
  /** The bound address while running, else null. */
  address(): BoundAddress | null;
  /** With the `cluster` option while running: this instance's cluster state and the live instances; else null. */
  cluster(): Promise<ClusterReport | null>;
  /**
   * With the `cluster` option while running: what a dashboard's Cluster view shows (every live
   * instance's figures, Redis link, cross-instance latency, registry, queue); else null.
   */
  clusterView(): Promise<ClusterView | null>;
}
