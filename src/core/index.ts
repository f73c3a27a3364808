/** Switchboard's signaling core: a PeerJS-compatible server, as a library. */
export { createSignalingServer } from './server.js';
export { expressSignaling, type EmbeddedSignaling } from './embed.js';
export type { BoundAddress, ClusterReport, EventListener, EventsSince, SignalingObservable, SignalingServer } from './api.js';
export type { ClusterInstance, ClusterState, ClusterStatus } from './cluster/node.js';
export type { ClusterInstanceView, ClusterView, InstanceRates, LatencySummary, RedisLinkState } from './cluster/view.js';
export { CORE_OPTIONS, DEFAULT_OPTIONS, isValidPath, normalizePath, resolveOptions, type SignalingOptions } from './options.js';
export type { OptionSpec, OptionKind } from './option-spec.js';
export { errorCode, SignalingError, type SignalingErrorCode } from './errors.js';
export { listen } from './listen.js';
export { isValidId, MAX_ID_LENGTH, ErrorText } from './protocol.js';
export { SERVER_DESCRIPTION } from './http.js';
export { CloseCode } from './signaling.js';
export * from './events.js';
