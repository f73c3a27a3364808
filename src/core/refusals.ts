/**
 * Refusals of a WebSocket upgrade over HTTP, before anything is upgraded (the PeerJS client sees a failed
 * connection, as for any HTTP error):
 * - 400 when `id`, `token` or `key` appears more than once: such a request means two things (one check
 *   could read one copy, another use the other), so it is refused rather than guessed at.
 * - 403 when a `cors` allow-list is set and the request's Origin is not on it. Browsers do not apply CORS
 *   to WebSockets, so the server checks Origin itself. No Origin header (not a browser) is allowed.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RefuseReason } from './events.js';

export interface UpgradeRefusal {
  status: 400 | 403;
  reason: Extract<RefuseReason, 'duplicate-params' | 'origin-not-allowed'>;
  msg: string;
  /** The id asked for (the first one, when duplicated), for the event. */
  id: string | null;
}

const SINGLE_PARAMS = ['id', 'token', 'key'] as const;

export function screenUpgrade(req: IncomingMessage, cors: true | readonly string[]): UpgradeRefusal | null {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const id = query.get('id');
  for (const name of SINGLE_PARAMS) {
    if (query.getAll(name).length > 1) {
      return { status: 400, reason: 'duplicate-params', msg: `Parameter "${name}" given more than once`, id };
    }
  }
  if (cors !== true) {
    const origin = req.headers.origin;
    if (origin !== undefined && !cors.includes(origin)) {
      return { status: 403, reason: 'origin-not-allowed', msg: `Origin ${JSON.stringify(origin.slice(0, 200))} is not allowed`, id };
    }
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/** Answers a raw socket (an upgrade, or a request the HTTP parser rejected) with `status` and closes it. */
export function answerHttp(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** HTTP status for a request Node's parser rejected (as Node itself answers them, when it can). */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** How long a refused socket may take to close its side before it is cut. */
const CLIENT_ERROR_LINGER_MS = 2000;

/**
 * The `clientError` listener of an HTTP server: a request the parser rejects (headers over Node's limit,
 * 16 KiB by default: 431; anything malformed: 400) gets a status line and a graceful close instead of a
 * reset, so the client can read why. A socket already gone, or one in the middle of a response, is cut.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inResponse = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || inResponse) {
    socket.destroy();
    return;
  }
  socket.on('error', () => socket.destroy());
  const status = clientErrorStatus(err.code);
  answerHttp(socket, status, status === 431 ? 'Request header fields too large' : 'Bad request');
  setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
}
