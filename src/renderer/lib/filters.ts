/** The traffic filter: by types, peer, direction, free text, heartbeats, problems and relay folding. Pure. */
import { haystackOf, type Direction, type TrafficRow } from './rows.js';

export interface TrafficFilter {
  /** Types to show; empty = all. */
  types: readonly string[];
  /** A peer id: rows whose src or dst is it. Empty = all. */
  peer: string;
  direction: Direction | 'all';
  /** Case-insensitive substring of type, ids and frame text. */
  text: string;
  /** Hide HEARTBEAT frames (PeerJS sends one every 5 s per peer: noise for most questions). */
  hideHeartbeats: boolean;
  /** Only rows where something went wrong (see `isProblem`). */
  problemsOnly: boolean;
  /** One row per relayed message: the delivered copy is folded into the received frame. */
  fold: boolean;
}

/** Shows everything, row by row. */
export const EMPTY_FILTER: TrafficFilter = { types: [], peer: '', direction: 'all', text: '', hideHeartbeats: false, problemsOnly: false, fold: false };

/** What the dashboard starts with: heartbeats hidden, relayed messages folded into one row. */
export const DEFAULT_FILTER: TrafficFilter = { ...EMPTY_FILTER, hideHeartbeats: true, fold: true };

export function isEmptyFilter(f: TrafficFilter): boolean {
  return f.types.length === 0 && f.peer === '' && f.direction === 'all' && f.text.trim() === '' && !f.hideHeartbeats && !f.problemsOnly && !f.fold;
}

/** True when the filter narrows more than the defaults do (the "Clear" button's state). */
export function isDefaultFilter(f: TrafficFilter): boolean {
  return f.types.length === 0 && f.peer === '' && f.direction === 'all' && f.text.trim() === '' && f.hideHeartbeats && !f.problemsOnly && f.fold;
}

/** Builds a predicate once per filter, so testing 100,000 rows stays cheap. */
export function compileFilter(f: TrafficFilter): (row: TrafficRow) => boolean {
  const types = f.types.length > 0 ? new Set(f.types) : null;
  const peer = f.peer.trim();
  const dir = f.direction;
  const text = f.text.trim().toLowerCase();
  // Folding hides delivered copies, unless the user asked for outgoing frames only.
  const fold = f.fold && dir !== 'out';
  const { hideHeartbeats, problemsOnly } = f;
  return (row) => {
    if (fold && row.foldedInto !== 0) return false;
    if (dir !== 'all' && row.dir !== dir) return false;
    if (hideHeartbeats && row.type === 'HEARTBEAT') return false;
    if (problemsOnly && !row.problem) return false;
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
