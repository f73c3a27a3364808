/**
 * The transport-free controller: owns the server's lifecycle, the settings and the batched event stream.
 * Electron main adapts it to IPC; the headless CLI to its admin socket. Commands answer with a
 * CommandResult and never throw; a failed start (port in use, permission denied, bad bind address)
 * becomes state.status = 'error' with a message a user can act on.
 */
import type { SignalingServer } from '../core/api.js';
import type { SignalingOptions } from '../core/options.js';
import { serialQueue } from '../core/serial-queue.js';
import {
  BATCH_INTERVAL_MS,
  BATCH_MAX_EVENTS,
  PEERS_INTERVAL_MS,
  type CommandResult,
  type ControlApi,
  type ControlSnapshot,
  type EventBatch,
  type HistoryLimits,
  type ServerState,
} from '../shared/control.js';
import type { ServerEvent } from '../shared/events.js';
import { CLUSTER_INTERVAL_MS, type ClusterView } from '../shared/cluster.js';
import { validateSettings, type FieldIssue, type Settings } from '../shared/settings.js';
import { createEventBatcher } from './batcher.js';
import { describeStartError, settingsToOptions, startErrorField } from './core-options.js';
import { lanAddresses, machineAddresses } from './lan.js';
import type { SettingsStore } from './settings-store.js';
import { emptyStats } from '../core/stats.js';

export type ServerFactory = (options: Partial<SignalingOptions>) => SignalingServer;

export interface ControllerOptions {
  /** Makes a server for the given options (the real one is `createSignalingServer` from src/core). */
  createServer: ServerFactory;
  settingsStore: SettingsStore;
  /** Core options applied on top of the settings (e.g. `{ port: 0 }` in tests, `ssl`, `history`). */
  overrides?: Partial<SignalingOptions>;
  /** The ring buffer size reported to UIs; keep it equal to the core's `history` option. */
  history?: HistoryLimits;
  /** When true every mutating command is refused (a watch-only dashboard). */
  readOnly?: boolean;
  /** This computer's addresses (for the form's bind-address check); defaults to the machine's interfaces. */
  localAddresses?: () => string[];
  /** Lists the addresses clients can use; defaults to the machine's interfaces. */
  addresses?: (bound: { host: string; port: number; path: string; secure: boolean }) => string[];
  batchIntervalMs?: number;
  batchMaxEvents?: number;
  peersIntervalMs?: number;
  /** How often a subscribed UI gets a fresh Cluster view (cluster mode only); default CLUSTER_INTERVAL_MS. */
  clusterIntervalMs?: number;
  /** Where unexpected errors go (a listener that threw); default console.error. */
  logError?: (message: string, err: unknown) => void;
}

/** What a tray or a window title needs, pushed whenever it changes (no batching, no buffering). */
export interface ControllerStatus {
  state: ServerState;
  settings: Settings;
  settingsNotice: string | null;
  peerCount: number;
}

export interface Controller extends ControlApi {
  /** The current status, synchronously. */
  status(): ControllerStatus;
  /** Called on every state, settings or peer-count change until the returned function is called. */
  watch(listener: (status: ControllerStatus) => void): () => void;
  /** Stops the server, ends every subscription and clears every timer. */
  dispose(): Promise<void>;
}

const DEFAULT_HISTORY: HistoryLimits = { maxEvents: 10_000, maxBytes: 16 * 1024 * 1024 };
const READ_ONLY: CommandResult = { ok: false, error: 'This dashboard is read-only.' };

function stoppedState(): ServerState {
  return { status: 'stopped', error: null, startedAt: null, host: null, port: null, addresses: [] };
}

export function createController(options: ControllerOptions): Controller {
  const logError = options.logError ?? ((msg: string, err: unknown) => console.error(msg, err));
  const loaded = options.settingsStore.load();
  let settings: Settings = loaded.settings;
  let settingsNotice: string | null = loaded.notice;
  let state: ServerState = stoppedState();
  /** The current (or last) server instance; kept after stop so its history and stats stay visible. */
  let server: SignalingServer | null = null;
  let detachPeers: (() => void) | null = null;
  let detachTap: (() => void) | null = null;
  let disposed = false;
  const watchers = new Set<(status: ControllerStatus) => void>();
  /** Commands run one at a time, in order. */
  const serialize = serialQueue();

  const history = options.history ?? (options.overrides?.history === false ? { maxEvents: 0, maxBytes: 0 } : options.overrides?.history ?? DEFAULT_HISTORY);

  /** UIs read events from the core's ring buffer when it has one (nothing per message), else listen. */
  const pullMode = options.overrides?.history !== false;
  /** The newest event seq already handed to UIs (pull mode); seqs start again with each server. */
  let pulledSeq = 0;

  const batcher = createEventBatcher({
    pull: pullMode ? pull : undefined,
    intervalMs: options.batchIntervalMs ?? BATCH_INTERVAL_MS,
    maxEvents: options.batchMaxEvents ?? BATCH_MAX_EVENTS,
    peersIntervalMs: options.peersIntervalMs ?? PEERS_INTERVAL_MS,
    source: {
      state: () => ({ ...state, addresses: [...state.addresses] }),
      stats: () => server?.stats() ?? emptyStats(),
      peers: () => (server?.running ? server.peers() : []),
      running: () => server?.running === true,
      cluster: () => clusterView,
    },
    onActiveChange: (active) => {
      if (active) attachTap();
      else detachTapNow();
      syncClusterPoll();
    },
    onListenerError: (err) => logError('Switchboard: an event-stream listener threw', err),
  });

  /** The last Cluster view read for the subscribed UIs (cluster mode, running, someone subscribed). */
  let clusterView: ClusterView | null = null;
  let clusterTimer: NodeJS.Timeout | null = null;
  let clusterReading = false;

  function inCluster(s: SignalingServer | null): s is SignalingServer {
    return s?.running === true && Boolean(s.options.cluster);
  }

  /** Reads the running server's Cluster view (one read at a time) and hands it to the next batch. */
  function readCluster(): void {
    const current = server;
    if (clusterReading || !inCluster(current)) return;
    clusterReading = true;
    current
      .clusterView()
      .then((view) => {
        if (server !== current || !inCluster(current)) return;
        clusterView = view;
        batcher.markClusterChanged();
      })
      .catch((err: unknown) => logError('Switchboard: reading the cluster view failed', err))
      .finally(() => {
        clusterReading = false;
      });
  }

  /** Polls the Cluster view while a UI is subscribed to a running cluster member; says null otherwise. */
  function syncClusterPoll(): void {
    const want = batcher.active && inCluster(server);
    if (want && !clusterTimer) {
      clusterTimer = setInterval(readCluster, options.clusterIntervalMs ?? CLUSTER_INTERVAL_MS);
      clusterTimer.unref();
      readCluster();
    } else if (!want && clusterTimer) {
      clearInterval(clusterTimer);
      clusterTimer = null;
    }
    if (!want && clusterView !== null) {
      clusterView = null;
      batcher.markClusterChanged();
    }
  }

  function pull(max: number): { events: ServerEvent[]; skipped: number } {
    if (!server) return { events: [], skipped: 0 };
    const got = server.eventsSince(pulledSeq, max);
    pulledSeq = got.lastSeq;
    return got;
  }

  function attachTap(): void {
    detachTapNow();
    // From now on: in pull mode, only events newer than the newest one held; else a live listener.
    if (pullMode) {
      pulledSeq = server?.eventsSince(0, 0).lastSeq ?? 0;
      return;
    }
    if (server && batcher.active) {
      const push = (event: ServerEvent): void => batcher.push(event);
      detachTap = server.on('*', push);
    }
  }

  function detachTapNow(): void {
    detachTap?.();
    detachTap = null;
  }

  function peerCount(): number {
    return server?.running ? server.stats().peers : 0;
  }

  function status(): ControllerStatus {
    return { state: { ...state, addresses: [...state.addresses] }, settings: { ...settings }, settingsNotice, peerCount: peerCount() };
  }

  function notify(): void {
    if (watchers.size === 0) return;
    const s = status();
    for (const w of [...watchers]) {
      try {
        w(s);
      } catch (err) {
        logError('Switchboard: a status watcher threw', err);
      }
    }
  }

  function setState(next: ServerState): void {
    state = next;
    batcher.markStateChanged();
    syncClusterPoll();
    notify();
  }

  function useServer(next: SignalingServer): void {
    // Pull mode reads the current server's ring: hand out what the old one still holds before switching
    // (its seqs do not continue in the new one), e.g. its peers closing when applySettings restarts it.
    if (pullMode && server) batcher.flush();
    detachPeers?.();
    detachTapNow();
    server = next;
    const offOpen = next.on('connection-opened', () => {
      batcher.markPeersChanged();
      notify();
    });
    const offClose = next.on('connection-closed', () => {
      batcher.markPeersChanged();
      notify();
    });
    detachPeers = () => {
      offOpen();
      offClose();
    };
    attachTap();
  }

  function coreOptionsOf(from: Settings): Partial<SignalingOptions> {
    return { ...settingsToOptions(from), ...options.overrides };
  }

  function runningState(next: SignalingServer, bound: { host: string; port: number }, secure: boolean): ServerState {
    const addresses = (options.addresses ?? ((b) => lanAddresses(b)))({ host: bound.host, port: bound.port, path: next.options.path, secure });
    return { status: 'running', error: null, startedAt: Date.now(), host: bound.host, port: bound.port, addresses };
  }

  /** A failed start as a result: the message, and the settings field it is about when there is one. */
  function startFailure(err: unknown, coreOptions: Partial<SignalingOptions>, from: Settings): { ok: false; error: string; issues?: FieldIssue[] } {
    const message = describeStartError(err, coreOptions.host ?? from.host, coreOptions.port ?? from.port);
    const field = startErrorField(err);
    return field ? { ok: false, error: message, issues: [{ field, message }] } : { ok: false, error: message };
  }

  /** Starts a server with the saved settings (never with settings an Apply could not use). */
  async function doStart(): Promise<CommandResult> {
    if (disposed) return { ok: false, error: 'The controller has been shut down.' };
    if (server?.running) return { ok: true };
    const coreOptions = coreOptionsOf(settings);
    setState({ ...stoppedState(), status: 'starting' });
    try {
      useServer(options.createServer(coreOptions));
      const bound = await (server as SignalingServer).start();
      setState(runningState(server as SignalingServer, bound, Boolean(coreOptions.ssl)));
      return { ok: true };
    } catch (err) {
      const failure = startFailure(err, coreOptions, settings);
      // A half-started server must not keep anything open.
      await server?.stop().catch(() => undefined);
      setState({ ...stoppedState(), status: 'error', error: failure.error });
      return failure;
    }
  }

  /**
   * Replaces the running server by one with `next` settings, as a transaction: the new server binds
   * first, and only once it listens (and the settings are saved) does the old one close. When both want
   * the same port (the old one holds it), the old one closes first and, if the new one then fails, a
   * server with the old settings takes the port back. On failure nothing is saved.
   */
  async function swapServer(next: Settings): Promise<CommandResult> {
    const old = server as SignalingServer;
    const oldPort = old.address()?.port ?? null;
    const coreOptions = coreOptionsOf(next);
    const samePort = coreOptions.port !== 0 && coreOptions.port === oldPort;
    if (samePort) return restartInPlace(next);
    let fresh: SignalingServer | null = null;
    let bound: { host: string; port: number };
    try {
      fresh = options.createServer(coreOptions);
      bound = await fresh.start();
    } catch (err) {
      await fresh?.stop().catch(() => undefined);
      return startFailure(err, coreOptions, next);
    }
    try {
      await options.settingsStore.save(next);
    } catch (err) {
      await fresh.stop().catch(() => undefined);
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    settings = next;
    settingsNotice = null;
    // The old server's goodbyes (its peers closing) still reach the UIs before the switch.
    await old.stop().catch((err: unknown) => logError('Switchboard: the old server did not stop cleanly', err));
    useServer(fresh);
    if (pullMode) pulledSeq = 0; // everything the new server did so far (it started) is news
    setState(runningState(fresh, bound, Boolean(coreOptions.ssl)));
    return { ok: true };
  }

  /** The same port: close the old server, bind the new one; if that fails, bring the old settings back. */
  async function restartInPlace(next: Settings): Promise<CommandResult> {
    const previous = settings;
    const stopped = await doStop();
    if (!stopped.ok) return stopped;
    settings = next;
    const started = await doStart();
    if (started.ok) {
      try {
        await options.settingsStore.save(next);
        settingsNotice = null;
        notify();
        return { ok: true };
      } catch (err) {
        settings = previous;
        await doStop();
        await doStart();
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }
    // The port was ours a moment ago: the old settings take it back (the failure is still what we answer).
    settings = previous;
    await doStart();
    return started;
  }

  async function doStop(): Promise<CommandResult> {
    if (!server?.running) {
      if (state.status !== 'stopped') setState(stoppedState());
      return { ok: true };
    }
    setState({ ...state, status: 'stopping' });
    try {
      await server.stop();
      setState(stoppedState());
      return { ok: true };
    } catch (err) {
      const message = `Could not stop the server cleanly: ${err instanceof Error ? err.message : String(err)}`;
      setState({ ...stoppedState(), status: 'error', error: message });
      return { ok: false, error: message };
    }
  }

  return {
    async getSnapshot(): Promise<ControlSnapshot> {
      return {
        state: { ...state, addresses: [...state.addresses] },
        settings: { ...settings },
        settingsNotice,
        peers: server?.running ? server.peers() : [],
        stats: server?.stats() ?? emptyStats(),
        history: { ...history },
        readOnly: options.readOnly === true,
        localAddresses: (options.localAddresses ?? machineAddresses)(),
        cluster: inCluster(server) ? await server.clusterView().catch(() => null) : null,
      };
    },

    async getRecentEvents(): Promise<ServerEvent[]> {
      return server?.recentEvents() ?? [];
    },

    start(): Promise<CommandResult> {
      if (options.readOnly) return Promise.resolve(READ_ONLY);
      return serialize(doStart);
    },

    stop(): Promise<CommandResult> {
      if (options.readOnly) return Promise.resolve(READ_ONLY);
      return serialize(doStop);
    },

    applySettings(input: Settings): Promise<CommandResult> {
      if (options.readOnly) return Promise.resolve(READ_ONLY);
      const checked = validateSettings(input);
      if (!checked.ok) {
        return Promise.resolve({ ok: false, error: 'The settings are not valid; nothing was changed.', issues: checked.issues });
      }
      return serialize(async () => {
        if (disposed) return { ok: false, error: 'The controller has been shut down.' };
        const next = checked.settings;
        const serverChanged = JSON.stringify(settingsToOptions(settings)) !== JSON.stringify(settingsToOptions(next));
        if (serverChanged && server?.running === true) return swapServer(next);
        if (state.status === 'error') {
          // Nothing runs: the new settings are only kept if the server starts with them.
          const previous = settings;
          settings = next;
          const started = await doStart();
          if (!started.ok) {
            settings = previous;
            notify();
            return started;
          }
        }
        // Stopped (or app-only settings such as start at login): save; the next start uses them.
        try {
          await options.settingsStore.save(next);
        } catch (err) {
          return { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        settings = next;
        settingsNotice = null;
        notify();
        return { ok: true };
      });
    },

    async disconnectPeer(id: string): Promise<CommandResult> {
      if (options.readOnly) return READ_ONLY;
      if (typeof id !== 'string' || id.length === 0) return { ok: false, error: 'A peer id is required.' };
      if (!server?.running) return { ok: false, error: 'The server is not running.' };
      return server.disconnect(id) ? { ok: true } : { ok: false, error: `No connected peer has the id "${id}".` };
    },

    subscribe(listener: (batch: EventBatch) => void): () => void {
      return batcher.subscribe(listener);
    },

    status,

    watch(listener) {
      watchers.add(listener);
      return () => {
        watchers.delete(listener);
      };
    },

    dispose(): Promise<void> {
      return serialize(async () => {
        if (disposed) return;
        await doStop();
        disposed = true;
        batcher.dispose();
        syncClusterPoll();
        detachPeers?.();
        detachPeers = null;
        detachTapNow();
        watchers.clear();
      });
    },
  };
}
