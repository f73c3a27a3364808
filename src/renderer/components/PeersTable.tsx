import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { formatDuration } from '../lib/format.js';
import { healthOf } from '../lib/health.js';
import { movedIndex, pageRows } from '../lib/list-keys.js';
import { bySlot, useRowSlots } from '../lib/row-slots.js';
import { matchesQuery, PROBLEMS_FIRST, sortRows, type PeerRow, type Sort } from '../lib/peer-sort.js';
import { useNow, useSelect, useStore } from '../state/hooks.js';
import { ConfirmQuestion, placeFor } from './ConfirmButton.js';
import { InlineSelect } from './InlineSelect.js';
import { PEER_COLUMN_BY_ID, PEER_COLUMNS, type PeerColumn } from './peer-columns.js';

const ROW_H = 30;
const ACTIONS_W = '96px';
/** Below this table width the optional columns are left out. */
const NARROW_PX = 820;
const ALL_COLUMNS = PEER_COLUMNS;
const NARROW_COLUMNS = PEER_COLUMNS.filter((c) => !c.optional);
const SORT_CHOICES = [{ value: 'problems', label: 'Problems first' }, ...PEER_COLUMNS.map((c) => ({ value: c.id, label: c.header }))];
const templateOf = (columns: typeof PEER_COLUMNS) => `${columns.map((c) => c.width).join(' ')} ${ACTIONS_W}`;
/**
 * How often the time-derived cells (last seen, since, health) refresh: the visible rows re-render once
 * per tick, never on a batch or a scroll.
 */
const CLOCK_MS = 1000;

/** Same own fields, compared with `Object.is` (`nested` ones one level deeper). */
function sameFields<T extends object>(a: T, b: T, nested: readonly string[] = []): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof T & string)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (Object.is(x, y)) continue;
    if (!nested.includes(k) || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || !sameFields(x, y)) return false;
  }
  return true;
}

/**
 * Same content (every field, whatever fields a row gains): the previous row object is kept, so its
 * memoised row view does not render again.
 */
function sameRow(a: PeerRow, b: PeerRow): boolean {
  return sameFields(a, b, ['info', 'gone']);
}

interface RowViewProps {
  row: PeerRow;
  index: number;
  /** Offset in the list (px). */
  start: number;
  columns: readonly PeerColumn[];
  template: string;
  selected: boolean;
  active: boolean;
  /** The coarse clock the time cells are drawn at. */
  now: number;
  canDisconnect: boolean;
  /** This row's Disconnect question is open. */
  asking: boolean;
  onRowClick: (index: number, id: string) => void;
  onAskDisconnect: (id: string, button: HTMLButtonElement) => void;
}

/**
 * One row, rendered again only when its content, position, state or the coarse clock changes (not on scroll).
 * Kept light: one element per cell where it can be, a plain Disconnect button (its question is the table's,
 * one for all rows), no hooks.
 */
const PeerRowView = memo(function PeerRowView({ row: r, index, start, columns, template, selected, active, now, canDisconnect, asking, onRowClick, onAskDisconnect }: RowViewProps) {
  const peerAttr = r.live ? { 'data-peer': r.id } : { 'data-departed': r.id };
  return (
    <div
      id={`peer-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      {...peerAttr}
      className={`peers-row ${selected ? 'selected' : ''} ${active ? 'active' : ''} ${r.live ? '' : 'departed'}`}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)` }}
      onClick={() => onRowClick(index, r.id)}
    >
      {columns.map((c) => {
        const cell = c.cell?.(r, now);
        const className = c.numeric ? (cell?.className ? `num ${cell.className}` : 'num') : cell?.className;
        return (
          <div key={c.id} role="gridcell" className={className} title={cell?.title}>
            {c.render(r, now)}
          </div>
        );
      })}
      <div role="gridcell">
        {r.live && (
          <button
            type="button"
            className="btn btn-small btn-danger"
            tabIndex={-1}
            disabled={!canDisconnect}
            aria-label={`Disconnect ${r.id}`}
            aria-expanded={asking}
            onClick={(e) => {
              e.stopPropagation();
              onAskDisconnect(r.id, e.currentTarget);
            }}
          >
            Disconnect
          </button>
        )}
      </div>
    </div>
  );
});

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
  // Selected values only: a batch that changes none of them (most do not) renders nothing here.
  const peers = useSelect((s) => s.getMeta().peers);
  const problems = useSelect((s) => s.problems);
  const problemsVersion = useSelect((s) => s.problems.version);
  const retention = useSelect((s) => s.problems.retentionMs);
  const aliveTimeout = useSelect((s) => s.getMeta().settings?.alive_timeout ?? 60_000);
  const live = useSelect((s) => s.getMeta().mode.kind === 'live' && !s.getMeta().readOnly);
  const now = useNow(CLOCK_MS);
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
  const inCluster = useSelect((s) => s.getMeta().cluster !== null);
  const columns = useMemo(() => (narrow ? NARROW_COLUMNS : ALL_COLUMNS).filter((c) => !c.clusterOnly || inCluster), [narrow, inCluster]);
  const TEMPLATE = templateOf(columns);

  // The rows follow the peers list one render later, in a deferred (interruptible) render of their own:
  // when many peers join at once, the frame that shows their traffic and counts does not also create
  // the table's rows (one long task of both, 80–130 ms with 500 peers joining, split in two).
  const shownPeers = useDeferredValue(peers);
  /** The row objects of the previous build, by id (kept when unchanged). */
  const previous = useRef(new Map<string, PeerRow>());
  const rows = useMemo(() => {
    const before = previous.current;
    const next = new Map<string, PeerRow>();
    const keep = (row: PeerRow): PeerRow => {
      const old = before.get(row.id);
      const kept = old && sameRow(old, row) ? old : row;
      next.set(row.id, kept);
      return kept;
    };
    const all: PeerRow[] = shownPeers.map((known) => {
      const interval = problems.intervalOf(known.id);
      const lastSeen = problems.lastSeenOf(known);
      const info = lastSeen === known.lastSeen ? known : { ...known, lastSeen };
      return keep({ id: info.id, info, live: true, interval, health: healthOf(lastSeen, now, aliveTimeout, interval), problems: problems.countFor(info.id), gone: null });
    });
    const liveIds = new Set(shownPeers.map((p) => p.id));
    for (const d of problems.departed(now)) {
      if (liveIds.has(d.id)) continue;
      all.push(keep({ id: d.id, info: d.info, live: false, interval: 0, health: 'ok', problems: problems.countFor(d.id), gone: { reason: d.reason, time: d.time, problem: d.problem } }));
    }
    previous.current = next;
    return sortRows(all.filter((r) => matchesQuery(r, query)), sort, PEER_COLUMN_BY_ID, now);
    // Not on every batch: when the peers list (once a second), the problems, the clock tick or the view change.
  }, [shownPeers, problems, problemsVersion, retention, now, aliveTimeout, query, sort]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 6,
    scrollPaddingStart: ROW_H,
    // A stable function while the rows are the same: the virtualiser recomputes all rows' offsets when it changes.
    getItemKey: useCallback((i: number) => rows[i]?.id ?? i, [rows]),
  });
  const items = virtualizer.getVirtualItems();
  const slots = useRowSlots(items.map((item) => rows[item.index]?.id ?? ''));

  const activeIndex = Math.min(active, rows.length - 1);
  const activeRow = activeIndex >= 0 ? rows[activeIndex] : undefined;

  const toggleSort = (key: string) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'problems' ? 'desc' : 'asc' }));

  const disconnect = useCallback(
    async (id: string) => {
      setError(null);
      const result = await store.bridge.disconnectPeer(id);
      if (!result.ok) setError(`${id}: ${result.error}`);
    },
    [store],
  );
  /** The Disconnect question (one for the table): which peer, placed under its button. */
  const [asking, setAsking] = useState<{ id: string; place: CSSProperties } | null>(null);
  const askAnchor = useRef<Element | null>(null);
  const onAskDisconnect = useCallback((id: string, button: HTMLButtonElement) => {
    askAnchor.current = button;
    setAsking((a) => (a?.id === id ? null : { id, place: placeFor(button) }));
  }, []);
  // Nothing to ask any more (the peer left, the dashboard can no longer disconnect): close the question.
  const askingId = asking?.id;
  useEffect(() => {
    if (askingId !== undefined && (!live || !peers.some((p) => p.id === askingId))) setAsking(null);
  }, [askingId, live, peers]);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onRowClick = useCallback((index: number, id: string) => {
    setActive(index);
    onSelectRef.current(id);
  }, []);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = movedIndex(e.key, activeIndex, rows.length, pageRows(scroller.current?.clientHeight, ROW_H));
    if (next !== null) {
      e.preventDefault();
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
          Peers <span className="count" data-testid={full ? 'peer-count-full' : 'peer-count'}>{peers.length}</span>
          {departedCount > 0 && <span className="muted small"> + {departedCount} gone</span>}
        </h2>
        <span className="muted small nowrap">alive_timeout {formatDuration(aliveTimeout)}</span>
        <input type="search" className="input input-small" placeholder="Filter peers" aria-label="Filter peers by id or address" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setQuery('')} />
        <InlineSelect label="Sort peers by" value={sort.key} options={SORT_CHOICES} onChange={toggleSort} testId="peer-sort" />
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
        {rows.length === 0 && <div className="empty">{peers.length === 0 ? 'No peer is connected.' : 'No peer matches the filter.'}</div>}
          <div className="peers-inner" style={{ height: virtualizer.getTotalSize() }}>
            {bySlot(items, (item) => rows[item.index]?.id ?? '', slots)
              .map(({ item, slot }) => {
                const r = rows[item.index];
                if (!r) return null;
                return (
                  <PeerRowView
                    key={slot}
                    row={r}
                    index={item.index}
                    start={item.start}
                    columns={columns}
                    template={TEMPLATE}
                    selected={r.id === selectedPeer}
                    active={item.index === activeIndex}
                    now={now}
                    canDisconnect={live}
                    asking={askingId === r.id}
                    onRowClick={onRowClick}
                    onAskDisconnect={onAskDisconnect}
                  />
                );
              })}
          </div>
      </div>
      {asking && (
        <ConfirmQuestion
          key={asking.id}
          question={`Disconnect ${asking.id}? Its page stays offline until it reconnects.`}
          confirmLabel="Disconnect"
          place={asking.place}
          anchor={askAnchor}
          onConfirm={() => {
            setAsking(null);
            void disconnect(asking.id);
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
