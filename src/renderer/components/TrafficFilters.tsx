import { useMemo, type KeyboardEvent } from 'react';
import { MESSAGE_TYPES } from '../../shared/events.js';
import { DEFAULT_FILTER, isDefaultFilter, type TrafficFilter } from '../lib/filters.js';
import { formatBytes, formatCount } from '../lib/format.js';
import { useMeta, useStore } from '../state/hooks.js';

const SYSTEM_TYPES = ['connected', 'closed', 'refused', 'queued', 'expired', 'dropped', 'protocol-error', 'started', 'stopped'];
/** The type filter's choices: the wire protocol's messages, then the server's own events. */
const TYPE_GROUPS: [string, readonly string[]][] = [
  ['PeerJS messages', MESSAGE_TYPES],
  ['Server events', SYSTEM_TYPES],
];

interface Props {
  peers: string[];
  shown: number;
  held: number;
  arrived: number;
  limit: number;
  historyBytes: number | null;
  dropped: number;
}

function typesLabel(types: readonly string[]): string {
  if (types.length === 0) return 'All types';
  if (types.length <= 2) return types.join(', ');
  return `${types.length} types`;
}

/** The traffic toolbar: filters (all owned by the store), pause, and what the list holds. */
export function TrafficFilters(p: Props) {
  const store = useStore();
  const { filter: f, paused } = useMeta();
  // 500 peers: the suggestions are rebuilt when the peers change, not on every batch.
  const suggestions = useMemo(
    () => (
      <datalist id="peer-ids">
        {p.peers.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
    ),
    [p.peers],
  );
  const set = (patch: Partial<TrafficFilter>) => store.setFilter(patch);
  const toggleType = (type: string, on: boolean) => set({ types: on ? [...f.types, type] : f.types.filter((t) => t !== type) });

  /** Escape clears the filter that has the focus (and only that one). */
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    const field = (e.target as HTMLElement).closest('[data-field]')?.getAttribute('data-field') as keyof TrafficFilter | null;
    if (!field) return;
    e.preventDefault();
    set({ [field]: DEFAULT_FILTER[field] } as Partial<TrafficFilter>);
    const details = (e.target as HTMLElement).closest('details');
    if (details) {
      details.open = false;
      details.querySelector('summary')?.focus();
    }
  };

  const checkType = (t: string) => (
    <label key={t} className="check">
      <input type="checkbox" checked={f.types.includes(t)} onChange={(e) => toggleType(t, e.target.checked)} data-testid={`type-${t}`} />
      {t}
    </label>
  );

  return (
    <div className="filters" role="search" aria-label="Traffic filters" onKeyDown={onKey}>
      <details className="type-picker" data-field="types">
        <summary className="btn btn-small" data-testid="filter-type" aria-label={`Types: ${typesLabel(f.types)}`}>
          {typesLabel(f.types)}
        </summary>
        <div className="type-menu">
          {TYPE_GROUPS.map(([label, types]) => (
            <fieldset key={label}>
              <legend>{label}</legend>
              {types.map(checkType)}
            </fieldset>
          ))}
          <button type="button" className="btn btn-small" disabled={f.types.length === 0} onClick={() => set({ types: [] })}>
            All types
          </button>
        </div>
      </details>
      <label className="field-inline" data-field="direction">
        <span>Direction</span>
        <select value={f.direction} onChange={(e) => set({ direction: e.target.value as TrafficFilter['direction'] })} data-testid="filter-direction">
          <option value="all">All</option>
          <option value="in">In (from peers)</option>
          <option value="out">Out (to peers)</option>
          <option value="sys">Server events</option>
        </select>
      </label>
      <label className="field-inline" data-field="peer">
        <span>Peer</span>
        <input className="input input-small" list="peer-ids" value={f.peer} placeholder="any" onChange={(e) => set({ peer: e.target.value })} data-testid="filter-peer" />
        {suggestions}
      </label>
      <label className="field-inline grow" data-field="text">
        <span>Search</span>
        <input type="search" className="input input-small" value={f.text} placeholder="text in frames, ids, types" onChange={(e) => set({ text: e.target.value })} data-testid="filter-text" />
      </label>
      <label className="check" data-field="hideHeartbeats">
        <input type="checkbox" checked={f.hideHeartbeats} onChange={(e) => set({ hideHeartbeats: e.target.checked })} data-testid="hide-heartbeats" />
        Hide heartbeats
      </label>
      <label className="check" data-field="problemsOnly">
        <input type="checkbox" checked={f.problemsOnly} onChange={(e) => set({ problemsOnly: e.target.checked })} data-testid="problems-only" />
        Problems only
      </label>
      <label className="check" data-field="fold" title="Show a relayed message once (received and delivered in one row); the inspector shows both">
        <input type="checkbox" checked={f.fold} onChange={(e) => set({ fold: e.target.checked })} data-testid="fold-relays" />
        One row per relay
      </label>
      <button type="button" className="btn btn-small" disabled={isDefaultFilter(f)} onClick={() => store.resetFilter()}>
        Clear
      </button>
      <button type="button" className={`btn btn-small pause ${paused ? 'btn-warn' : ''}`} aria-pressed={paused} onClick={() => store.togglePause()} data-testid="pause">
        {paused ? 'Resume' : 'Pause'}
      </button>
      <span className="muted small buffer-info" data-testid="row-count" title="The list holds what the server's ring buffer holds; paused, it keeps what it showed aside">
        {paused
          ? `Paused: ${formatCount(p.shown)} shown, kept aside · ${formatCount(p.arrived)} arrived since`
          : `${formatCount(p.shown)} shown · ${formatCount(p.held)} held · buffer ${formatCount(p.limit)} events${p.historyBytes !== null ? ` / ${formatBytes(p.historyBytes)}` : ''}`}
      </span>
      <span className="small buffer-dropped" data-testid="dropped-note" title="Events that came too fast to stream during a burst; the list refills from the server's buffer once it calms down (the counters include them)">
        {p.dropped > 0 ? `${formatCount(p.dropped)} too fast to stream; refilling after the burst` : ''}
      </span>
    </div>
  );
}
