/**
 * The traffic buffer of the dashboard: rows in arrival order, bounded like the core's ring buffer,
 * plus an incrementally maintained filtered view, so a batch costs O(batch) and not O(rows).
 *
 * Relayed messages: the received frame and the copy the server delivered are linked (`relay`,
 * `foldedInto`) so the view can show one row per message. Freezing (the Pause button) keeps a copy of
 * the rows held at that moment aside from the ring, so what the user paused to read cannot be pushed
 * out by newer rows; the live buffer keeps filling behind it.
 */
import type { ServerEvent } from '../../shared/events.js';
import { compileFilter, EMPTY_FILTER, isEmptyFilter, type TrafficFilter } from '../lib/filters.js';
import { haystackOf, toRow, type TrafficRow } from '../lib/rows.js';

/** Received frames waiting for their delivered copy; bounded (a copy follows its frame at once, or much later when queued). */
const MAX_UNMATCHED = 4096;

interface Frozen {
  rows: readonly TrafficRow[];
  view: readonly TrafficRow[];
  /** The last row number held when frozen. */
  atN: number;
  /** `missed` when frozen. */
  missedAt: number;
}

export class TrafficBuffer {
  private rows: TrafficRow[] = [];
  private nextN = 1;
  private filter: TrafficFilter = EMPTY_FILTER;
  private match: ((row: TrafficRow) => boolean) | null = null;
  private filtered: TrafficRow[] = [];
  private unmatched = new Map<string, TrafficRow[]>();
  private unmatchedCount = 0;
  private frozen: Frozen | null = null;
  /** Rows up to this `n` have their search text built (see `warmSearch`). */
  private warmedN = 0;
  /** Rows removed from the front since the start (to bound memory). */
  trimmed = 0;
  /** Events that happened but never reached the list (left out of batches during a burst). */
  missed = 0;
  version = 0;

  constructor(public limit: number) {}

  /** Every row held live (not the frozen copy), oldest first. */
  get all(): readonly TrafficRow[] {
    return this.rows;
  }

  /** Rows passing the current filter, oldest first: the frozen copy while frozen. */
  get view(): readonly TrafficRow[] {
    if (this.frozen) return this.frozen.view;
    return this.match ? this.filtered : this.rows;
  }

  /** Rows shown or searchable right now (the frozen copy while frozen), for lookups by `n`. */
  get shownSource(): readonly TrafficRow[] {
    return this.frozen ? this.frozen.rows : this.rows;
  }

  get lastN(): number {
    return this.nextN - 1;
  }

  get isFrozen(): boolean {
    return this.frozen !== null;
  }

  /** Events that arrived since `freeze()` (0 when not frozen). */
  get arrivedSinceFreeze(): number {
    return this.frozen ? this.lastN - this.frozen.atN + this.missed - this.frozen.missedAt : 0;
  }

  clear(): void {
    this.rows = [];
    this.filtered = [];
    this.unmatched.clear();
    this.unmatchedCount = 0;
    this.trimmed = 0;
    this.version++;
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.trim();
    this.version++;
  }

  setFilter(filter: TrafficFilter): void {
    this.filter = filter;
    this.match = isEmptyFilter(filter) ? null : compileFilter(filter);
    this.filtered = this.match ? this.rows.filter(this.match) : [];
    if (this.frozen) this.frozen = { ...this.frozen, view: this.match ? this.frozen.rows.filter(this.match) : this.frozen.rows };
    this.version++;
  }

  get currentFilter(): TrafficFilter {
    return this.filter;
  }

  /** Keeps exactly the rows held now aside; `view` shows them until `thaw()`. */
  freeze(): void {
    if (this.frozen) return;
    const rows = this.rows.slice();
    this.frozen = { rows, view: this.match ? this.filtered.slice() : rows, atN: this.lastN, missedAt: this.missed };
    this.version++;
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = null;
    this.version++;
  }

  /** Counts events that happened but were not streamed (they still count as "arrived since" a pause). */
  noteMissed(count: number): void {
    this.missed += count;
    if (this.frozen) this.version++;
  }

  append(events: readonly ServerEvent[]): void {
    if (events.length === 0) return;
    const match = this.match;
    for (const event of events) {
      const row = toRow(event, this.nextN++);
      this.link(row);
      this.rows.push(row);
      if (match && match(row)) this.filtered.push(row);
    }
    this.trim();
    this.version++;
  }

  /** True while some held row has no search text yet. */
  get needsWarming(): boolean {
    return this.warmedN < this.lastN && this.rows.length > 0;
  }

  /**
   * Builds the search text of held rows, oldest first, until `more()` says stop; returns true when all
   * are built. Run in idle time, so the first search over 10,000 rows does not build them all at once.
   */
  warmSearch(more: () => boolean): boolean {
    const first = this.rows[0]?.n ?? this.nextN;
    let i = Math.max(0, this.warmedN + 1 - first);
    while (i < this.rows.length) {
      const row = this.rows[i++] as TrafficRow;
      haystackOf(row);
      this.warmedN = row.n;
      if ((i & 63) === 0 && !more()) break;
    }
    return !this.needsWarming;
  }

  /** Pairs a delivered copy with the frame it relays (same sender, receiver and type, in order). */
  private link(row: TrafficRow): void {
    const e = row.event;
    if (e.kind === 'frame-in' && e.type !== null && e.dst !== null) {
      if (this.unmatchedCount >= MAX_UNMATCHED) {
        this.unmatched.clear();
        this.unmatchedCount = 0;
      }
      const key = `${e.peer}\u0000${e.dst}\u0000${e.type}`;
      const waiting = this.unmatched.get(key);
      if (waiting) waiting.push(row);
      else this.unmatched.set(key, [row]);
      this.unmatchedCount++;
    } else if (e.kind === 'frame-out' && e.src !== null && e.peer !== null) {
      const key = `${e.src}\u0000${e.peer}\u0000${e.type}`;
      const waiting = this.unmatched.get(key);
      const received = waiting?.shift();
      if (!waiting || !received) return;
      if (waiting.length === 0) this.unmatched.delete(key);
      this.unmatchedCount--;
      received.relay = row;
      row.foldedInto = received.n;
    }
  }

  private trim(): void {
    if (this.rows.length <= this.limit) return;
    const cut = this.rows.length - this.limit;
    const oldestKept = this.rows[cut]?.n ?? this.nextN;
    this.rows.splice(0, cut);
    this.trimmed += cut;
    if (this.match) {
      let i = 0;
      while (i < this.filtered.length && (this.filtered[i]?.n ?? Infinity) < oldestKept) i++;
      if (i > 0) this.filtered.splice(0, i);
    }
  }
}
