/** The traffic filter: by type, peer, direction and free text. Pure. */
import { haystackOf, type Direction, type TrafficRow } from './rows.js';

export interface TrafficFilter {
  /** Types to show; empty = all. */
  types: readonly string[];
  /** A peer id: rows whose src or dst is it. Empty = all. */
  peer: string;
  direction: Direction | 'all';
  /** Case-insensitive substring of type, ids and frame text. */
  text: string;
}

export const EMPTY_FILTER: TrafficFilter = { types: [], peer: '', direction: 'all', text: '' };

export function isEmptyFilter(f: TrafficFilter): boolean {
  return f.types.length === 0 && f.peer === '' && f.direction === 'all' && f.text.trim() === '';
}

/** Builds a predicate once per filter, so testing 100,000 rows stays cheap. */
export function compileFilter(f: TrafficFilter): (row: TrafficRow) => boolean {
  const types = f.types.length > 0 ? new Set(f.types) : null;
  const peer = f.peer.trim();
  const dir = f.direction;
  const text = f.text.trim().toLowerCase();
  return (row) => {
    if (dir !== 'all' && row.dir !== dir) return false;
    if (types && !types.has(row.type)) return false;
    if (peer && row.src !== peer && row.dst !== peer) return false;
    if (text && !haystackOf(row).includes(text)) return false;
    return true;
  };
}

export function filterRows(rows: readonly TrafficRow[], f: TrafficFilter): TrafficRow[] {
  if (isEmptyFilter(f)) return rows.slice();
  const match = compileFilter(f);
  return rows.filter(match);
}
