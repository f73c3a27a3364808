import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { formatClock, formatBytes } from '../lib/format.js';
import { movedIndex, pageRows } from '../lib/list-keys.js';
import { bySlot, useRowSlots } from '../lib/row-slots.js';
import { detailOf, type TrafficRow } from '../lib/rows.js';

const ROW_HEIGHT = 26;
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
  onSelect: (n: number) => void;
}

/** One row; rows are immutable once made, so a row renders again only when it moves or its selection changes. */
const TrafficRowView = memo(function TrafficRowView({ row, start, selected, folded, onSelect }: RowViewProps) {
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
      <span className="mono detail">{detailOf(row).slice(0, 240)}</span>
    </div>
  );
});

/** The virtualised traffic list: only the visible rows exist in the DOM. */
export function TrafficList({ rows, selected, onSelect, follow, folded }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // A stable function while the rows are the same: the virtualiser recomputes all rows' offsets when it changes.
    getItemKey: useCallback((i: number) => rows[i]?.n ?? i, [rows]),
  });
  const items = virtualizer.getVirtualItems();
  // Rows recycled by slot: new traffic updates existing row elements (see lib/row-slots.ts).
  const slots = useRowSlots(items.map((item) => rows[item.index]?.n ?? -1));

  // Following the newest row: one scroll write per animation frame, made where the frame lays out anyway
  // (the virtualiser's scrollToIndex reads the scroll height right after each render, forcing a layout
  // per batch, and keeps checking it for frames after).
  const followFrame = useRef(0);
  useEffect(() => {
    if (!follow || !atBottom.current || rows.length === 0 || followFrame.current) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = 0;
      const el = scroller.current;
      if (el && atBottom.current) el.scrollTop = rows.length * ROW_HEIGHT;
    });
  }, [rows.length, follow]);
  useEffect(() => () => cancelAnimationFrame(followFrame.current), []);

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
            return <TrafficRowView key={slot} row={row} start={item.start} selected={row.n === selected} folded={folded} onSelect={select} />;
          })}
        </div>
      </div>
    </div>
  );
}
