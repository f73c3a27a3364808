/** Hands HTTP upgrades for `<path>/peerjs` to the engine; anything else is answered 404 and closed. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { UpgradeBatcher } from './admission.js';
import { answerHttp } from './refusals.js';
import type { SignalingEngine } from './signaling.js';

/** `<path>/peerjs` for a normalised mount path. */
export function socketPath(path: string): string {
  return `${path === '/' ? '' : path}/peerjs`;
}

/**
 * Error listener for upgrade sockets. Module-level on purpose: a closure made inside the handler would
 * share the handler's context, which holds `req`, and keep every connection's request (headers and all)
 * alive for as long as the socket lives.
 */
const ignoreError = (): void => undefined;

export interface UpgradeHandler {
  (req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * @param getPath the socket path now (it may be known only once an embedding app is mounted)
 * @param passThrough when true, upgrades for other paths are left alone (another handler owns them)
 */
export function createUpgradeHandler(engine: SignalingEngine, maxPayload: number, getPath: () => string, passThrough = false): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false, clientTracking: false });
  const handler = ((req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (pathname !== getPath()) {
      if (passThrough) return;
      socket.on('error', ignoreError);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', ignoreError);
    const refusal = engine.screen(req);
    if (refusal !== null) return answerHttp(socket, refusal.status, refusal.msg);
    batcher.push(req, socket, head);
  }) as UpgradeHandler;
  // Upgrades are handled in bounded batches per turn (admission.ts): connected clients are served in between.
  // Everything one upgrade writes (101, then OPEN, or ERROR and the close frame) leaves in one write.
  const batcher = new UpgradeBatcher((req, socket, head) => {
    engine.holdWrites(socket);
    wss.handleUpgrade(req, socket, head, (ws) => engine.accept(ws, req));
  });
  handler.close = () => {
    batcher.close();
    wss.close();
  };
  return handler;
}
