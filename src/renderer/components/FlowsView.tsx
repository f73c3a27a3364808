import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatClock, formatDuration } from '../lib/format.js';
import { buildFlows, flowOfSeq, type Flow, type FlowStatus } from '../lib/ladder.js';
import type { Navigate } from '../lib/navigate.js';
import { toRow } from '../lib/rows.js';
import { useNow, useStore } from '../state/hooks.js';
import { Inspector } from './Inspector.js';
import { LadderDiagram, STEP_H, TOP } from './LadderDiagram.js';

const STATUS_TEXT: Record<FlowStatus, string> = {
  connected: 'answered',
  'no-answer': 'no answer',
  expired: 'expired',
  error: 'error',
};

function FlowItem({ flow, selected, onSelect }: { flow: Flow; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <button
        type="button"
        className={`flow-item ${selected ? 'selected' : ''} ${flow.stalled ? 'stalled' : ''}`}
        aria-pressed={selected}
        tabIndex={selected ? 0 : -1}
        onClick={onSelect}
        data-testid="flow-item"
        data-status={flow.status}
      >
        <span className="flow-pair mono truncate" title={`${flow.a} ⇄ ${flow.b}`}>
          {flow.a} ⇄ {flow.b}
        </span>
        <span className={`flow-status status-${flow.status}`}>{STATUS_TEXT[flow.status]}</span>
        <span className="muted small mono truncate">
          {flow.connectionType ?? 'signal'} · {flow.connectionId ?? 'no connectionId'}
        </span>
        <span className="muted small">
          {formatClock(flow.start)} · {flow.steps.length} hops · {formatDuration(flow.end - flow.start)}
        </span>
      </button>
    </li>
  );
}

interface Props {
  selectedKey: string | null;
  /** The hop shown in the inspector (event seq). */
  selectedSeq: number | null;
  /** Linked from a problem: the newest flow of this pair of peers. */
  pair: readonly [string, string] | null;
  onSelect: (key: string | null, seq: number | null) => void;
  navigate: Navigate;
}

/** Negotiations grouped by pair of peers and connectionId, with a ladder of the chosen one and the inspector of a hop. */
export function FlowsView({ selectedKey, selectedSeq, pair, onSelect, navigate }: Props) {
  const store = useStore();
  const tick = useNow(1000);
  const [onlyStalled, setOnlyStalled] = useState(false);
  const [peerQuery, setPeerQuery] = useState('');
  const ladder = useRef<HTMLDivElement>(null);

  // Rebuilt once a second at most, not on every batch.
  const flows = useMemo(() => buildFlows(store.traffic.shownSource.map((r) => r.event)), [store, tick]);
  const q = peerQuery.trim();
  const shown = flows.filter((f) => (!onlyStalled || f.stalled) && (!q || f.a.includes(q) || f.b.includes(q))).reverse();
  const bySeq = selectedKey === null && selectedSeq !== null ? flowOfSeq(flows, selectedSeq) : null;
  const byPair = selectedKey === null && pair ? shown.find((f) => (f.a === pair[0] && f.b === pair[1]) || (f.a === pair[1] && f.b === pair[0])) : undefined;
  const selected = bySeq ?? byPair ?? flows.find((f) => f.key === selectedKey) ?? shown[0] ?? null;
  const stalledCount = flows.filter((f) => f.stalled).length;
  const stepIndex = selected && selectedSeq !== null ? selected.steps.findIndex((s) => s.seq === selectedSeq) : -1;
  const step = stepIndex >= 0 ? selected?.steps[stepIndex] : undefined;
  const row = useMemo(() => {
    if (!step) return null;
    const rows = store.traffic.shownSource;
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i]?.event === step.event) return rows[i] ?? null;
    return toRow(step.event, 0);
  }, [step, store]);

  // Keep the chosen hop in view (clicked, reached by keyboard, or linked from the traffic list).
  useEffect(() => {
    const el = ladder.current;
    if (!el || stepIndex < 0) return;
    const y = TOP + stepIndex * STEP_H;
    if (y < el.scrollTop + 20 || y > el.scrollTop + el.clientHeight - STEP_H) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
  }, [stepIndex, selected?.key]);

  const onLadderKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!selected || selected.steps.length === 0) return;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity };
    const delta = moves[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      const i = Math.max(0, Math.min(selected.steps.length - 1, (stepIndex < 0 ? -1 : stepIndex) + delta));
      onSelect(selected.key, selected.steps[i]?.seq ?? null);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      ladder.current?.scrollBy({ left: e.key === 'ArrowRight' ? 80 : -80 });
    } else if (e.key === 'Enter' && step) {
      e.preventDefault();
      navigate({ view: 'traffic', seq: step.seq });
    }
  };

  return (
    <div className="flows">
      <div className="flows-side">
        <div className="filters">
          <label className="field-inline grow">
            <span>Peer</span>
            <input className="input input-small" value={peerQuery} placeholder="any" onChange={(e) => setPeerQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setPeerQuery('')} />
          </label>
          <label className="check">
            <input type="checkbox" checked={onlyStalled} onChange={(e) => setOnlyStalled(e.target.checked)} />
            Stalled only ({stalledCount})
          </label>
        </div>
        {shown.length === 0 ? (
          <p className="muted pad">No negotiation yet. OFFER, ANSWER and CANDIDATE messages between peers show up here.</p>
        ) : (
          <ul
            className="flow-list"
            aria-label="Negotiations, newest first: arrow keys choose one"
            onKeyDown={(e) => {
              // One tab stop for the list (roving tabindex): arrow keys move between negotiations.
              const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
              const delta = moves[e.key];
              if (delta === undefined || !selected) return;
              e.preventDefault();
              const i = Math.max(0, Math.min(shown.length - 1, shown.indexOf(selected) + delta));
              const next = shown[i];
              if (!next) return;
              const list = e.currentTarget;
              onSelect(next.key, null);
              requestAnimationFrame(() => list.querySelectorAll('button')[i]?.focus());
            }}
          >
            {shown.map((f) => (
              <FlowItem key={f.key} flow={f} selected={f === selected} onSelect={() => onSelect(f.key, null)} />
            ))}
          </ul>
        )}
      </div>
      <div className="flows-main">
        {selected ? (
          <>
            <div className="flow-title">
              <h2 className="mono truncate" title={`${selected.a} ⇄ ${selected.b}`}>
                {selected.a} ⇄ {selected.b}
              </h2>
              <span className={`flow-status status-${selected.status}`}>{STATUS_TEXT[selected.status]}</span>
              <button
                type="button"
                className="btn btn-small"
                data-testid="flow-traffic"
                onClick={() =>
                  navigate({
                    view: 'traffic',
                    filter: selected.connectionId ? { text: selected.connectionId, peer: '', types: [], problemsOnly: false } : { peer: selected.a, text: '', types: [], problemsOnly: false },
                    ...(step ? { seq: step.seq } : {}),
                  })
                }
              >
                Show its traffic rows
              </button>
              {selected.stalled && (
                <span className="status-error small" role="note">
                  {selected.status === 'no-answer'
                    ? 'An OFFER was never answered: is the other peer running, and on the same key?'
                    : selected.status === 'expired'
                      ? 'The other peer never connected before expire_timeout: its messages expired.'
                      : 'The server answered with an ERROR.'}
                </span>
              )}
            </div>
            <div className="flow-body">
              <div
                ref={ladder}
                className="ladder-scroll"
                tabIndex={0}
                role="group"
                aria-label="Ladder: arrow keys choose a hop, Enter opens it in the traffic list"
                onKeyDown={onLadderKey}
                data-testid="ladder-scroll"
              >
                <LadderDiagram flow={selected} selectedSeq={step?.seq ?? null} onSelect={(seq) => onSelect(selected.key, seq)} />
              </div>
              <Inspector row={row} missing={false} navigate={navigate} />
            </div>
          </>
        ) : (
          <p className="muted pad">Pick a negotiation.</p>
        )}
      </div>
    </div>
  );
}
