/**
 * The page a browser gets instead of the dashboard when its token is missing or wrong (status 401): what
 * happened in plain words, and a field to paste the token. Plain HTML, no script: the form GETs
 * /?token=… (the guard then sets the cookie and serves the dashboard). Its own CSP allows its inline style
 * (by hash) and a same-origin form.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type EntryReason = 'missing' | 'wrong';

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f6f9;color:#0f172a}
main{width:min(480px,92vw);background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:28px 28px 22px;box-shadow:0 4px 18px rgb(15 23 42/.08)}
h1{margin:0 0 8px;font-size:22px}
p{margin:8px 0;line-height:1.5}
.why{padding:8px 10px;border-radius:8px;background:#fef3c7;color:#78350f;font-weight:600}
label{display:block;margin:18px 0 6px;font-weight:600}
.row{display:flex;gap:8px}
input{flex:1;min-width:0;font:inherit;font-family:ui-monospace,Menlo,monospace;padding:8px 10px;border:1px solid #94a3b8;border-radius:8px}
button{font:inherit;font-weight:600;padding:8px 16px;border:0;border-radius:8px;background:#2563eb;color:#fff;cursor:pointer}
small{color:#475569}
code{font-family:ui-monospace,Menlo,monospace}
@media (prefers-color-scheme:dark){body{background:#0b1020;color:#e2e8f0}main{background:#121a2b;border-color:#1f2a40}.why{background:#3a2a06;color:#fde68a}input{background:#0f1626;color:#e2e8f0;border-color:#2c3a55}small{color:#94a3b8}}
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The entry page's CSP: its own style, a form to this origin, nothing else. */
export const ENTRY_PAGE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/** True for a browser asking for a page (not an asset, not a script, not the socket). */
export function wantsEntryPage(req: IncomingMessage, pathname: string | undefined): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname !== '/' && pathname !== '/index.html') return false;
  return (req.headers.accept ?? '').includes('text/html');
}

const WHY: Record<EntryReason, string> = {
  missing: 'This dashboard needs its access token.',
  wrong: 'That token is not this dashboard’s (it may have been regenerated, or mistyped).',
};

export function renderEntryPage(reason: EntryReason): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Switchboard — enter the dashboard token</title><style>${STYLE}</style></head>
<body><main>
<h1>Switchboard dashboard</h1>
<p class="why" role="alert" data-reason="${reason}">${WHY[reason]}</p>
<p>Open the dashboard address Switchboard printed when it started (it ends in <code>?token=…</code>), or paste the token below.
It is also in the file <code>dashboard-token</code> in Switchboard's settings folder on the computer that runs it.</p>
<form method="get" action="/">
<label for="token">Dashboard token</label>
<div class="row"><input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required autofocus>
<button type="submit">Open dashboard</button></div>
</form>
<p><small>The token keeps others on the network from controlling this server. It stays the same across restarts until someone regenerates it.</small></p>
</main></body></html>
`;
}
