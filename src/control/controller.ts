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
import { validateSettings, type Settings } from '../shared/settings.js';
import { createEventBatcher } from './batcher.js';
import { describeStartError, settingsToOptions } from './core-options.js';
import { lanAddresses } from './lan.js';
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
  /** Lists the addresses clients can use; defaults to the machine's interfaces. */
  addresses?: (bound: { host: string; port: number; path: string; secure: boolean }) => string[];
  batchIntervalMs?: number;
  batchMaxEvents?: number;
  peersIntervalMs?: number;
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
    },
    onActiveChange: (active) => {
      if (active) attachTap();
      else detachTapNow();
    },
    onListenerError: (err) => logError('Switchboard: an event-stream listener threw', err),
  });

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

  async function doStart(): Promise<CommandResult> {
    if (disposed) return { ok: false, error: 'The controller has been shut down.' };
    if (server?.running) return { ok: true };
    const coreOptions: Partial<SignalingOptions> = { ...settingsToOptions(settings), ...options.overrides };
    const host = coreOptions.host ?? settings.host;
    const port = coreOptions.port ?? settings.port;
    setState({ ...stoppedState(), status: 'starting' });
    try {
      useServer(options.createServer(coreOptions));
      const bound = await (server as SignalingServer).start();
      const path = (server as SignalingServer).options.path;
      const addresses = (options.addresses ?? ((b) => lanAddresses(b)))({
        host: bound.host,
        port: bound.port,
        path,
        secure: Boolean(coreOptions.ssl),
      });
      setState({ status: 'running', error: null, startedAt: Date.now(), host: bound.host, port: bound.port, addresses });
      return { ok: true };
    } catch (err) {
      const message = describeStartError(err, host, port);
      // A half-started server must not keep anything open.
      await server?.stop().catch(() => undefined);
      setState({ ...stoppedState(), status: 'error', error: message });
      return { ok: false, error: message };
    }
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
        try {
          await options.settingsStore.save(checked.settings);
        } catch (err) {
          return { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        const serverChanged = JSON.stringify(settingsToOptions(settings)) !== JSON.stringify(settingsToOptions(checked.settings));
        settings = checked.settings;
        settingsNotice = null;
        // Restart when a server option changed and the server was running, or was trying to (an error
        // the new settings may fix). App-only settings (start at login, start on launch) never restart it.
        const restart = (serverChanged && server?.running === true) || state.status === 'error';
        notify();
        if (!restart) return { ok: true };
        const stopped = await doStop();
        if (!stopped.ok) return stopped;
        return doStart();
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
        detachPeers?.();
        detachPeers = null;
        detachTapNow();
        watchers.clear();
      });
    },
  };
}
