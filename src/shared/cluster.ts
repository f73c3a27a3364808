/**
 * The Cluster view's data, shared by core, control and renderer. The core builds it
 * (src/core/cluster/metrics.ts), so its shape lives in src/core/cluster/view.ts; this module re-exports
 * it (types and constants only) so that main, preload and renderer never reach into the core.
 */
export type { ClusterInstanceView, ClusterView, InstanceRates, LatencySummary, RedisLinkState } from '../core/cluster/view.js';
export { CLUSTER_INTERVAL_MS, MAX_LISTED_IDS } from '../core/cluster/view.js';
