/**
 * GET <path>join on the standalone server: a small page for a phone or laptop that scanned the
 * dashboard's QR code, with what a PeerJS app needs to reach this server (host, port, path, key, a
 * snippet). The host and port are the ones the visitor used. No script; styles inline (own CSP).
 */
import type { Request, Response } from 'express';

export interface JoinDetails {
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The join page's route inside the mount path ('/' → '/join', '/signal' → '/signal/join'). */
export function joinPath(mountPath: string): string {
  return `${mountPath.endsWith('/') ? mountPath : `${mountPath}/`}join`;
}

/** Host and port as the visitor reached us (the Host header), else the bound ones. */
export function joinDetailsOf(req: Request, options: { path: string; key: string }, boundPort: number): JoinDetails {
  const secure = req.secure;
  let host = req.hostname || '127.0.0.1';
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const portText = /:(\d+)$/.exec(req.headers.host ?? '')?.[1];
  const port = portText ? Number(portText) : req.headers.host ? (secure ? 443 : 80) : boundPort;
  return { host, port, path: options.path, key: options.key, secure };
}

export function joinSnippet(d: JoinDetails): string {
  return [
    'const peer = new Peer({',
    `  host: ${JSON.stringify(d.host)},`,
    `  port: ${d.port},`,
    `  path: ${JSON.stringify(d.path)},`,
    `  key: ${JSON.stringify(d.key)},`,
    ...(d.secure ? ['  secure: true,'] : []),
    '  config: { iceServers: [] },',
    '});',
  ].join('\n');
}

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
body{margin:0;padding:24px 18px;background:Canvas;color:CanvasText;line-height:1.45}
main{max-width:560px;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .3rem}
p{margin:.4rem 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.45rem 1rem;margin:1rem 0;font-size:1.1rem}
dt{font-weight:600}
dd{margin:0;font-family:ui-monospace,Menlo,monospace;word-break:break-all}
pre{padding:12px;border-radius:8px;border:1px solid GrayText;overflow:auto;font-size:.9rem}
small{opacity:.8}
`;

export function renderJoinPage(d: JoinDetails): string {
  const scheme = d.secure ? 'https' : 'http';
  const hostInUrl = d.host.includes(':') ? `[${d.host}]` : d.host;
  const url = `${scheme}://${hostInUrl}:${d.port}${d.path}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Join this PeerJS server</title><style>${STYLE}</style></head>
<body><main>
<h1>You reached the PeerJS server</h1>
<p>This device can reach the signaling server. Use these settings in your PeerJS app (the same on every device in the room).</p>
<dl data-testid="join-details">
<dt>Host</dt><dd data-field="host">${esc(d.host)}</dd>
<dt>Port</dt><dd data-field="port">${d.port}</dd>
<dt>Path</dt><dd data-field="path">${esc(d.path)}</dd>
<dt>Key</dt><dd data-field="key">${esc(d.key)}</dd>
<dt>Secure</dt><dd data-field="secure">${d.secure ? 'yes (https/wss)' : 'no (http/ws)'}</dd>
</dl>
<pre aria-label="PeerJS snippet"><code>${esc(joinSnippet(d))}</code></pre>
<p><small>Server address: ${esc(url)} · keep <code>iceServers: []</code> on a LAN without internet.</small></p>
</main></body></html>
`;
}

/** A CSP for the page: nothing but its own inline style. */
export const JOIN_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function serveJoinPage(options: { path: string; key: string }, boundPort: () => number) {
  return (req: Request, res: Response): void => {
    res.setHeader('Content-Security-Policy', JOIN_PAGE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(renderJoinPage(joinDetailsOf(req, options, boundPort())));
  };
}
