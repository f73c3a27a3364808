import type { IceCandidate, SdpSummary } from '../lib/sdp.js';

export function CandidateTable({ candidates }: { candidates: readonly IceCandidate[] }) {
  if (candidates.length === 0) return <p className="muted small">No candidates in this SDP (trickle ICE sends them separately).</p>;
  return (
    <table className="mini">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Address</th>
          <th scope="col">Proto</th>
          <th scope="col" className="num">
            Priority
          </th>
        </tr>
      </thead>
      <tbody>
        {candidates.map((c, i) => (
          <tr key={`${c.foundation}-${c.address}-${c.port}-${i}`}>
            <td>
              <span className={`cand cand-${c.type}`}>{c.type}</span>
            </td>
            <td className="mono">
              {c.address}:{c.port}
              {c.relatedAddress ? <span className="muted"> via {c.relatedAddress}:{c.relatedPort ?? '?'}</span> : null}
            </td>
            <td className="mono">{c.protocol}</td>
            <td className="num mono">{c.priority}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A readable SDP: media sections with codecs, ICE ufrag, candidates. */
export function SdpSummaryView({ sdp, sdpType }: { sdp: SdpSummary; sdpType: string | null }) {
  return (
    <section className="sdp" aria-label="SDP summary" data-testid="sdp-summary">
      <h3>SDP {sdpType ? <span className="muted">({sdpType})</span> : null}</h3>
      <dl className="facts">
        <dt>ICE ufrag</dt>
        <dd className="mono" data-testid="sdp-ufrag">
          {sdp.iceUfrag ?? '—'}
        </dd>
        {sdp.groups.length > 0 && (
          <>
            <dt>Groups</dt>
            <dd className="mono">{sdp.groups.join(', ')}</dd>
          </>
        )}
      </dl>
      <ul className="media-list">
        {sdp.media.map((m, i) => (
          <li key={`${m.mid ?? i}`} className="media" data-testid="sdp-media">
            <div>
              <strong className="media-kind">{m.kind}</strong> <span className="muted mono">mid {m.mid ?? '—'}</span>{' '}
              {m.direction && <span className="chip">{m.direction}</span>} <span className="muted mono small">{m.protocol}</span>
            </div>
            <div className="codecs">
              {m.codecs.length > 0
                ? m.codecs.map((c) => (
                    <span key={c.payloadType} className="chip mono" title={`payload type ${c.payloadType}`}>
                      {c.name}
                      {c.clockRate ? `/${c.clockRate}` : ''}
                      {c.channels ? `/${c.channels}` : ''}
                    </span>
                  ))
                : m.kind === 'application' && <span className="chip mono">SCTP data channel{m.sctpPort ? ` :${m.sctpPort}` : ''}</span>}
            </div>
          </li>
        ))}
      </ul>
      <h3>Candidates ({sdp.candidates.length})</h3>
      <CandidateTable candidates={sdp.candidates} />
    </section>
  );
}
