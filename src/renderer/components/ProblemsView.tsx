import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { formatClock, formatCount } from '../lib/format.js';
import { movedIndex, pageRows } from '../lib/list-keys.js';
import type { Navigate } from '../lib/navigate.js';
import { DEFAULT_DEPARTED_RETENTION_MS, type ProblemEntry } from '../state/problems.js';
import { useSelect, useStore } from '../state/hooks.js';
import { InlineSelect } from './InlineSelect.js';

/** Height of one entry (for PageUp/PageDown). */
const ENTRY_PX = 28;
/** The id of an entry's row (`aria-activedescendant`). */
const entryId = (i: number) => `problem-${i}`;

const RETENTION_CHOICES: { ms: number; label: string }[] = [
  { ms: 60_000, label: '1 minute' },
  { ms: 5 * 60_000, label: '5 minutes' },
  { ms: DEFAULT_DEPARTED_RETENTION_MS, label: '10 minutes' },
  { ms: 60 * 60_000, label: '1 hour' },
  { ms: Number.POSITIVE_INFINITY, label: 'until cleared' },
];
const RETENTION_OPTIONS = RETENTION_CHOICES.map((c) => ({ value: String(c.ms), label: c.label }));

function isPeerId(peer: string): boolean {
  return !peer.startsWith('(no id)');
}

/**
 * Everything that went wrong, grouped by peer and counted, newest first; kept until the user clears it
 * (the traffic buffer forgets, this does not). Each entry links to its traffic row, and to its flow
 * when it is about a negotiation.
 */
export function ProblemsView({ navigate }: { navigate: Navigate }) {
  const store = useStore();
  const log = useSelect((s) => s.problems);
  const version = useSelect((s) => s.problems.version);
  const retention = useSelect((s) => s.problems.retentionMs);
  // Grouped and sorted when the problems change, not on every batch.
  const groups = useMemo(() => log.peers(), [log, version]);
  const total = log.total;
  /** Every entry in display order: the arrow keys walk this list. */
  const flat = useMemo(() => groups.flatMap((g) => g.entries.map((e) => ({ peer: g.peer, entry: e, key: `${g.peer}\u0000${e.key}` }))), [groups]);
  // The active entry, by key: it stays on the same problem when newer ones move the groups.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const found = activeKey === null ? -1 : flat.findIndex((x) => x.key === activeKey);
  const activeIndex = found >= 0 ? found : flat.length > 0 ? 0 : -1;
  const indexOf = useMemo(() => new Map(flat.map((x, i) => [x.entry, i])), [flat]);

  const showTraffic = (peer: string, e: ProblemEntry) =>
    navigate({ view: 'traffic', filter: { peer: isPeerId(peer) ? peer : '', problemsOnly: false, types: [], text: '', hideHeartbeats: true }, seq: e.lastSeq });

  useEffect(() => {
    if (activeKey !== null) document.getElementById(entryId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  }, [activeKey, activeIndex]);

  /** One tab stop: arrow keys (Home, End, PageUp, PageDown) move between entries, Enter opens the entry's traffic row. */
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = movedIndex(e.key, activeIndex, flat.length, pageRows((e.currentTarget as HTMLElement).clientHeight, ENTRY_PX));
    const item = flat[next ?? activeIndex];
    if (next !== null && item) {
      e.preventDefault();
      setActiveKey(item.key);
    } else if (e.key === 'Enter' && item && e.target === e.currentTarget) {
      e.preventDefault();
      showTraffic(item.peer, item.entry);
    }
  };

  return (
    <div className="problems" data-testid="problems">
      <div className="filters">
        <span className="problems-summary" data-testid="problems-summary">
          {total === 0 ? 'No problem so far.' : `${formatCount(total)} problem${total === 1 ? '' : 's'} from ${formatCount(groups.length)} peer${groups.length === 1 ? '' : 's'}`}
        </span>
        <span className="muted small">Kept until you clear them; peers that left stay greyed in Peers for</span>
        <InlineSelect
          label="Keep departed peers for"
          value={String(RETENTION_CHOICES.find((c) => c.ms === retention)?.ms ?? DEFAULT_DEPARTED_RETENTION_MS)}
          options={RETENTION_OPTIONS}
          onChange={(ms) => store.setDepartedRetention(Number(ms))}
          testId="departed-retention"
        />
        <button type="button" className="btn btn-small" disabled={total === 0} onClick={() => store.clearProblems()} data-testid="clear-problems">
          Clear problems
        </button>
      </div>
      {groups.length === 0 ? (
        <div className="problems-scroll" tabIndex={0} role="region" aria-label="Problems by peer">
          <p className="muted pad">Refused connections, timeouts, expired negotiations, dropped or invalid frames and takeovers are listed here, per peer.</p>
        </div>
      ) : (
        <div
          className="problems-scroll"
          tabIndex={0}
          role="grid"
          aria-label="Problems by peer: arrow keys move, Enter shows the problem's traffic row"
          aria-activedescendant={activeIndex >= 0 ? entryId(activeIndex) : undefined}
          onKeyDown={onKey}
          data-testid="problems-list"
        >
          {groups.map((g) => (
            <div key={g.peer} role="rowgroup" className="problem-group" data-problem-peer={g.peer}>
              <div role="row">
                <div role="rowheader">
                  <h3>
                    <span className="mono truncate" title={g.peer}>
                      {g.peer}
                    </span>
                    <span className="problem-count">{formatCount(g.total)}</span>
                  </h3>
                </div>
              </div>
              {g.entries.map((e) => {
                const i = indexOf.get(e) ?? -1;
                return (
                  <div
                    key={e.key}
                    id={entryId(i)}
                    role="row"
                    aria-selected={i === activeIndex}
                    className={`problem problem-${e.kind} ${i === activeIndex ? 'active' : ''}`}
                    data-kind={e.kind}
                    onClick={() => setActiveKey(flat[i]?.key ?? null)}
                  >
                    <div role="gridcell" className="problem-label">
                      {e.label}
                    </div>
                    <div role="gridcell" className="muted small nowrap">
                      {e.count > 1 ? `×${formatCount(e.count)} · ` : ''}last {formatClock(e.last)}
                    </div>
                    <div role="gridcell" className="problem-links">
                      <button type="button" tabIndex={-1} className="btn btn-small btn-link" onClick={() => showTraffic(g.peer, e)} aria-label={`Show the traffic row of: ${g.peer} ${e.label}`}>
                        Traffic
                      </button>
                      {e.other !== null && (e.kind === 'expired' || e.kind === 'dropped') && (
                        <button
                          type="button"
                          tabIndex={-1}
                          className="btn btn-small btn-link"
                          onClick={() => navigate({ view: 'flows', key: null, pair: [g.peer, e.other ?? ''] })}
                          aria-label={`Show the flow of: ${g.peer} ${e.label}`}
                        >
                          Flow
                        </button>
                      )}
                    </div>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
