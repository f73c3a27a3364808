/** A PeerJS-protocol test client on a real `ws` socket: records every frame, awaits the ones a test needs. */
import WebSocket from 'ws';

export interface ServerMessage {
  type: string;
  src?: string;
  dst?: string;
  payload?: unknown;
  [extra: string]: unknown;
}

export interface TestClient {
  ws: WebSocket;
  /** Every frame received, parsed, in order. */
  messages: ServerMessage[];
  /** Raw texts received, in order. */
  texts: string[];
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** Resolves with the first message (from index `from` on) matching `match`. */
  next(match: (m: ServerMessage) => boolean, timeoutMs?: number, from?: number): Promise<ServerMessage>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  id?: string | null;
  token?: string | null;
  key?: string | null;
  path?: string;
  extra?: string;
}

export function socketUrl(port: number, o: ConnectOptions = {}): string {
  const params = new URLSearchParams();
  const id = o.id === undefined ? 'peer1' : o.id;
  const token = o.token === undefined ? 'token1' : o.token;
  const key = o.key === undefined ? 'peerjs' : o.key;
  if (key !== null) params.set('key', key);
  if (id !== null) params.set('id', id);
  if (token !== null) params.set('token', token);
  const base = o.path && o.path !== '/' ? o.path.replace(/\/$/, '') : '';
  return `ws://127.0.0.1:${port}${base}/peerjs?${params.toString()}${o.extra ?? ''}`;
}

export function connect(port: number, o: ConnectOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(socketUrl(port, o));
  const messages: ServerMessage[] = [];
  const texts: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    texts.push(text);
    messages.push(JSON.parse(text) as ServerMessage);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of [...waiters]) w();
    });
  });
  ws.on('error', () => undefined);
  const client: TestClient = {
    ws,
    messages,
    texts,
    send: (m) => ws.send(JSON.stringify(m)),
    sendRaw: (t) => ws.send(t),
    next(match, timeoutMs = 3000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Connects and waits for OPEN. */
export async function connectOpen(port: number, o: ConnectOptions = {}): Promise<TestClient> {
  const c = await connect(port, o);
  await c.next((m) => m.type === 'OPEN');
  return c;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
