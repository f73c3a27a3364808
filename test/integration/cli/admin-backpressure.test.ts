/**
 * The admin socket under back-pressure: a dashboard that stops reading skips batches, and once it
 * reads again it still learns what it missed: the server state, the peers, and every dropped event.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { MAX_BUFFERED_BYTES, serveAdminSocket } from '../../../src/cli/dashboard/admin-socket.js';
import { emptyStats } from '../../../src/core/stats.js';
import type { CommandResult, ControlApi, ControlSnapshot, EventBatch, ServerState } from '../../../src/shared/control.js';
import type { ServerEvent } from '../../../src/shared/events.js';

const OK: CommandResult = { ok: true };

/** A ControlApi whose batches the test pushes by hand. */
function batchSource(): { control: ControlApi; push: (batch: EventBatch) => void } {
  let listener: ((batch: EventBatch) => void) | null = null;
  const control: ControlApi = {
    getSnapshot: () => Promise.reject(new Error('not used')) as Promise<ControlSnapshot>,
    getRecentEvents: () => Promise.resolve([]),
    start: () => Promise.resolve(OK),
    stop: () => Promise.resolve(OK),
    applySettings: () => Promise.resolve(OK),
    disconnectPeer: () => Promise.resolve(OK),
    subscribe(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return { control, push: (batch) => listener?.(batch) };
}

function bigEvent(seq: number): ServerEvent {
  return { kind: 'frame-in', seq, time: 0, peer: 'a', type: 'OFFER', dst: 'b', size: 256 * 1024, frame: 'x'.repeat(256 * 1024) };
}

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('admin socket back-pressure', () => {
  it('carries the state, peers and dropped count of skipped batches into the next one sent', async () => {
    const { control, push } = batchSource();
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    let serverSide: WebSocket | null = null;
    wss.on('connection', (ws) => {
      serverSide = ws;
      serveAdminSocket(ws, control);
    });
    const port = (wss.address() as { port: number }).port;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    let wire: Socket | null = null;
    client.on('upgrade', (res) => {
      wire = res.socket as Socket;
    });
    const batches: EventBatch[] = [];
    client.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type?: string; batch?: EventBatch; id?: number };
      if (msg.type === 'batch' && msg.batch) batches.push(msg.batch);
    });
    await new Promise((r) => client.once('open', r));
    const subscribed = new Promise((r) => client.once('message', r));
    client.send(JSON.stringify({ id: 1, method: 'subscribe' }));
    await subscribed;

    // The dashboard stops reading: batches pile up in the server's send buffer until it skips them.
    (wire as unknown as Socket).pause();
    const server = serverSide as unknown as WebSocket;
    let seq = 0;
    let sent = 0;
    while (server.bufferedAmount <= MAX_BUFFERED_BYTES && sent < 400) {
      push({ events: [bigEvent((seq += 1))], dropped: 0, stats: emptyStats() });
      sent += 1;
    }
    expect(server.bufferedAmount).toBeGreaterThan(MAX_BUFFERED_BYTES);

    // While it is behind, the server stops (state), the peers change and a burst overflows a batch.
    const stopped: ServerState = { status: 'stopped', error: null, startedAt: null, host: null, port: null, addresses: [] };
    push({ events: [bigEvent((seq += 1))], dropped: 0, stats: emptyStats(), state: stopped, peers: [] });
    push({ events: [], dropped: 7, stats: emptyStats() });

    // It reads again; the next batch is an ordinary one without state or peers.
    (wire as unknown as Socket).resume();
    await waitFor(() => server.bufferedAmount === 0 && batches.length === sent, 'the backlog to drain');
    push({ events: [], dropped: 0, stats: emptyStats() });
    await waitFor(() => batches.length === sent + 1, 'the batch after the backlog');

    const last = batches[batches.length - 1] as EventBatch;
    expect(last.state?.status).toBe('stopped');
    expect(last.peers).toEqual([]);
    expect(last.dropped).toBe(1 + 7);
    client.terminate();
  });
});
