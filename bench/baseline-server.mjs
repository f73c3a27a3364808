#!/usr/bin/env node
/**
 * Bare relay baseline (server C of the benchmark): the smallest `ws` server that speaks the PeerJS wire
 * protocol well enough for the benchmark's clients. What it does, and nothing more:
 *   - HTTP: any GET answers 200 `{"name":"baseline"}` (the orchestrator only needs to see it listening).
 *   - WebSocket on any path: reads `id` from the query string; without one, sends ERROR and closes.
 *     Otherwise maps id → socket (a newer socket with the same id replaces the older), sends {"type":"OPEN"}.
 *   - Every text frame: JSON.parse, set `src` to the sender's id, JSON.stringify, send to `dst` if connected.
 *     HEARTBEAT and anything without a connected `dst` are dropped; unparsable frames are ignored.
 *   - On close: forgets the id (only if the socket still owns it).
 * No key/token checks, no queues, no EXPIRE, no timeouts, no limits: a floor for the cost of `ws` +
 * JSON re-serialisation, not a server to deploy.
 *
 * Usage: node bench/baseline-server.mjs --port P [--host 127.0.0.1] (other flags are accepted and ignored)
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(flag('port', '9000'));
const host = flag('host', '127.0.0.1');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`baseline-server: invalid --port ${String(flag('port'))}`);
  process.exit(2);
}

const clients = new Map();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"name":"baseline"}');
});
const wss = new WebSocketServer({ server, clientTracking: false });

wss.on('connection', (ws, req) => {
  ws.on('error', () => {});
  const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id');
  if (!id) {
    ws.send('{"type":"ERROR","payload":{"msg":"No id supplied"}}');
    ws.close();
    return;
  }
  const previous = clients.get(id);
  clients.set(id, ws);
  if (previous) previous.close();
  ws.send('{"type":"OPEN"}');
  ws.on('message', (data) => {
    let msg;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (msg === null || typeof msg !== 'object' || typeof msg.dst !== 'string') return;
    const target = clients.get(msg.dst);
    if (target === undefined) return;
    msg.src = id;
    target.send(JSON.stringify(msg));
  });
  ws.on('close', () => {
    if (clients.get(id) === ws) clients.delete(id);
  });
});

server.listen(port, host, () => {
  const a = server.address();
  console.log(`baseline relay listening on ${a.address}:${a.port}`);
});

const stop = () => {
  for (const ws of clients.values()) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
