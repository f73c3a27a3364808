/**
 * The traffic buffer of the dashboard: rows in arrival order, bounded like the core's ring buffer,
 * plus an incrementally maintained filtered view, so a batch costs O(batch) and not O(rows).
 */
import type { ServerEvent } from '../../shared/events.js';
import { compileFilter, EMPTY_FILTER, isEmptyFilter, type TrafficFilter } from '../lib/filters.js';
import { toRow, type TrafficRow } from '../lib/rows.js';

export class TrafficBuffer {
  private rows: TrafficRow[] = [];
  private nextN = 1;
  private filter: TrafficFilter = EMPTY_FILTER;
  private match: ((row: TrafficRow) => boolean) | null = null;
  private filtered: TrafficRow[] = [];
  /** Rows removed from the front since the start (to bound memory). */
  trimmed = 0;
  version = 0;

  constructor(public limit: number) {}

  get all(): readonly TrafficRow[] {
    return this.rows;
  }

  /** Rows passing the current filter, oldest first. */
  get view(): readonly TrafficRow[] {
    return this.match ? this.filtered : this.rows;
  }

  get lastN(): number {
    return this.nextN - 1;
  }

  clear(): void {
    this.rows = [];
    this.filtered = [];
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
    this.version++;
  }

  get currentFilter(): TrafficFilter {
    return this.filter;
  }

  append(events: readonly ServerEvent[]): void {
    if (events.length === 0) return;
    const match = this.match;
    for (const event of events) {
      const row = toRow(event, this.nextN++);
      this.rows.push(row);
      if (match && match(row)) this.filtered.push(row);
    }
    this.trim();
    this.version++;
  }

  private trim(): void {
    // Trim in chunks (10 % slack) so the front splice happens rarely.
    const slack = Math.max(1, Math.floor(this.limit / 10));
    if (this.rows.length <= this.limit + slack) return;
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
