/**
 * The headless dashboard: the built renderer (out/renderer) and the admin WebSocket on one HTTP server,
 * bound to 127.0.0.1 by default and guarded by a per-start token on every request (401 without it).
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
import { serveAdminSocket } from './admin-socket.js';
import { checkToken, generateToken, requestUrl, tokenCookie } from './token.js';

/** The dashboard's default port (the PeerJS server's default is 9000). */
export const DEFAULT_ADMIN_PORT = 9001;
export const DEFAULT_ADMIN_HOST = '127.0.0.1';

export interface DashboardServerOptions {
  control: ControlApi;
  host?: string;
  port?: number;
  /** Fixed token (tests); default: 24 random bytes, base64url. */
  token?: string;
  /** The built renderer (index.html + assets). */
  staticDir: string;
}

export interface DashboardServer {
  /** The page address with its token: http://127.0.0.1:9001/?token=… */
  url: string;
  token: string;
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
  const token = options.token ?? generateToken();
  const indexFile = join(options.staticDir, 'index.html');

  const app = express();
  app.disable('x-powered-by');
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const check = checkToken(req, token);
    if (!check.ok) {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: ADMIN_MAX_REQUEST_BYTES });
  wss.on('connection', (ws) => serveAdminSocket(ws, options.control));

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
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    token,
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
