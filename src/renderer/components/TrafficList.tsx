import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatClock, formatBytes } from '../lib/format.js';
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

/** The virtualised traffic list: only the visible rows exist in the DOM. */
export function TrafficList({ rows, selected, onSelect, follow, folded }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i]?.n ?? i,
  });

  useEffect(() => {
    if (follow && atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, virtualizer]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
  };

  const move = (delta: number | 'home' | 'end') => {
    if (rows.length === 0) return;
    const current = selected === null ? -1 : rows.findIndex((r) => r.n === selected);
    let i = delta === 'home' ? 0 : delta === 'end' ? rows.length - 1 : current === -1 ? rows.length - 1 : current + delta;
    i = Math.max(0, Math.min(rows.length - 1, i));
    const row = rows[i];
    if (!row) return;
    onSelect(row.n);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 260) / ROW_HEIGHT) - 1);
    const keys: Record<string, number | 'home' | 'end'> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: 'home', End: 'end' };
    const delta = keys[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    move(delta);
  };

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
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const relay = folded ? row.relay : null;
            return (
              <div
                key={item.key}
                id={`row-${row.n}`}
                role="option"
                aria-selected={row.n === selected}
                className={`traffic-row dir-${row.dir} ${row.n === selected ? 'selected' : ''} ${row.problem ? 'is-problem' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
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
          })}
        </div>
      </div>
    </div>
  );
}
