import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { formatClock, formatBytes } from '../lib/format.js';
import { movedIndex, pageRows } from '../lib/list-keys.js';
import { bySlot, useRowSlots } from '../lib/row-slots.js';
import { detailOf, type TrafficRow } from '../lib/rows.js';

const ROW_HEIGHT = 26;
/**
 * The most of a row's detail text drawn. Chromium lays out (shapes) all of a text, clipped or not, and every
 * row's text is new while traffic streams in: only as many characters as the list is wide are rendered (12 px
 * monospace glyphs are 7.2 px wide; 6 px a character leaves room).
 */
const DETAIL_MAX = 240;
const PX_PER_DETAIL_CHAR = 6;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 6;
const DIR_LABEL = { in: '→ in', out: '← out', sys: '• evt' } as const;
const DIR_TITLE = { in: 'received from a peer', out: 'sent by the server', sys: 'server event' } as const;

interface Props {
  rows: readonly TrafficRow[];
  selected: number | null;
  onSelect: (n: number) => void;
  /** Keep the newest row in view while the user is at the bottom. */
  follow: boolean;
  /** Relayed messages are shown once (received + delivered). */
  folded: boolean;
}

interface RowViewProps {
  row: TrafficRow;
  /** Offset in the list (px). */
  start: number;
  selected: boolean;
  folded: boolean;
  /** Characters of the detail drawn (see DETAIL_MAX). */
  detailChars: number;
  onSelect: (n: number) => void;
}

/** One row; rows are immutable once made, so a row renders again only when it moves or its selection changes. */
const TrafficRowView = memo(function TrafficRowView({ row, start, selected, folded, detailChars, onSelect }: RowViewProps) {
  const relay = folded ? row.relay : null;
  return (
    <div
      id={`row-${row.n}`}
      role="option"
      aria-selected={selected}
      className={`traffic-row dir-${row.dir} ${selected ? 'selected' : ''} ${row.problem ? 'is-problem' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onSelect(row.n)}
      data-type={row.type}
      data-dir={relay ? 'relay' : row.dir}
      data-seq={row.event.seq}
    >
      <span className="mono muted">{formatClock(row.time)}</span>
      {relay ? (
        <span className="dir dir-relay" title={`received from ${row.src}, delivered to ${row.dst} ${Math.max(0, relay.time - row.time)} ms later (the inspector shows both)`}>
          ⇄ relay
        </span>
      ) : (
        <span className={`dir dir-${row.dir}`} title={DIR_TITLE[row.dir]}>
          {DIR_LABEL[row.dir]}
        </span>
      )}
      <span className={`type type-${row.type.toLowerCase()}`}>{row.type}</span>
      <span className="mono ends" title={`${row.src} → ${row.dst}`}>
        {row.src} <span className="muted">→</span> {row.dst}
      </span>
      <span className="num mono muted">{row.size > 0 ? formatBytes(row.size) : ''}</span>
      <span className="mono detail">{detailOf(row).slice(0, detailChars)}</span>
    </div>
  );
});

/** The rows of a list scrolled to its end, as the virtualiser places them: the last rows filling `viewport` px, and the overscan above. */
function bottomItems(rows: readonly TrafficRow[], viewport: number): { index: number; start: number }[] {
  const first = Math.max(0, rows.length - Math.ceil(viewport / ROW_HEIGHT) - OVERSCAN);
  return Array.from({ length: rows.length - first }, (_, i) => ({ index: first + i, start: (first + i) * ROW_HEIGHT }));
}

/** The virtualised traffic list: only the visible rows exist in the DOM. */
export function TrafficList({ rows, selected, onSelect, follow, folded }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // A stable function while the rows are the same: the virtualiser recomputes all rows' offsets when it changes.
    getItemKey: useCallback((i: number) => rows[i]?.n ?? i, [rows]),
  });
  // Following the newest row: the frame that renders new traffic also shows it. The rows at the bottom
  // are rendered right away (the same range the virtualiser computes once it sees the scroll) and the list
  // is scrolled to them before the frame paints. Waiting for the scroll event instead drew every batch
  // twice: once when it arrived (the list only grew) and again a frame later, when the virtualiser moved
  // its range to the new rows; in Chromium traces of a 20,000-message burst the second frame cost 7-15 ms
  // of CPU per batch. One scroll write per commit (commits are once per animation frame, see the store).
  const viewport = virtualizer.scrollRect?.height ?? 0;
  const width = virtualizer.scrollRect?.width ?? 0;
  const detailChars = width > 0 ? Math.min(DETAIL_MAX, Math.ceil(width / PX_PER_DETAIL_CHAR)) : DETAIL_MAX;
  // New rows (a batch, a refill, a filter change; the list's array is updated in place, so its length and
  // newest row tell) while following: render the bottom and scroll there now. Other renders (a resize, a
  // selection, the virtualiser's own after a scroll) show what the scroll position shows, as the
  // virtualiser computes it. Until the list has a size (mounting, a hidden tab) nothing counts as shown.
  const tail = `${rows.length}:${rows.at(-1)?.n ?? ''}`;
  const shownTail = useRef('');
  const jump = follow && atBottom.current && rows.length > 0 && viewport > 0 && tail !== shownTail.current;
  const items = jump ? bottomItems(rows, viewport) : virtualizer.getVirtualItems();
  useLayoutEffect(() => {
    if (viewport > 0) shownTail.current = tail;
    const el = scroller.current;
    if (jump && el) el.scrollTop = rows.length * ROW_HEIGHT;
  }, [jump, tail, viewport, rows.length]);
  // Rows recycled by slot: new traffic updates existing row elements (see lib/row-slots.ts).
  const slots = useRowSlots(items.map((item) => rows[item.index]?.n ?? -1));

  const onScroll = () => {
    const el = scroller.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = selected === null ? -1 : rows.findIndex((r) => r.n === selected);
    // With nothing selected, the keys start from the newest row.
    const i = movedIndex(e.key, current, rows.length, pageRows(scroller.current?.clientHeight, ROW_HEIGHT), rows.length - 1);
    const row = i === null ? undefined : rows[i];
    if (i === null || !row) return;
    e.preventDefault();
    onSelect(row.n);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const select = useCallback((n: number) => onSelectRef.current(n), []);

  return (
    <div className="traffic-list">
      <div className="traffic-row traffic-head" aria-hidden="true">
        <span>Time</span>
        <span>Dir</span>
        <span>Type</span>
        <span>From → To</span>
        <span className="num">Size</span>
        <span>Detail</span>
      </div>
      <div
        ref={scroller}
        className="traffic-scroll"
        role="listbox"
        aria-label="Traffic: frames and server events, newest last"
        aria-activedescendant={selected !== null ? `row-${selected}` : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        onScroll={onScroll}
        data-testid="traffic-list"
      >
        {rows.length === 0 && <div className="empty">No traffic matches.</div>}
        <div className="traffic-inner" style={{ height: virtualizer.getTotalSize() }}>
          {bySlot(items, (item) => rows[item.index]?.n ?? -1, slots).map(({ item, slot }) => {
            const row = rows[item.index];
            if (!row) return null;
            return <TrafficRowView key={slot} row={row} start={item.start} selected={row.n === selected} folded={folded} detailChars={detailChars} onSelect={select} />;
          })}
        </div>
      </div>
    </div>
  );
}
