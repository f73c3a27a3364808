import { MESSAGE_TYPES } from '../../shared/events.js';
import { EMPTY_FILTER, isEmptyFilter, type TrafficFilter } from '../lib/filters.js';
import { formatBytes, formatCount } from '../lib/format.js';

const SYSTEM_TYPES = ['connected', 'closed', 'refused', 'queued', 'expired', 'dropped', 'protocol-error', 'started', 'stopped'];
/** The type filter's choices: the wire protocol's messages, then the server's own events. */
const TYPE_GROUPS: [string, readonly string[]][] = [
  ['PeerJS messages', MESSAGE_TYPES],
  ['Server events', SYSTEM_TYPES],
];

interface Props {
  filter: TrafficFilter;
  onFilter: (f: TrafficFilter) => void;
  peers: string[];
  paused: boolean;
  arrived: number;
  onPause: () => void;
  shown: number;
  held: number;
  limit: number;
  historyBytes: number | null;
}

export function TrafficFilters(p: Props) {
  const f = p.filter;
  const set = (patch: Partial<TrafficFilter>) => p.onFilter({ ...f, ...patch });
  return (
    <div className="filters" role="search" aria-label="Traffic filters">
      <label className="field-inline">
        <span>Type</span>
        <select value={f.types[0] ?? ''} onChange={(e) => set({ types: e.target.value ? [e.target.value] : [] })} data-testid="filter-type">
          <option value="">All types</option>
          {TYPE_GROUPS.map(([label, types]) => (
            <optgroup key={label} label={label}>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>Direction</span>
        <select value={f.direction} onChange={(e) => set({ direction: e.target.value as TrafficFilter['direction'] })} data-testid="filter-direction">
          <option value="all">All</option>
          <option value="in">In (from peers)</option>
          <option value="out">Out (to peers)</option>
          <option value="sys">Server events</option>
        </select>
      </label>
      <label className="field-inline">
        <span>Peer</span>
        <input className="input input-small" list="peer-ids" value={f.peer} placeholder="any" onChange={(e) => set({ peer: e.target.value })} data-testid="filter-peer" />
        <datalist id="peer-ids">
          {p.peers.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </label>
      <label className="field-inline grow">
        <span>Search</span>
        <input type="search" className="input input-small" value={f.text} placeholder="text in frames, ids, types" onChange={(e) => set({ text: e.target.value })} data-testid="filter-text" />
      </label>
      <button type="button" className="btn btn-small" disabled={isEmptyFilter(f)} onClick={() => p.onFilter(EMPTY_FILTER)}>
        Clear
      </button>
      <button type="button" className={`btn btn-small ${p.paused ? 'btn-warn' : ''}`} aria-pressed={p.paused} onClick={p.onPause} data-testid="pause">
        {p.paused ? `Resume (${formatCount(p.arrived)} new)` : 'Pause'}
      </button>
      <span className="muted small buffer-info" data-testid="row-count" title="The list holds what the server's ring buffer holds">
        {formatCount(p.shown)} shown · {formatCount(p.held)} held · buffer {formatCount(p.limit)} events
        {p.historyBytes !== null ? ` / ${formatBytes(p.historyBytes)}` : ''}
      </span>
    </div>
  );
}
