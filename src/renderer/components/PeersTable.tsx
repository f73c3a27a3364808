import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDuration } from '../lib/format.js';
import { healthOf } from '../lib/health.js';
import { matchesQuery, PROBLEMS_FIRST, sortRows, type PeerRow, type Sort } from '../lib/peer-sort.js';
import { useMeta, useNow, useStore, useVersion } from '../state/hooks.js';
import { ConfirmButton } from './ConfirmButton.js';
import { PEER_COLUMN_BY_ID, PEER_COLUMNS } from './peer-columns.js';

const ROW_H = 30;
const ACTIONS_W = '96px';
/** Below this table width the optional columns are left out. */
const NARROW_PX = 820;
const ALL_COLUMNS = PEER_COLUMNS;
const NARROW_COLUMNS = PEER_COLUMNS.filter((c) => !c.optional);
const templateOf = (columns: typeof PEER_COLUMNS) => `${columns.map((c) => c.width).join(' ')} ${ACTIONS_W}`;

interface Props {
  selectedPeer: string;
  onSelect: (id: string) => void;
  /** Opens the full-window Peers view (the overview card only). */
  onExpand?: () => void;
  /** The full-window Peers view. */
  full?: boolean;
}

/**
 * Connected peers and, greyed, those that left or were refused (with why and when), problems first.
 * Virtualised; one tab stop: arrow keys move inside, Enter shows the peer's traffic, Delete disconnects.
 */
export function PeersTable({ selectedPeer, onSelect, onExpand, full = false }: Props) {
  const store = useStore();
  const meta = useMeta();
  useVersion();
  const now = useNow(500);
  const [sort, setSort] = useState<Sort>(PROBLEMS_FIRST);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setNarrow(el.clientWidth < NARROW_PX));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const inCluster = meta.cluster !== null;
  const columns = useMemo(() => (narrow ? NARROW_COLUMNS : ALL_COLUMNS).filter((c) => !c.clusterOnly || inCluster), [narrow, inCluster]);
  const TEMPLATE = templateOf(columns);
  const aliveTimeout = meta.settings?.alive_timeout ?? 60_000;
  const live = meta.mode.kind === 'live' && !meta.readOnly;
  const problems = store.problems;

  const rows = useMemo(() => {
    const all: PeerRow[] = meta.peers.map((known) => {
      const interval = problems.intervalOf(known.id);
      const lastSeen = problems.lastSeenOf(known);
      const info = lastSeen === known.lastSeen ? known : { ...known, lastSeen };
      return { id: info.id, info, live: true, interval, health: healthOf(lastSeen, now, aliveTimeout, interval), problems: problems.countFor(info.id), gone: null };
    });
    const liveIds = new Set(meta.peers.map((p) => p.id));
    for (const d of problems.departed(now)) {
      if (liveIds.has(d.id)) continue;
      all.push({ id: d.id, info: d.info, live: false, interval: 0, health: 'ok', problems: problems.countFor(d.id), gone: { reason: d.reason, time: d.time, problem: d.problem } });
    }
    return sortRows(all.filter((r) => matchesQuery(r, query)), sort, PEER_COLUMN_BY_ID, now);
    // Not on every batch: when the peers list (once a second), the problems, the clock tick or the view change.
  }, [meta.peers, problems, problems.version, now, aliveTimeout, query, sort]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 8,
    scrollPaddingStart: ROW_H,
    getItemKey: (i) => rows[i]?.id ?? i,
  });

  const activeIndex = Math.min(active, rows.length - 1);
  const activeRow = activeIndex >= 0 ? rows[activeIndex] : undefined;

  const toggleSort = (key: string) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'problems' ? 'desc' : 'asc' }));

  const disconnect = async (id: string) => {
    setError(null);
    const result = await store.bridge.disconnectPeer(id);
    if (!result.ok) setError(`${id}: ${result.error}`);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 200) / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const delta = moves[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, (activeIndex < 0 ? 0 : activeIndex) + delta));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if ((e.key === 'Enter' || e.key === ' ') && activeRow) {
      e.preventDefault();
      onSelect(activeRow.id);
    } else if (e.key === 'Delete' && activeRow?.live && live) {
      e.preventDefault();
      void disconnect(activeRow.id);
    }
  };

  const departedCount = rows.filter((r) => !r.live).length;
  return (
    <section className={`card peers-card ${full ? 'peers-full' : ''}`} aria-labelledby={full ? 'peers-full-title' : 'peers-title'}>
      <div className="card-head">
        <h2 id={full ? 'peers-full-title' : 'peers-title'}>
          Peers <span className="count" data-testid={full ? 'peer-count-full' : 'peer-count'}>{meta.peers.length}</span>
          {departedCount > 0 && <span className="muted small"> + {departedCount} gone</span>}
        </h2>
        <span className="muted small nowrap">alive_timeout {formatDuration(aliveTimeout)}</span>
        <input type="search" className="input input-small" placeholder="Filter peers" aria-label="Filter peers by id or address" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setQuery('')} />
        <label className="field-inline">
          <span className="visually-hidden">Sort peers by</span>
          <select value={sort.key} onChange={(e) => toggleSort(e.target.value)} data-testid="peer-sort">
            <option value="problems">Problems first</option>
            {PEER_COLUMNS.map((c) => (
              <option key={c.id} value={c.id}>
                {c.header}
              </option>
            ))}
          </select>
        </label>
        {onExpand && (
          <button type="button" className="btn btn-small" onClick={onExpand} title="Show the peers in the whole window">
            Full view
          </button>
        )}
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div
        ref={scroller}
        className="peers-grid"
        role="grid"
        tabIndex={0}
        aria-label="Peers, problems first: arrow keys move, Enter shows the peer's traffic, Delete disconnects"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={activeRow ? `peer-row-${activeIndex}` : undefined}
        onKeyDown={onKey}
        data-testid="peers-table"
      >
        <div className="peers-row peers-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: TEMPLATE }}>
          {columns.map((c) => (
            <div key={c.id} role="columnheader" className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort" tabIndex={-1} title={c.title} onClick={() => toggleSort(c.id)}>
                {c.id === 'health' ? <span className="visually-hidden">Health</span> : c.header}
                <span aria-hidden="true" className="sort-mark">
                  {sort.key === c.id ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          ))}
          <div role="columnheader">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
        {rows.length === 0 && <div className="empty">{meta.peers.length === 0 ? 'No peer is connected.' : 'No peer matches the filter.'}</div>}
          <div className="peers-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = rows[item.index];
              if (!r) return null;
              const selected = r.id === selectedPeer;
              const peerAttr = r.live ? { 'data-peer': r.id } : { 'data-departed': r.id };
              return (
                <div
                  key={item.key}
                  id={`peer-row-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  {...peerAttr}
                  className={`peers-row ${selected ? 'selected' : ''} ${item.index === activeIndex ? 'active' : ''} ${r.live ? '' : 'departed'}`}
                  style={{ gridTemplateColumns: TEMPLATE, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    setActive(item.index);
                    onSelect(r.id);
                  }}
                >
                  {columns.map((c) => (
                    <div key={c.id} role="gridcell" className={c.numeric ? 'num' : undefined}>
                      {c.render(r, now)}
                    </div>
                  ))}
                  <div role="gridcell">
                    {r.live && (
                      <ConfirmButton
                        className="btn btn-small btn-danger"
                        tabIndex={-1}
                        disabled={!live}
                        ariaLabel={`Disconnect ${r.id}`}
                        confirm={`Disconnect ${r.id}? Its page stays offline until it reconnects.`}
                        confirmLabel="Disconnect"
                        onConfirm={() => void disconnect(r.id)}
                      >
                        Disconnect
                      </ConfirmButton>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
      </div>
    </section>
  );
}
