/**
 * The one control API of Switchboard. A transport-free controller (src/control) implements it; the
 * Electron main process adapts it to IPC and the headless CLI to its admin WebSocket; the renderer sees
 * it as a `Bridge`. Every command answers with a `CommandResult`, never by throwing across a transport.
 */
import type { ClusterView } from './cluster.js';
import type { PeerInfo, ServerEvent, ServerStats } from './events.js';
import type { CommandMethods } from './commands.js';
import type { FieldIssue, Settings } from './settings.js';

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

/** The server's lifecycle state as a UI shows it. */
export interface ServerState {
  status: ServerStatus;
  /** Why the server is in `error` (e.g. "Port 9000 is already in use"), else null. */
  error: string | null;
  startedAt: number | null;
  /** Bound host and port while running. */
  host: string | null;
  port: number | null;
  /** URLs a PeerJS client on the LAN can use (http://<lan-ip>:<port><path>). */
  addresses: string[];
}

export interface HistoryLimits {
  maxEvents: number;
  maxBytes: number;
}

export interface ControlSnapshot {
  state: ServerState;
  settings: Settings;
  /** A notice about the settings, e.g. "Settings file was invalid; defaults in use (kept as .bak)". */
  settingsNotice: string | null;
  peers: PeerInfo[];
  stats: ServerStats;
  history: HistoryLimits;
  /** True when this UI may only watch (no start/stop/settings/disconnect). */
  readOnly: boolean;
  /**
   * The addresses of this computer a bind address may name (besides `::`, `0.0.0.0` and `localhost`),
   * so a form can say "not an address of this computer" before Apply. Absent from older servers.
   */
  localAddresses?: string[];
  /** The Cluster view while the server runs with a Redis (`--redis`); null otherwise. Absent from older servers. */
  cluster?: ClusterView | null;
}

/** What the controller pushes to a subscribed UI, at most every `BATCH_INTERVAL_MS`. */
export interface EventBatch {
  /** Events since the previous batch, oldest first, at most `BATCH_MAX_EVENTS`. */
  events: ServerEvent[];
  /** Events that happened but were left out of this batch because it was full. */
  dropped: number;
  stats: ServerStats;
  /** Present when the server state changed since the previous batch. */
  state?: ServerState;
  /** Present at most once per `PEERS_INTERVAL_MS`, and whenever peers connect or leave. */
  peers?: PeerInfo[];
  /** Present at most once per `CLUSTER_INTERVAL_MS` in cluster mode, and when the server starts or stops (then null). */
  cluster?: ClusterView | null;
}

export const BATCH_INTERVAL_MS = 100;
export const BATCH_MAX_EVENTS = 2000;
export const PEERS_INTERVAL_MS = 1000;

export type CommandResult = { ok: true } | { ok: false; error: string; issues?: FieldIssue[] };

/**
 * The one control API: a method per command of the command table (./commands.ts), plus the batch stream.
 */
export interface ControlApi extends CommandMethods {
  /** Receives every batch until the returned function is called. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
}

/** What the renderer talks to: the control API plus where it runs. */
export interface Bridge extends ControlApi {
  readonly kind: 'electron' | 'web';
}
