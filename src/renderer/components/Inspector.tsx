import { useMemo } from 'react';
import { formatBytes, formatClock } from '../lib/format.js';
import { candidateOf, parseFrame, prettyJson, sdpOf } from '../lib/frame.js';
import type { Navigate } from '../lib/navigate.js';
import type { TrafficRow } from '../lib/rows.js';
import { parseCandidate, parseSdp } from '../lib/sdp.js';
import { ClusterFacts } from './ClusterCells.js';
import { CandidateTable, SdpSummaryView } from './SdpSummaryView.js';

/** Details of one traffic row: pretty JSON, and a readable summary of its SDP or ICE candidate. */
const LADDER_TYPES = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'queued', 'expired']);

export function Inspector({ row, missing, navigate }: { row: TrafficRow | null; missing: boolean; navigate?: Navigate }) {
  const details = useMemo(() => {
    if (!row) return null;
    const e = row.event;
    const text = e.kind === 'frame-in' || e.kind === 'frame-out' ? e.frame : null;
    const frame = text !== null ? parseFrame(text) : null;
    const json = frame && frame.json !== null ? frame.json : e;
    const sdpText = sdpOf(frame?.payload ?? null);
    const candidateLine = candidateOf(frame?.payload ?? null);
    return {
      pretty: text !== null && frame?.json === null ? text : prettyJson(json, text ?? ''),
      notJson: text !== null && frame?.json === null,
      sdp: sdpText ? parseSdp(sdpText) : null,
      sdpType: frame?.payload && typeof frame.payload.sdp === 'object' && frame.payload.sdp !== null && 'type' in frame.payload.sdp ? String(frame.payload.sdp.type) : null,
      candidate: candidateLine ? parseCandidate(candidateLine) : null,
      connectionId: frame?.payload && typeof frame.payload.connectionId === 'string' ? frame.payload.connectionId : null,
    };
  }, [row]);

  if (!row || !details) {
    return (
      <aside className="inspector card" aria-label="Inspector" data-testid="inspector-empty">
        <h2>Inspector</h2>
        <p className="muted">{missing ? 'That event has left the traffic buffer (the buffer keeps the newest events; problems stay listed until cleared).' : 'Select a row to see its frame, SDP and candidates.'}</p>
      </aside>
    );
  }
  return (
    <aside className="inspector card" aria-label="Inspector" data-testid="inspector">
      <h2>
        <span className={`type type-${row.type.toLowerCase()}`}>{row.type}</span>{' '}
        <span className="mono ids">
          {row.src} → {row.dst}
        </span>
      </h2>
      {navigate && LADDER_TYPES.has(row.type) && (
        <button type="button" className="btn btn-small" onClick={() => navigate({ view: 'flows', key: null, seq: row.event.seq })} data-testid="show-in-ladder">
          Show in the ladder
        </button>
      )}
      <dl className="facts">
        <dt>Time</dt>
        <dd className="mono">{formatClock(row.time)}</dd>
        <dt>Event</dt>
        <dd className="mono">
          {row.event.kind} #{row.event.seq}
        </dd>
        {row.size > 0 && (
          <>
            <dt>Size</dt>
            <dd>{formatBytes(row.size)}</dd>
          </>
        )}
        {details.connectionId && (
          <>
            <dt>Connection</dt>
            <dd className="mono">{details.connectionId}</dd>
          </>
        )}
        <ClusterFacts ids={[row.src, row.dst]} />
        {row.relay && (
          <>
            <dt>Delivered</dt>
            <dd data-testid="relay-delivered">
              to <span className="mono">{row.dst}</span> at {formatClock(row.relay.time)} (+{Math.max(0, row.relay.time - row.time)} ms), event #{row.relay.event.seq}
            </dd>
          </>
        )}
      </dl>
      {row.relay && (row.relay.event.kind === 'frame-out') && (
        <details className="relay-frame">
          <summary>Frame as delivered (the server adds src)</summary>
          <pre className="frame-delivered">
            <code>{row.relay.event.frame}</code>
          </pre>
        </details>
      )}
      {details.sdp && <SdpSummaryView sdp={details.sdp} sdpType={details.sdpType} />}
      {details.candidate && (
        <section className="sdp" aria-label="ICE candidate" data-testid="candidate-summary">
          <h3>ICE candidate</h3>
          <CandidateTable candidates={[details.candidate]} />
        </section>
      )}
      <h3>{details.notJson ? 'Frame (not JSON)' : 'JSON'}</h3>
      <pre className="json" tabIndex={0} aria-label="Frame as JSON">
        <code>{details.pretty}</code>
      </pre>
    </aside>
  );
}
