import { formatClock, formatCount } from '../lib/format.js';
import type { Navigate } from '../lib/navigate.js';
import { DEFAULT_DEPARTED_RETENTION_MS, type ProblemEntry } from '../state/problems.js';
import { useNow, useStore, useVersion } from '../state/hooks.js';

const RETENTION_CHOICES: { ms: number; label: string }[] = [
  { ms: 60_000, label: '1 minute' },
  { ms: 5 * 60_000, label: '5 minutes' },
  { ms: DEFAULT_DEPARTED_RETENTION_MS, label: '10 minutes' },
  { ms: 60 * 60_000, label: '1 hour' },
  { ms: Number.POSITIVE_INFINITY, label: 'until cleared' },
];

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
  useVersion();
  useNow(5000);
  const log = store.problems;
  const groups = log.peers();
  const total = log.total;

  const showTraffic = (peer: string, e: ProblemEntry) =>
    navigate({ view: 'traffic', filter: { peer: isPeerId(peer) ? peer : '', problemsOnly: false, types: [], text: '', hideHeartbeats: true }, seq: e.lastSeq });

  return (
    <div className="problems" data-testid="problems">
      <div className="filters">
        <span className="problems-summary" data-testid="problems-summary">
          {total === 0 ? 'No problem so far.' : `${formatCount(total)} problem${total === 1 ? '' : 's'} from ${formatCount(groups.length)} peer${groups.length === 1 ? '' : 's'}`}
        </span>
        <span className="muted small">Kept until you clear them; peers that left stay greyed in Peers for</span>
        <label className="field-inline">
          <span className="visually-hidden">Keep departed peers for</span>
          <select
            value={RETENTION_CHOICES.find((c) => c.ms === log.retentionMs)?.ms ?? DEFAULT_DEPARTED_RETENTION_MS}
            onChange={(e) => store.setDepartedRetention(Number(e.target.value))}
            data-testid="departed-retention"
          >
            {RETENTION_CHOICES.map((c) => (
              <option key={c.label} value={c.ms}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" disabled={total === 0} onClick={() => store.clearProblems()} data-testid="clear-problems">
          Clear problems
        </button>
      </div>
      <div className="problems-scroll" tabIndex={0} role="region" aria-label="Problems by peer">
        {groups.length === 0 ? (
          <p className="muted pad">Refused connections, timeouts, expired negotiations, dropped or invalid frames and takeovers are listed here, per peer.</p>
        ) : (
          <ul className="problem-groups">
            {groups.map((g) => (
              <li key={g.peer} className="problem-group" data-problem-peer={g.peer}>
                <h3>
                  <span className="mono truncate" title={g.peer}>
                    {g.peer}
                  </span>
                  <span className="problem-count">{formatCount(g.total)}</span>
                </h3>
                <ul>
                  {g.entries.map((e) => (
                    <li key={e.key} className={`problem problem-${e.kind}`} data-kind={e.kind}>
                      <span className="problem-label">{e.label}</span>
                      <span className="muted small nowrap">
                        {e.count > 1 ? `×${formatCount(e.count)} · ` : ''}last {formatClock(e.last)}
                      </span>
                      <span className="problem-links">
                        <button type="button" className="btn btn-small btn-link" onClick={() => showTraffic(g.peer, e)} aria-label={`Show the traffic row of: ${g.peer} ${e.label}`}>
                          Traffic
                        </button>
                        {e.other !== null && (e.kind === 'expired' || e.kind === 'dropped') && (
                          <button
                            type="button"
                            className="btn btn-small btn-link"
                            onClick={() => navigate({ view: 'flows', key: null, pair: [g.peer, e.other ?? ''] })}
                            aria-label={`Show the flow of: ${g.peer} ${e.label}`}
                          >
                            Flow
                          </button>
                        )}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
