/**
 * The web bridge's reconnect timer (Node has no global WebSocket before 22: the `ws` client, which has
 * the same onopen/onclose/onmessage API, stands in for the browser's).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { WebBridge } from '../../../src/renderer/bridge/web.js';

const g = globalThis as unknown as { WebSocket?: unknown };
const hadWebSocket = 'WebSocket' in g;
const previous = g.WebSocket;
beforeAll(() => {
  g.WebSocket = WebSocket;
});
afterAll(() => {
  if (hadWebSocket) g.WebSocket = previous;
  else delete g.WebSocket;
});

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

/** An admin socket that answers every request with { ok: true } and counts connections. */
async function adminServer(): Promise<{ url: string; connections: () => number; dropAll: () => void }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  let connections = 0;
  wss.on('connection', (ws) => {
    connections += 1;
    ws.on('message', (data) => {
      const req = JSON.parse(data.toString()) as { id: number };
      ws.send(JSON.stringify({ id: req.id, result: { ok: true } }));
    });
  });
  const port = (wss.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/admin`, connections: () => connections, dropAll: () => wss.clients.forEach((c) => c.terminate()) };
}

describe('web bridge reconnect', () => {
  it('reconnects after losing the link, and never again once closed while waiting to retry', async () => {
    const server = await adminServer();
    const bridge = new WebBridge(server.url);
    const lost: string[] = [];
    const opened: string[] = [];
    bridge.onLink((state) => (state === 'lost' ? lost : opened).push(state));
    expect(await bridge.start()).toEqual({ ok: true });
    expect(server.connections()).toBe(1);

    server.dropAll();
    await expect.poll(() => opened.length, { timeout: 5000 }).toBe(2);
    expect(server.connections()).toBe(2);

    // Lost again, then closed before the retry timer fires: no new connection may be made.
    server.dropAll();
    await expect.poll(() => lost.length, { timeout: 5000 }).toBe(2);
    bridge.close();
    await new Promise((r) => setTimeout(r, 1500)); // well past the 500 ms retry
    expect(server.connections()).toBe(2);
  });

  it('a refused token (401) is said plainly and not retried forever', async () => {
    let upgrades = 0;
    const http: Server = createServer((_req, res) => {
      res.statusCode = 401;
      res.end();
    });
    http.on('upgrade', (_req, socket) => {
      upgrades += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as { port: number }).port;
    const bridge = new WebBridge(`ws://127.0.0.1:${port}/admin?token=stale`);
    const reasons: (string | null)[] = [];
    bridge.onLink((state, reason) => {
      if (state === 'lost') reasons.push(reason);
    });
    expect((await bridge.start()).ok).toBe(false);
    await expect.poll(() => reasons.length, { timeout: 5000 }).toBe(1);
    expect(reasons[0]).toMatch(/token was refused/);
    await new Promise((r) => setTimeout(r, 1500)); // well past the 500 ms retry
    expect(upgrades).toBe(1);
    bridge.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });
});
