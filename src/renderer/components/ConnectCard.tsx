import { QRCodeSVG } from 'qrcode.react';
import { useMemo, useState } from 'react';
import { peerSnippet, targetOf } from '../lib/snippet.js';
import { useMeta } from '../state/hooks.js';
import { CopyButton } from './CopyButton.js';

/** How a PeerJS client on the LAN reaches this server: addresses, snippet, QR code. */
export function ConnectCard() {
  const meta = useMeta();
  const addresses = meta.state?.addresses ?? [];
  const [chosen, setChosen] = useState(0);
  const address = addresses[Math.min(chosen, addresses.length - 1)] ?? null;
  const target = address ? targetOf(address, meta.settings?.key ?? 'peerjs') : null;
  const snippet = target ? peerSnippet(target) : null;
  // The QR code is costly to draw: only when the address changes, not on every batch.
  const qr = useMemo(() => (address ? <QRCodeSVG value={address} size={92} marginSize={2} title={`QR code of ${address}`} /> : null), [address]);

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
              <h2 id="connect-title">Connect</h2>
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
              <p className="hint">
                On an offline LAN keep <code>iceServers: []</code>: an unreachable STUN server slows ICE down or breaks it.
              </p>
            </div>
            {address && (
              <figure className="qr">
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
        </>
      )}
    </section>
  );
}
