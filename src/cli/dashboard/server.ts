/**
 * The headless dashboard: the built renderer (out/renderer) and the admin WebSocket on one HTTP server,
 * bound to 127.0.0.1 by default and guarded by a token on every request (401 without it: a page that
 * says why and takes the token for a browser, one line for anything else). The token is kept in a file
 * across restarts when `tokenFile` is given, and can be regenerated (which ends every open session).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import express from 'express';
import { WebSocketServer } from 'ws';
import { listen } from '../../core/listen.js';
import { ADMIN_MAX_REQUEST_BYTES, ADMIN_SOCKET_PATH } from '../../shared/admin-protocol.js';
import type { ControlApi } from '../../shared/control.js';
import { answerClientError } from '../../core/refusals.js';
import { serveAdminSocket } from './admin-socket.js';
import { ENTRY_PAGE_CSP, renderEntryPage, wantsEntryPage } from './entry-page.js';
import { checkToken, generateToken, requestUrl, tokenCookie } from './token.js';
import { createTokenStore } from './token-store.js';

/** The dashboard's default port (the PeerJS server's default is 9000). */
export const DEFAULT_ADMIN_PORT = 9001;
export const DEFAULT_ADMIN_HOST = '127.0.0.1';

export interface DashboardServerOptions {
  control: ControlApi;
  host?: string;
  port?: number;
  /** Fixed token (tests); default: the one in `tokenFile`, else 24 random bytes, base64url. */
  token?: string;
  /** Where the token is kept across restarts (created when missing). Without it, a new token per start. */
  tokenFile?: string;
  /** Told when the token could not be stored (it then changes at every start). */
  onNotice?: (message: string) => void;
  /** The built renderer (index.html + assets). */
  staticDir: string;
}

export interface DashboardServer {
  /** The page address with its token: http://127.0.0.1:9001/?token=… (the current token). */
  readonly url: string;
  readonly token: string;
  /** A new token (stored in `tokenFile`); every open dashboard session ends. Throws when it cannot be stored. */
  regenerateToken(): string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const UNAUTHORIZED =
  'Switchboard dashboard: a valid token is required. Open the dashboard URL printed when the server started (it ends in ?token=…).\n';

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Same-origin check for the admin socket (defence against cross-site WebSocket hijacking). */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: string, text: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? DEFAULT_ADMIN_HOST;
  const tokenStore = options.tokenFile ? createTokenStore(options.tokenFile) : null;
  let token: string;
  if (options.token) token = options.token;
  else if (tokenStore) {
    const loaded = tokenStore.load();
    token = loaded.token;
    if (loaded.notice) options.onNotice?.(loaded.notice);
  } else token = generateToken();
  const indexFile = join(options.staticDir, 'index.html');

  const app = express();
  app.disable('x-powered-by');
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const check = checkToken(req, token);
    if (!check.ok) {
      res.statusCode = 401;
      res.setHeader('Cache-Control', 'no-store');
      if (wantsEntryPage(req, requestUrl(req)?.pathname)) {
        // A person at a browser: say why, and take the token (a bookmark without it, an old one).
        const hadToken = check.fromQuery || /(?:^|;\s*)switchboard_token=/.test(req.headers.cookie ?? '');
        res.setHeader('Content-Security-Policy', ENTRY_PAGE_CSP);
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(renderEntryPage(hadToken ? 'wrong' : 'missing'));
        return;
      }
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(UNAUTHORIZED);
      return;
    }
    if (check.fromQuery) res.setHeader('Set-Cookie', tokenCookie(token));
    next();
  });
  app.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!existsSync(indexFile)) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`The dashboard is not built (no ${indexFile}). Run: npm run build:renderer\n`);
      return;
    }
    next();
  });
  app.use(
    express.static(options.staticDir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use((_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found\n');
  });

  const server = createServer(app);
  server.on('clientError', answerClientError);
  const wss = new WebSocketServer({ noServer: true, maxPayload: ADMIN_MAX_REQUEST_BYTES });
  const regenerateToken = (): string => {
    const next = tokenStore ? tokenStore.regenerate() : generateToken();
    token = next;
    // Every session opened with the old token ends (after this reply is on its way).
    setImmediate(() => {
      for (const ws of wss.clients) ws.close(4001, 'The dashboard token was regenerated');
    });
    return next;
  };
  wss.on('connection', (ws) => serveAdminSocket(ws, options.control, { regenerateToken }));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = requestUrl(req)?.pathname;
    if (path !== ADMIN_SOCKET_PATH) return refuseUpgrade(socket, '404 Not Found', 'Not found\n');
    if (!checkToken(req, token).ok) return refuseUpgrade(socket, '401 Unauthorized', UNAUTHORIZED);
    if (!originAllowed(req)) return refuseUpgrade(socket, '403 Forbidden', 'Cross-origin admin connections are refused\n');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  // The same listen as the signaling server: errors carry codes (ERR_ADDRESS_IN_USE…) callers branch on.
  await listen(server, host, options.port ?? DEFAULT_ADMIN_PORT);
  server.on('error', () => undefined);

  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;
  return {
    get url() {
      return `http://${urlHost(host)}:${port}/?token=${token}`;
    },
    get token() {
      return token;
    },
    regenerateToken,
    host,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
