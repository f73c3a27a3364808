/**
 * The live link to the server through a Bridge: loads the snapshot and recent events, then follows the
 * batch stream. When batches dropped events (a burst), it refills from the core's ring buffer once the
 * burst calms down, unless the sink says it must not (the list is paused). Every event reaches the sink
 * once: the ring buffer is ahead of the stream, so a batch after a load or a refill may carry events the
 * sink already has (they are left out by sequence number). Knows nothing of views.
 */
import type { Bridge, ControlSnapshot, EventBatch } from '../../shared/control.js';
import type { ServerEvent } from '../../shared/events.js';

export interface FeedSink {
  /** A fresh start: the snapshot and the ring buffer's events. */
  open(snapshot: ControlSnapshot, recent: ServerEvent[]): void;
  batch(batch: EventBatch): void;
  /** The ring buffer's events after a burst left gaps (replace the list). */
  refill(recent: ServerEvent[]): void;
  lost(error: string): void;
  /** False while the user holds the list (no refill then). */
  canRefill(): boolean;
}

export const RESYNC_DELAY_MS = 400;

export class LiveFeed {
  private unsubscribe: (() => void) | null = null;
  private pending: EventBatch[] | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncing = false;
  /** Sequence number of the newest event the sink has (a new server run starts again at its server-started). */
  private lastSeq = 0;

  constructor(
    readonly bridge: Bridge,
    private readonly sink: FeedSink,
  ) {}

  async connect(): Promise<void> {
    this.unsubscribe?.();
    this.pending = [];
    this.unsubscribe = this.bridge.subscribe((batch) => this.onBatch(batch));
    try {
      const [snapshot, recent] = await Promise.all([this.bridge.getSnapshot(), this.bridge.getRecentEvents()]);
      const queued = this.pending ?? [];
      this.pending = null;
      this.sink.open(snapshot, recent);
      this.lastSeq = recent.at(-1)?.seq ?? 0;
      for (const batch of queued) this.onBatch(batch);
    } catch (err) {
      this.pending = null;
      this.sink.lost(err instanceof Error ? err.message : String(err));
    }
  }

  /** The batch's events the sink does not have yet. */
  private fresh(events: EventBatch['events']): EventBatch['events'] {
    let seq = this.lastSeq;
    const out = events.filter((e) => {
      if (e.kind !== 'server-started' && e.seq <= seq) return false;
      seq = e.seq;
      return true;
    });
    this.lastSeq = seq;
    return out;
  }

  private onBatch(batch: EventBatch): void {
    if (this.pending) {
      this.pending.push(batch);
      return;
    }
    const events = this.fresh(batch.events);
    this.sink.batch(events.length === batch.events.length ? batch : { ...batch, events });
    if (batch.dropped > 0) this.scheduleResync();
  }

  private scheduleResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (!this.sink.canRefill() || this.resyncing || this.pending) this.scheduleResync();
      else void this.resync();
    }, RESYNC_DELAY_MS);
  }

  private async resync(): Promise<void> {
    this.resyncing = true;
    this.pending = [];
    try {
      const recent = await this.bridge.getRecentEvents();
      const queued = this.pending ?? [];
      this.pending = null;
      this.sink.refill(recent);
      this.lastSeq = recent.at(-1)?.seq ?? 0;
      for (const batch of queued) this.onBatch(batch);
    } catch {
      const queued = this.pending ?? [];
      this.pending = null;
      for (const batch of queued) this.onBatch(batch);
    } finally {
      this.resyncing = false;
    }
  }

  close(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
