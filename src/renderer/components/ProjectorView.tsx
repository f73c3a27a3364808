import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useRef } from 'react';
import { joinUrlOf, shortAddress } from '../lib/snippet.js';

export interface ProjectorViewProps {
  /** The server address to share (http://ip:port/path). */
  address: string;
  /** Why other machines cannot connect (loopback only), or null. */
  warning: string | null;
  /** The dashboard lost its link: the address may be stale, so no QR code. */
  lost: boolean;
  onClose: () => void;
}

/**
 * For the wall: a QR code big enough to scan from the back of a classroom, the address in letters big
 * enough to type, one line of instructions. The QR code opens the server's join page (connection
 * details and a snippet), not the server's JSON. Escape or Close leaves.
 */
export function ProjectorView({ address, warning, lost, onClose }: ProjectorViewProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const join = joinUrlOf(address);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);

  return (
    <div className="projector" role="dialog" aria-modal="true" aria-labelledby="projector-title" data-testid="projector">
      <div className="projector-bar">
        <button
          type="button"
          className="btn"
          onClick={() => {
            if (document.fullscreenElement) void document.exitFullscreen();
            else void document.documentElement.requestFullscreen?.().catch(() => undefined);
          }}
        >
          Full screen
        </button>
        <button type="button" className="btn" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
      <h2 id="projector-title" className="projector-title">
        Join the PeerJS server
      </h2>
      {warning && (
        <p className="projector-warning" role="alert" data-testid="projector-warning">
          {warning}
        </p>
      )}
      {lost ? (
        <p className="projector-warning" role="alert">
          The link to the server is lost: this address may be out of date.
        </p>
      ) : (
        <figure className="projector-qr" data-url={join}>
          <QRCodeSVG value={join} size={512} marginSize={3} title={`QR code of ${join}`} />
        </figure>
      )}
      <p className="projector-address" data-testid="projector-address">
        {shortAddress(address)}
      </p>
      <p className="projector-instructions">
        Scan the code, or open <strong>{join}</strong> on a device on the same network.
      </p>
    </div>
  );
}
