/**
 * The dashboard's state: what the live link last said (server state, settings, peers, stats), the
 * traffic buffer, the problem log, and the view state the user controls (traffic filter, pause) — or an
 * imported session shown offline. Components read it with `useSyncExternalStore` and change it only
 * through the methods here, never by writing fields.
 */
import type { ClusterView } from '../../shared/cluster.js';
import type { Bridge, ControlSnapshot, EventBatch, HistoryLimits, ServerState } from '../../shared/control.js';
import type { PeerInfo, ServerEvent, ServerStats } from '../../shared/events.js';
import type { Settings } from '../../shared/settings.js';
import { DEFAULT_FILTER, type TrafficFilter } from '../lib/filters.js';
import type { SessionData } from '../lib/session-file.js';
import { LiveFeed, type FeedSink } from './live-feed.js';
import { ProblemLog } from './problems.js';
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
  /** The Cluster view while the server runs with a Redis; null otherwise (and for imported sessions). */
  cluster: ClusterView | null;
  /** Events the controller left out of batches (the UI fell behind a burst). */
  droppedEvents: number;
  /** The traffic filter (owned here; see `setFilter`). */
  filter: TrafficFilter;
  /** The traffic list is frozen on what it showed when paused. */
  paused: boolean;
}

const DEFAULT_LIMIT = 10_000;
/**
 * Live batches are shown at most once per animation frame: however many arrive (several can queue up
 * behind a long task during a burst), React commits once. This bounds the wait when no frame comes
 * (a hidden window, a test without a browser).
 */
const FRAME_FALLBACK_MS = 100;
/** Longest slice of idle time spent building search text (a message arriving meanwhile waits for it). */
const WARM_SLICE_MS = 8;
/** How long the stream must be quiet before search text is built. */
const WARM_QUIET_MS = 300;

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
  cluster: null,
  droppedEvents: 0,
  filter: DEFAULT_FILTER,
  paused: false,
};

/** The fields that describe the server (live or imported), as opposed to the user's view state. */
type ServerView = Omit<Meta, 'filter' | 'paused'>;

export class DashboardStore {
  private meta: Meta = INITIAL;
  private listeners = new Set<() => void>();
  readonly traffic = new TrafficBuffer(DEFAULT_LIMIT);
  readonly series = new SeriesRecorder();
  private readonly liveProblems = new ProblemLog();
  private importedProblems: ProblemLog | null = null;
  /** The live server's view, kept current while an imported session is shown. */
  private live: ServerView = INITIAL;
  private readonly feed: LiveFeed;
  private version = 0;
  /** A frame emit is pending (`updateAtFrame`); an emit before it makes it moot. */
  private frameScheduled = false;
  private frameToken = 0;
  /** Building the rows' search text in idle time is scheduled. */
  private warming = false;
  /** When rows last arrived (ms since the epoch). */
  private rowsAt = 0;

  constructor(readonly bridge: Bridge) {
    const sink: FeedSink = {
      open: (snapshot, recent) => this.onOpen(snapshot, recent),
      batch: (batch) => this.onBatch(batch),
      refill: (recent) => this.onRefill(recent),
      lost: (error) => this.setLink('lost', error),
      canRefill: () => !this.traffic.isFrozen,
    };
    this.feed = new LiveFeed(bridge, sink);
    this.traffic.setFilter(DEFAULT_FILTER);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getMeta = (): Meta => this.meta;
  getTrafficVersion = (): number => this.traffic.version;
  getSeriesVersion = (): number => this.series.version;
  /** Changes on every update (problems, departed peers, health cadence included). */
  getVersion = (): number => this.version;

  /** Problems and departed peers of what is shown (the live server or the imported session). */
  get problems(): ProblemLog {
    return this.importedProblems ?? this.liveProblems;
  }

  private get isLive(): boolean {
    return this.meta.mode.kind === 'live';
  }

  private emit(): void {
    this.version++;
    this.frameScheduled = false;
    for (const l of this.listeners) l();
  }

  private update(patch: Partial<Meta>): void {
    this.meta = { ...this.meta, ...patch };
    if (this.isLive) this.live = this.meta;
    this.emit();
  }

  /** Like `update`, but tells the views at the next animation frame (one render for all batches of a frame). */
  private updateAtFrame(patch: Partial<Meta>): void {
    this.meta = { ...this.meta, ...patch };
    if (this.isLive) this.live = this.meta;
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const token = ++this.frameToken;
    const fire = () => {
      clearTimeout(timer);
      // An emit since (a user action) already showed this state, or a newer frame emit is pending.
      if (this.frameScheduled && token === this.frameToken) this.emit();
    };
    const timer = setTimeout(fire, FRAME_FALLBACK_MS);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fire);
  }

  /**
   * Builds the search text of new rows once the stream has been quiet for a moment, in short slices of
   * idle time, so the first search over a full buffer filters instead of building 10,000 strings in the
   * keystroke's frame. Not during a burst: rows would mostly be pushed out before anyone searches.
   */
  private warmSearchLater(): void {
    this.rowsAt = Date.now();
    if (this.warming || typeof requestIdleCallback !== 'function' || !this.traffic.needsWarming) return;
    this.warming = true;
    const later = (): void => {
      setTimeout(() => requestIdleCallback(slice), WARM_QUIET_MS);
    };
    const slice = (deadline: IdleDeadline): void => {
      if (Date.now() - this.rowsAt < WARM_QUIET_MS) {
        later();
        return;
      }
      const until = performance.now() + Math.min(WARM_SLICE_MS, deadline.timeRemaining());
      if (this.traffic.warmSearch(() => performance.now() < until)) this.warming = false;
      else requestIdleCallback(slice);
    };
    later();
  }

  /** Loads the snapshot and recent events, then follows the batch stream. */
  connect(): Promise<void> {
    return this.feed.connect();
  }

  setLink(link: LinkState, error: string | null = null): void {
    this.update({ link, linkError: error });
  }

  private applySnapshot<T extends ServerView>(view: T, s: ControlSnapshot): T {
    return {
      ...view,
      state: s.state,
      settings: s.settings,
      settingsNotice: s.settingsNotice,
      peers: s.peers,
      stats: s.stats,
      history: s.history,
      readOnly: s.readOnly,
      localAddresses: s.localAddresses,
      cluster: s.cluster ?? null,
    };
  }

  async refreshSnapshot(): Promise<void> {
    const snapshot = await this.bridge.getSnapshot();
    if (this.isLive) this.update(this.applySnapshot(this.meta, snapshot));
    else this.live = this.applySnapshot(this.live, snapshot);
  }

  private known = (id: string): PeerInfo | undefined => this.live.peers.find((p) => p.id === id);

  private onOpen(snapshot: ControlSnapshot, recent: ServerEvent[]): void {
    this.liveProblems.add(recent, this.known);
    if (!this.isLive) {
      this.live = this.applySnapshot(this.live, snapshot);
      return;
    }
    this.traffic.clear();
    this.traffic.setLimit(snapshot.history.maxEvents || DEFAULT_LIMIT);
    this.traffic.append(recent);
    this.warmSearchLater();
    this.update({ ...this.applySnapshot(this.meta, snapshot), link: 'open', linkError: null });
  }

  private onBatch(batch: EventBatch): void {
    const patch: Partial<Meta> = { stats: batch.stats };
    if (batch.state) patch.state = batch.state;
    if (batch.dropped > 0) patch.droppedEvents = this.live.droppedEvents + batch.dropped;
    // Problems first: a closing peer's last row is still in `live.peers`.
    this.liveProblems.add(batch.events, this.known);
    if (batch.peers) patch.peers = batch.peers;
    if (batch.cluster !== undefined) patch.cluster = batch.cluster;
    if (!this.isLive) {
      // Offline view: keep following the live server quietly, show nothing of it.
      this.live = { ...this.live, ...patch };
      return;
    }
    if (batch.events.length > 0) {
      this.traffic.append(batch.events);
      this.warmSearchLater();
    }
    if (batch.dropped > 0) this.traffic.noteMissed(batch.dropped);
    this.series.record(batch.stats, Date.now());
    this.updateAtFrame(patch);
  }

  private onRefill(recent: ServerEvent[]): void {
    if (!this.isLive) return;
    this.traffic.clear();
    this.traffic.append(recent);
    this.warmSearchLater();
    this.update({ droppedEvents: 0 });
  }

  // --- the user's view state --------------------------------------------------------------------

  /** Changes part of the traffic filter. */
  setFilter(patch: Partial<TrafficFilter>): void {
    const filter = { ...this.meta.filter, ...patch };
    this.traffic.setFilter(filter);
    this.update({ filter });
  }

  /** Back to the default filter (heartbeats hidden, relays folded). */
  resetFilter(): void {
    this.traffic.setFilter(DEFAULT_FILTER);
    this.update({ filter: DEFAULT_FILTER });
  }

  /** Freezes the traffic list on exactly what it shows; newer events keep arriving behind it. */
  pause(): void {
    this.traffic.freeze();
    this.update({ paused: true });
  }

  resume(): void {
    this.traffic.thaw();
    this.update({ paused: false });
  }

  togglePause(): void {
    if (this.meta.paused) this.resume();
    else this.pause();
  }

  /** Forgets the problems (and departed peers) shown: the user's decision only. */
  clearProblems(): void {
    this.problems.clear();
    this.emit();
  }

  /** How long departed peers stay listed. */
  setDepartedRetention(ms: number): void {
    this.liveProblems.retentionMs = ms;
    if (this.importedProblems) this.importedProblems.retentionMs = ms;
    this.emit();
  }

  // --- imported sessions ------------------------------------------------------------------------

  /** Shows an imported session in every view until `backToLive`. */
  showImported(name: string, data: SessionData): void {
    this.traffic.thaw();
    this.traffic.clear();
    this.traffic.setLimit(Math.max(data.events.length, 1));
    this.traffic.append(data.events);
    this.series.reset();
    const problems = new ProblemLog();
    problems.retentionMs = Number.POSITIVE_INFINITY;
    problems.add(data.events, (id) => data.peers.find((p) => p.id === id));
    this.importedProblems = problems;
    this.meta = {
      ...this.meta,
      mode: { kind: 'imported', name, exportedAt: data.exportedAt },
      peers: data.peers,
      settings: data.settings ?? this.meta.settings,
      history: data.history,
      readOnly: true,
      cluster: null,
      droppedEvents: 0,
      paused: false,
    };
    this.emit();
  }

  async backToLive(): Promise<void> {
    this.importedProblems = null;
    this.meta = { ...this.live, filter: this.meta.filter, paused: false, mode: { kind: 'live' } };
    this.series.reset();
    this.emit();
    await this.connect();
  }

  /** Events currently held (for export), oldest first. */
  eventsShown(): ServerEvent[] {
    return this.traffic.shownSource.map((r) => r.event);
  }

  close(): void {
    this.feed.close();
  }
}
