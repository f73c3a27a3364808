/**
 * A client the server has disconnected (kicked, or silent past alive_timeout) is unregistered at once,
 * even when it ignores the close frame and keeps its TCP connection (ws waits up to 30 s for the
 * closing handshake): nothing it sends in that time is relayed under its old id.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

const raw: Socket[] = [];
afterEach(() => {
  for (const s of raw.splice(0)) s.destroy();
});

/** A WebSocket client written by hand that never answers a close frame. Resolves once upgraded. */
function stubbornClient(port: number, id: string): Promise<{ sendText: (text: string) => void; received: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    raw.push(socket);
    let got = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const first = got.length === 0;
      got = Buffer.concat([got, chunk]);
      if (first) {
        if (!got.toString('latin1').startsWith('HTTP/1.1 101')) reject(new Error(got.toString('latin1')));
        resolve({
          sendText(text) {
            const payload = Buffer.from(text);
            if (payload.length > 125) throw new Error('short frames only');
            const mask = randomBytes(4);
            const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
            socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
          },
          received: () => got.toString('latin1'),
        });
      }
    });
    socket.write(
      `GET /peerjs?key=peerjs&id=${id}&token=t-${id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
  });
}

describe('a disconnected client that keeps its socket open', () => {
  it('has nothing relayed after the server kicked it', async () => {
    const { server, port } = await startServer();
    const bob = await connectOpen(port, { id: 'bob', token: 't-bob' });
    const mallory = await stubbornClient(port, 'mallory');
    await expect.poll(() => server.peers().some((p) => p.id === 'mallory')).toBe(true);

    expect(server.disconnect('mallory')).toBe(true);
    await expect.poll(() => mallory.received().includes('Disconnected by the server operator')).toBe(true);
    mallory.sendText(JSON.stringify({ type: 'OFFER', dst: 'bob', payload: { sdp: 'after-kick' } }));
    await sleep(300);
    const carol = await connectOpen(port, { id: 'carol', token: 't-carol' });
    carol.send({ type: 'OFFER', dst: 'bob', payload: { sdp: 'marker' } });
    await bob.next((m) => m.src === 'carol');
    expect(bob.messages.filter((m) => m.src === 'mallory')).toEqual([]);
    await bob.close();
    await carol.close();
  });

  it('has nothing relayed after alive_timeout unregistered it', async () => {
    const { server, port } = await startServer({ alive_timeout: 1000 });
    const mallory = await stubbornClient(port, 'mallory');
    await expect.poll(() => mallory.received().includes('No sign of life'), { timeout: 5000 }).toBe(true);
    expect(server.peers().some((p) => p.id === 'mallory')).toBe(false);
    const bob = await connectOpen(port, { id: 'bob', token: 't-bob' });
    mallory.sendText(JSON.stringify({ type: 'OFFER', dst: 'bob', payload: { sdp: 'after-timeout' } }));
    await sleep(100);
    bob.send({ type: 'HEARTBEAT' });
    const carol = await connectOpen(port, { id: 'carol', token: 't-carol' });
    carol.send({ type: 'OFFER', dst: 'bob', payload: { sdp: 'marker' } });
    await bob.next((m) => m.src === 'carol');
    expect(bob.messages.filter((m) => m.src === 'mallory')).toEqual([]);
    await bob.close();
    await carol.close();
  });
});
