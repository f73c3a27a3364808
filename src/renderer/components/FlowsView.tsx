import { useMemo, useState } from 'react';
import { formatClock, formatDuration } from '../lib/format.js';
import { buildFlows, type Flow, type FlowStatus } from '../lib/ladder.js';
import { useNow, useStore } from '../state/hooks.js';
import { LadderDiagram } from './LadderDiagram.js';

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
        onClick={onSelect}
        data-testid="flow-item"
        data-status={flow.status}
      >
        <span className="flow-pair mono">
          {flow.a} ⇄ {flow.b}
        </span>
        <span className={`flow-status status-${flow.status}`}>{STATUS_TEXT[flow.status]}</span>
        <span className="muted small mono">
          {flow.connectionType ?? 'signal'} · {flow.connectionId ?? 'no connectionId'}
        </span>
        <span className="muted small">
          {formatClock(flow.start)} · {flow.steps.length} hops · {formatDuration(flow.end - flow.start)}
        </span>
      </button>
    </li>
  );
}

/** Negotiations grouped by pair of peers and connectionId, with a ladder of the chosen one. */
export function FlowsView() {
  const store = useStore();
  const tick = useNow(1000);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [onlyStalled, setOnlyStalled] = useState(false);
  const [peerQuery, setPeerQuery] = useState('');

  // Rebuilt once a second at most, not on every batch.
  const flows = useMemo(() => buildFlows(store.traffic.all.map((r) => r.event)), [store, tick]);
  const q = peerQuery.trim();
  const shown = flows.filter((f) => (!onlyStalled || f.stalled) && (!q || f.a.includes(q) || f.b.includes(q))).reverse();
  const selected = shown.find((f) => f.key === selectedKey) ?? shown[0] ?? null;
  const stalledCount = flows.filter((f) => f.stalled).length;

  return (
    <div className="flows">
      <div className="flows-side">
        <div className="filters">
          <label className="field-inline grow">
            <span>Peer</span>
            <input className="input input-small" value={peerQuery} placeholder="any" onChange={(e) => setPeerQuery(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={onlyStalled} onChange={(e) => setOnlyStalled(e.target.checked)} />
            Stalled only ({stalledCount})
          </label>
        </div>
        {shown.length === 0 ? (
          <p className="muted pad">No negotiation yet. OFFER, ANSWER and CANDIDATE messages between peers show up here.</p>
        ) : (
          <ul className="flow-list" aria-label="Negotiations, newest first">
            {shown.map((f) => (
              <FlowItem key={f.key} flow={f} selected={f === selected} onSelect={() => setSelectedKey(f.key)} />
            ))}
          </ul>
        )}
      </div>
      <div className="flows-main">
        {selected ? (
          <>
            <div className="flow-title">
              <h2 className="mono">
                {selected.a} ⇄ {selected.b}
              </h2>
              <span className={`flow-status status-${selected.status}`}>{STATUS_TEXT[selected.status]}</span>
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
            <div className="ladder-scroll">
              <LadderDiagram flow={selected} />
            </div>
          </>
        ) : (
          <p className="muted pad">Pick a negotiation.</p>
        )}
      </div>
    </div>
  );
}
