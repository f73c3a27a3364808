/**
 * The dashboard's state: what the bridge last said (server state, settings, peers, stats) and the
 * traffic buffer, or an imported session shown offline. Components read it with `useSyncExternalStore`.
 */
import type { Bridge, ControlSnapshot, EventBatch, HistoryLimits, ServerState } from '../../shared/control.js';
import type { PeerInfo, ServerEvent, ServerStats } from '../../shared/events.js';
import type { Settings } from '../../shared/settings.js';
import type { TrafficFilter } from '../lib/filters.js';
import type { SessionData } from '../lib/session-file.js';
import { SeriesRecorder } from './series.js';
import { TrafficBuffer } from './traffic.js';

export type LinkState = 'connecting' | 'open' | 'lost';

export type ViewMode = { kind: 'live' } | { kind: 'imported'; name: string; exportedAt: number };

export interface Meta {
  link: LinkState;
  linkError: string | null;
  mode: ViewMode;
  state: ServerState | null;
  settings: Settings | null;
  settingsNotice: string | null;
  peers: PeerInfo[];
  stats: ServerStats | null;
  history: HistoryLimits | null;
  readOnly: boolean;
  /** This computer's addresses (for the bind-address check), when the server said. */
  localAddresses?: string[];
  /** Events the controller left out of batches (the UI fell behind a burst). */
  droppedEvents: number;
}

const DEFAULT_LIMIT = 10_000;
const RESYNC_DELAY_MS = 400;

const INITIAL: Meta = {
  link: 'connecting',
  linkError: null,
  mode: { kind: 'live' },
  state: null,
  settings: null,
  settingsNotice: null,
  peers: [],
  stats: null,
  history: null,
  readOnly: false,
  droppedEvents: 0,
};

export class DashboardStore {
  private meta: Meta = INITIAL;
  private listeners = new Set<() => void>();
  readonly traffic = new TrafficBuffer(DEFAULT_LIMIT);
  readonly series = new SeriesRecorder();
  private live: Meta = INITIAL;
  private unsubscribe: (() => void) | null = null;
  private pending: EventBatch[] | null = null;
  /** Batches dropped events (a burst): once it calms down, refill the list from the core's ring buffer. */
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncing = false;
  /** Set by the traffic view: no refill while the user has the list paused. */
  paused = false;

  constructor(readonly bridge: Bridge) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getMeta = (): Meta => this.meta;
  getTrafficVersion = (): number => this.traffic.version;
  getSeriesVersion = (): number => this.series.version;

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private update(patch: Partial<Meta>): void {
    this.meta = { ...this.meta, ...patch };
    if (this.meta.mode.kind === 'live') this.live = this.meta;
    this.emit();
  }

  /** Loads the snapshot and recent events, then follows the batch stream. */
  async connect(): Promise<void> {
    this.unsubscribe?.();
    this.pending = [];
    this.unsubscribe = this.bridge.subscribe((batch) => this.onBatch(batch));
    try {
      const [snapshot, recent] = await Promise.all([this.bridge.getSnapshot(), this.bridge.getRecentEvents()]);
      if (this.meta.mode.kind !== 'live') {
        this.live = this.applySnapshot(this.live, snapshot);
        this.pending = null;
        return;
      }
      this.traffic.clear();
      this.traffic.setLimit(snapshot.history.maxEvents || DEFAULT_LIMIT);
      this.traffic.append(recent);
      const lastSeq = recent.at(-1)?.seq ?? 0;
      const queued = this.pending ?? [];
      this.pending = null;
      this.update({ ...this.applySnapshot(this.meta, snapshot), link: 'open', linkError: null });
      for (const batch of queued) this.onBatch({ ...batch, events: batch.events.filter((e) => e.seq > lastSeq || e.kind === 'server-started') });
    } catch (err) {
      this.pending = null;
      this.update({ link: 'lost', linkError: err instanceof Error ? err.message : String(err) });
    }
  }

  setLink(link: LinkState, error: string | null = null): void {
    this.update({ link, linkError: error });
  }

  private applySnapshot(meta: Meta, s: ControlSnapshot): Meta {
    return {
      ...meta,
      state: s.state,
      settings: s.settings,
      settingsNotice: s.settingsNotice,
      peers: s.peers,
      stats: s.stats,
      history: s.history,
      readOnly: s.readOnly,
      localAddresses: s.localAddresses,
    };
  }

  async refreshSnapshot(): Promise<void> {
    const snapshot = await this.bridge.getSnapshot();
    if (this.meta.mode.kind === 'live') this.update(this.applySnapshot(this.meta, snapshot));
    else this.live = this.applySnapshot(this.live, snapshot);
  }

  private onBatch(batch: EventBatch): void {
    if (this.pending) {
      this.pending.push(batch);
      return;
    }
    const patch: Partial<Meta> = { stats: batch.stats };
    if (batch.state) patch.state = batch.state;
    if (batch.peers) patch.peers = batch.peers;
    if (batch.dropped > 0) patch.droppedEvents = this.live.droppedEvents + batch.dropped;
    if (this.meta.mode.kind !== 'live') {
      // Offline view: keep following the live server quietly, show nothing of it.
      this.live = { ...this.live, ...patch };
      return;
    }
    if (batch.events.length > 0) this.traffic.append(batch.events);
    this.series.record(batch.stats, Date.now());
    this.update(patch);
    if (batch.dropped > 0) this.scheduleResync();
  }

  /** Refills 400 ms after the last batch that dropped events (the burst is over), unless paused. */
  private scheduleResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (this.paused || this.resyncing || this.pending) this.scheduleResync();
      else void this.resync();
    }, RESYNC_DELAY_MS);
  }

  /** Replaces the list with the core's ring buffer (after a burst left gaps), keeping later batches. */
  private async resync(): Promise<void> {
    this.resyncing = true;
    this.pending = [];
    try {
      const recent = await this.bridge.getRecentEvents();
      const queued = this.pending ?? [];
      this.pending = null;
      if (this.meta.mode.kind !== 'live') return;
      this.traffic.clear();
      this.traffic.append(recent);
      const lastSeq = recent.at(-1)?.seq ?? 0;
      this.update({ droppedEvents: 0 });
      for (const batch of queued) this.onBatch({ ...batch, events: batch.events.filter((e) => e.seq > lastSeq || e.kind === 'server-started') });
    } catch {
      const queued = this.pending ?? [];
      this.pending = null;
      for (const batch of queued) this.onBatch(batch);
    } finally {
      this.resyncing = false;
    }
  }

  /** Shows an imported session in every view until `backToLive`. */
  showImported(name: string, data: SessionData): void {
    this.traffic.clear();
    this.traffic.setLimit(Math.max(data.events.length, 1));
    this.traffic.append(data.events);
    this.series.reset();
    this.meta = {
      ...this.meta,
      mode: { kind: 'imported', name, exportedAt: data.exportedAt },
      peers: data.peers,
      settings: data.settings ?? this.meta.settings,
      history: data.history,
      readOnly: true,
    };
    this.emit();
  }

  async backToLive(): Promise<void> {
    this.meta = { ...this.live, mode: { kind: 'live' } };
    this.series.reset();
    this.emit();
    await this.connect();
  }

  /** Applies a traffic filter and re-renders the views that read the buffer. */
  setTrafficFilter(filter: TrafficFilter): void {
    if (this.traffic.currentFilter === filter) return;
    this.traffic.setFilter(filter);
    this.emit();
  }

  /** Events currently shown (for export), oldest first. */
  eventsShown(): ServerEvent[] {
    return this.traffic.all.map((r) => r.event);
  }

  close(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
