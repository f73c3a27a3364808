/**
 * What a dashboard shows of a cluster (the Cluster view): this instance's link to Redis, every live
 * instance with its own figures, and the cluster-wide totals. Types and constants only (no imports), so
 * src/shared can re-export them to the renderer. Built by ./metrics.ts; carried unchanged by the
 * controller's snapshot and batches.
 */

/**
 * This instance's link to Redis as a person reads it:
 * - `connecting`: not answered yet since the start;
 * - `connected`: Redis answers and the lease is held;
 * - `degraded`: Redis does not answer; relaying between this instance's clients goes on, the lease may
 *   still run;
 * - `fenced`: the lease ran out, so this instance no longer claims any id in Redis (the cluster treats
 *   its ids as free) until Redis answers again;
 * - `closed`: the instance left the cluster (stopped).
 */
export type RedisLinkState = 'connecting' | 'connected' | 'degraded' | 'fenced' | 'closed';

/**
 * Cross-instance relay latency: for each frame that reached this instance from another one through
 * Redis, the time from the sender handing it to its bus to its delivery here, both read on Redis's clock
 * (each instance's clock is offset-corrected to Redis TIME; see ./metrics.ts). Over the last
 * LATENCY_WINDOW_MS to twice that. Percentiles are bucket upper bounds (at most 25 % high).
 */
export interface LatencySummary {
  /** Frames measured in the window. */
  count: number;
  /** ms; null when no frame was measured. */
  p50: number | null;
  p99: number | null;
}

/** Messages per second over the last few seconds. */
export interface InstanceRates {
  /** Relayed between two clients of this instance (the local fast path, no Redis). */
  local: number;
  /** Handed to other instances through Redis. */
  crossOut: number;
  /** Received from other instances through Redis and delivered here. */
  crossIn: number;
}

export interface ClusterInstanceView {
  /** The instance's id in Redis (`<host>-<pid>-<random>`). */
  id: string;
  /** True for the instance this dashboard is attached to. */
  self: boolean;
  /** The machine's host name. */
  host: string;
  /** Where it listens for PeerJS clients (host:port as it bound). */
  about: string;
  /** How long it has been running, ms; null when it has not reported yet. */
  uptimeMs: number | null;
  /** Time since it last renewed its lease, ms (null: unknown). */
  leaseAgeMs: number | null;
  /** Time until its lease runs out without a renewal, ms. */
  leaseLeftMs: number | null;
  /** Ids it holds in the cluster's registry (null when Redis cannot be asked). */
  ids: number | null;
  /** Some of those ids (at most MAX_LISTED_IDS, sorted), for the view and the inspector. */
  listed: string[];
  /** Clients connected to it (its own count: may include clients admitted while Redis was away). */
  clients: number | null;
  rates: InstanceRates | null;
  /** Latency of the frames that arrived at this instance from the others. */
  latency: LatencySummary | null;
  /** Its ids taken over by a reconnect on another instance, and dead instances it reaped. */
  takeovers: number | null;
  reaped: number | null;
  /** Age of the figures it last published, ms (they are published with every lease renewal). */
  reportAgeMs: number | null;
}

export interface ClusterView {
  /** This instance's id. */
  instance: string;
  redis: {
    /** host:port of the shared Redis. */
    address: string;
    state: RedisLinkState;
    /** Local time (ms since the epoch) of the last change of `state`. */
    since: number;
    /** Why: the last thing the instance said about its link. */
    why: string;
    /** The last lease renewal's round trip to Redis, ms. */
    rttMs: number | null;
  };
  /** All instances' latency histograms merged (percentiles are not averaged). */
  latency: LatencySummary;
  /** Ids held cluster-wide (null when Redis cannot be asked). */
  registry: number | null;
  /** Messages waiting in Redis for ids that are not connected anywhere. */
  queued: { messages: number; bytes: number; ids: number } | null;
  /** Sums over the live instances' reports. */
  takeovers: number;
  reaped: number;
  /** Live instances, this one first. */
  instances: ClusterInstanceView[];
  /** Local time the view was taken. */
  at: number;
}

/** Ids listed per instance at most (the rest are counted). */
export const MAX_LISTED_IDS = 500;
/** How often a UI gets a fresh cluster view, ms. */
export const CLUSTER_INTERVAL_MS = 1000;
