import { QRCodeSVG } from 'qrcode.react';
import { useMemo, useState } from 'react';
import { joinUrlOf, loopbackWarning, peerSnippet, targetOf } from '../lib/snippet.js';
import { useMeta } from '../state/hooks.js';
import { CopyButton } from './CopyButton.js';
import { ProjectorView } from './ProjectorView.js';

/** How a PeerJS client on the LAN reaches this server: addresses, snippet, QR code (to the join page). */
export function ConnectCard() {
  const meta = useMeta();
  const addresses = meta.state?.addresses ?? [];
  const [chosen, setChosen] = useState(0);
  const [projecting, setProjecting] = useState(false);
  const address = addresses[Math.min(chosen, addresses.length - 1)] ?? null;
  const target = address ? targetOf(address, meta.settings?.key ?? 'peerjs') : null;
  const snippet = target ? peerSnippet(target) : null;
  const lost = meta.mode.kind === 'live' && meta.link === 'lost';
  const loopback = loopbackWarning(addresses, meta.state?.host ?? null);
  const joinUrl = address ? joinUrlOf(address) : null;
  // The QR code is costly to draw: only when the address changes, not on every batch.
  const qr = useMemo(() => (joinUrl ? <QRCodeSVG value={joinUrl} size={92} marginSize={2} title={`QR code of ${joinUrl}`} /> : null), [joinUrl]);

  return (
    <section className="card connect-card" aria-labelledby="connect-title">
      {addresses.length === 0 ? (
        <>
          <h2 id="connect-title">Connect</h2>
          <p className="muted">The server is not running, so there is no address to share yet.</p>
        </>
      ) : (
        <>
          <div className="connect-head">
            <div className="connect-main">
              <div className="connect-title-row">
                <h2 id="connect-title">Connect</h2>
                {address && !lost && (
                  <button type="button" className="btn btn-small" onClick={() => setProjecting(true)}>
                    Projector view
                  </button>
                )}
              </div>
              <label className="field-inline address-picker">
                <span className="visually-hidden">LAN address</span>
                <select value={Math.min(chosen, addresses.length - 1)} onChange={(e) => setChosen(Number(e.target.value))}>
                  {addresses.map((a, i) => (
                    <option key={a} value={i}>
                      {a}
                    </option>
                  ))}
                </select>
              </label>
              {lost ? (
                <p className="connect-stale" data-testid="connect-stale">
                  The link to the server is lost: this address may be out of date.
                </p>
              ) : loopback ? (
                <p className="loopback-warning" role="note" data-testid="loopback-warning">
                  {loopback}
                </p>
              ) : (
                <p className="hint">
                  On an offline LAN keep <code>iceServers: []</code>: an unreachable STUN server slows ICE down or breaks it.
                </p>
              )}
            </div>
            {joinUrl && !lost && (
              <figure className="qr" data-testid="connect-qr" data-url={joinUrl}>
                {qr}
              </figure>
            )}
          </div>
          {snippet && (
            <div className="snippet">
              <pre aria-label="PeerJS client snippet" data-testid="peer-snippet">
                <code>{snippet}</code>
              </pre>
              <CopyButton text={snippet} label="Copy PeerJS snippet" />
            </div>
          )}
          {projecting && address && <ProjectorView address={address} warning={loopback} lost={lost} onClose={() => setProjecting(false)} />}
        </>
      )}
    </section>
  );
}
