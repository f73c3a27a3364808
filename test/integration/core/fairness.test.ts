/**
 * Fair share per client, on real sockets: a flooder is slowed (its socket is not read) and then closed with
 * 1008 'flooding', while an honest pair keeps relaying without loss.
 */
import net from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MESSAGE_OVERHEAD } from '../../../src/core/footprint.js';
import type { ServerEvent } from '../../../src/core/index.js';
import { startServer } from '../../helpers/server.js';
import WebSocket from 'ws';
import { connectOpen, sleep, socketUrl, type TestClient } from '../../helpers/ws-client.js';

/** Sends `frame` as fast as the socket takes it (never more than 1 MiB waiting locally) until stopped. */
function flood(client: TestClient, frame: string): { stop: () => void; sent: () => number } {
  let sent = 0;
  let running = true;
  const pump = (): void => {
    if (!running || client.ws.readyState !== client.ws.OPEN) return;
    for (let i = 0; i < 200 && client.ws.bufferedAmount < 1024 * 1024; i++) {
      client.ws.send(frame);
      sent += 1;
    }
    setTimeout(pump, client.ws.bufferedAmount < 1024 * 1024 ? 0 : 5);
  };
  pump();
  return { stop: () => (running = false), sent: () => sent };
}

/** `rounds` OFFERs from a to b and back, one at a time; resolves with the payloads b and a got. */
async function pingPong(a: TestClient, b: TestClient, rounds: number, tag: string): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const fromB = b.messages.length;
    a.send({ type: 'OFFER', dst: 'bob', payload: `${tag}${i}` });
    await b.next((m) => m.type === 'OFFER' && m.payload === `${tag}${i}`, 10_000, fromB);
    const fromA = a.messages.length;
    b.send({ type: 'ANSWER', dst: 'alice', payload: `${tag}${i}` });
    await a.next((m) => m.type === 'ANSWER' && m.payload === `${tag}${i}`, 10_000, fromA);
  }
}

describe('fair share per client', () => {
  it('a HEARTBEAT flooder is slowed to its budget, then closed 1008 flooding; the honest pair loses nothing', async () => {
    const rate = 500;
    const { port, server } = await startServer({ max_frame_rate: rate, flood_timeout: 1500 });
    const closes: ServerEvent[] = [];
    server.on('connection-closed', (e) => closes.push(e));
    const alice = await connectOpen(port, { id: 'alice', token: 'ta' });
    const bob = await connectOpen(port, { id: 'bob', token: 'tb' });
    const mallory = await connectOpen(port, { id: 'mallory', token: 'tm' });

    const t0 = Date.now();
    const f = flood(mallory, '{"type":"HEARTBEAT"}');
    let rounds = 0;
    // The honest pair keeps relaying while the flooder runs, until it is cut off.
    const closed = mallory.closed;
    let done = false;
    void closed.then(() => (done = true));
    while (!done && Date.now() - t0 < 15_000) {
      await pingPong(alice, bob, 5, `r${rounds}-`);
      rounds += 5;
    }
    f.stop();
    const { code, reason } = await closed;
    const elapsed = (Date.now() - t0) / 1000;
    expect(code).toBe(1008);
    expect(reason).toMatch(/flooding/i);
    await sleep(50);
    expect(closes).toMatchObject([{ kind: 'connection-closed', id: 'mallory', reason: 'flooding' }]);
    // Back-pressure came first: it was closed after flood_timeout of being slowed, not at once...
    expect(elapsed).toBeGreaterThan(1.5);
    // ...and while slowed the server read about its budget (2 s burst + rate × time), not what it sent.
    const handled = server.stats().messagesIn.HEARTBEAT;
    expect(handled).toBeLessThan(rate * 2 + rate * elapsed + 3000);
    expect(f.sent()).toBeGreaterThan(handled * 2);
    // The honest pair went on the whole time, every message delivered, in order.
    expect(rounds).toBeGreaterThan(0);
    const offers = bob.messages.filter((m) => m.type === 'OFFER').map((m) => m.payload);
    expect(offers).toEqual(Array.from({ length: rounds }, (_, i) => `r${Math.floor(i / 5) * 5}-${i % 5}`));
    await pingPong(alice, bob, 3, 'after-');
    expect(server.peers().map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('invalid frames count against the budget too', async () => {
    const { port, server } = await startServer({ max_frame_rate: 300, flood_timeout: 1000 });
    const alice = await connectOpen(port, { id: 'alice', token: 'ta' });
    const bob = await connectOpen(port, { id: 'bob', token: 'tb' });
    const mallory = await connectOpen(port, { id: 'mallory', token: 'tm' });
    const f = flood(mallory, '{"nope');
    const { code } = await mallory.closed;
    f.stop();
    expect(code).toBe(1008);
    expect(server.stats().malformedTotal).toBeLessThan(f.sent());
    await pingPong(alice, bob, 3, 'after-');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a client over its byte budget is slowed, not closed, when it then keeps within it', async () => {
    const { port, server } = await startServer({ max_byte_rate: 20_000, flood_timeout: 3000 });
    const closes: string[] = [];
    server.on('connection-closed', (e) => closes.push(e.reason));
    const alice = await connectOpen(port, { id: 'alice', token: 'ta' });
    const bob = await connectOpen(port, { id: 'bob', token: 'tb' });
    // 60 KB at once: 20 KB over the 40 KB burst, so one second of waiting; all of it arrives, in order.
    const t0 = Date.now();
    for (let i = 0; i < 30; i++) alice.send({ type: 'CANDIDATE', dst: 'bob', payload: `${i}:${'x'.repeat(2000)}` });
    await bob.next((m) => m.type === 'CANDIDATE' && String(m.payload).startsWith('29:'), 10_000);
    expect(Date.now() - t0).toBeGreaterThan(500);
    const got = bob.messages.filter((m) => m.type === 'CANDIDATE').map((m) => String(m.payload).split(':')[0]);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    await sleep(200);
    expect(closes).toEqual([]);
    await Promise.all([alice.close(), bob.close()]);
  });
});

describe('memory by accounting', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapAfterGc = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };

  it('a flood of small messages for absent ids is capped by the memory they hold, not by their bytes alone', async () => {
    const cap = 2 * 1024 * 1024;
    const { port, server } = await startServer({ max_queued_bytes: cap, max_queue: 0, max_frame_rate: 0, max_byte_rate: 0, history: false, expire_timeout: 120_000 });
    // A bare ws client that keeps nothing it receives (it lives in this process, whose heap is measured).
    const mallory = new WebSocket(socketUrl(port, { id: 'mallory', token: 'tm' }));
    await new Promise((resolve, reject) => {
      mallory.once('message', resolve);
      mallory.once('error', reject);
    });
    const before = heapAfterGc();
    const n = 20_000;
    for (let i = 0; i < n; i++) mallory.send(`{"type":"CANDIDATE","dst":"absent${i % 1000}","payload":{"c":${i}}}`);
    // Wait until the server has read them all (each is queued or refused).
    const t0 = Date.now();
    while (server.stats().messagesIn.CANDIDATE < n && Date.now() - t0 < 20_000) await sleep(50);
    expect(server.stats().messagesIn.CANDIDATE).toBe(n);
    const stats = server.stats();
    const held = heapAfterGc() - before;
    expect(stats.queuedBytes).toBeLessThanOrEqual(cap);
    // Each queued message counts for its overhead too: far fewer than cap / 50-byte texts are admitted.
    expect(stats.queued).toBeLessThanOrEqual(Math.floor(cap / MESSAGE_OVERHEAD));
    expect(stats.queued).toBeGreaterThan(1000);
    // And what the server holds is within the cap (plus a little for sockets and bookkeeping).
    expect(held).toBeLessThan(cap + 1024 * 1024);
    // The queues still work: an absent id that connects gets what was queued for it, in order.
    const late = await connectOpen(port, { id: 'absent7', token: 't7' });
    await sleep(100);
    const got = late.messages.filter((m) => m.type === 'CANDIDATE').map((m) => (m.payload as { c: number }).c);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expect(got.every((c) => c % 1000 === 7)).toBe(true);
    mallory.close();
    await late.close();
  });
});

describe('connection storms', () => {
  /** Opens a raw TCP connection and asks for an upgrade at once; resolves with the first frame's text (or null). */
  function stormSocket(port: number, i: number, onAnswer: () => void): { done: Promise<string | null>; socket: net.Socket } {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = new Promise<string | null>((resolve) => {
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0 || buf.length < end + 6) return;
        const frame = buf.subarray(end + 4);
        const len = frame[1]! & 0x7f;
        if (frame.length < 2 + len) return;
        onAnswer();
        resolve(frame.subarray(2, 2 + len).toString());
      });
      socket.on('error', () => resolve(null));
      socket.on('close', () => resolve(null));
    });
    socket.on('connect', () => {
      socket.write(
        `GET /peerjs?key=peerjs&id=storm${i}&token=t${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    return { done, socket };
  }

  it('during a storm of upgrades over the limit, every one is answered and the honest pair keeps relaying', async () => {
    const { port, server } = await startServer({ concurrent_limit: 100 });
    const alice = await connectOpen(port, { id: 'alice', token: 'ta' });
    const bob = await connectOpen(port, { id: 'bob', token: 'tb' });
    const total = 600;
    let answered = 0;
    const storm = Array.from({ length: total }, (_, i) => stormSocket(port, i, () => (answered += 1)));
    // Honest round trips while the storm is handled; each records how many storm sockets were answered by then.
    const answeredAt: number[] = [];
    let stormOver = false;
    const all = Promise.all(storm.map((s) => s.done)).then((r) => {
      stormOver = true;
      return r;
    });
    let rounds = 0;
    while (!stormOver || rounds < 3) {
      await pingPong(alice, bob, 1, `s${rounds}-`);
      answeredAt.push(answered);
      rounds += 1;
      if (rounds > 2000) break;
    }
    const firsts = await all;
    const opened = firsts.filter((t) => t !== null && t.includes('"OPEN"')).length;
    const refused = firsts.filter((t) => t !== null && t.includes('concurrent user limit')).length;
    expect(opened).toBe(98);
    expect(refused).toBe(total - 98);
    // The honest pair was served while upgrades were still being handled, not only after them all.
    expect(answeredAt.some((n) => n < total)).toBe(true);
    const offers = bob.messages.filter((m) => m.type === 'OFFER').map((m) => m.payload);
    expect(offers).toEqual(Array.from({ length: rounds }, (_, i) => `s${i}-0`));
    for (const s of storm) s.socket.destroy();
    const t0 = Date.now();
    while (server.peers().length > 2 && Date.now() - t0 < 10_000) await sleep(50);
    expect(server.peers().map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    await Promise.all([alice.close(), bob.close()]);
  });
});
