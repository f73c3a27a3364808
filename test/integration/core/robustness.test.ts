import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

describe('bad input gets a clear ERROR and the connection keeps working', () => {
  const cases: [string, RegExp][] = [
    ['not json at all', /not valid JSON/],
    ['null', /expected a JSON object/],
    ['42', /expected a JSON object/],
    ['[1,2]', /expected a JSON object/],
    ['{"dst":"bob"}', /missing "type"/],
    ['{"type":"HELLO","dst":"bob"}', /type "HELLO" is unknown/],
    ['{"type":"OPEN","dst":"bob"}', /sent by the server only/],
    ['{"type":"OFFER","dst":42}', /needs "dst"/],
    ['{"type":"OFFER"}', /needs "dst"/],
  ];
  it.each(cases)('%s', async (frame, msg) => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw(frame);
    const err = await a.next((m) => m.type === 'ERROR');
    expect((err.payload as { msg: string }).msg).toMatch(msg);
    a.send({ type: 'OFFER', dst: 'bob', payload: 'after' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 'after' });
    expect(server.peers()).toHaveLength(2);
    expect(server.stats().malformedTotal).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('a frame over max_payload closes that socket with 1009; others are served', async () => {
    const { port, server } = await startServer({ max_payload: 4096 });
    const reasons: string[] = [];
    server.on('connection-closed', (e) => reasons.push(e.reason));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'x'.repeat(5000) });
    expect((await a.closed).code).toBe(1009);
    await sleep(30);
    expect(reasons).toEqual(['too-large']);
    expect(server.peers().map((p) => p.id)).toEqual(['bob']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN']);
    const c = await connectOpen(port, { id: 'carol' });
    c.send({ type: 'OFFER', dst: 'bob', payload: 'small' });
    await b.next((m) => m.type === 'OFFER');
    await Promise.all([b.close(), c.close()]);
  });

  it('binary frames are read as text', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw(Buffer.from('{"type":"OFFER","dst":"bob","payload":"bin"}'));
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ payload: 'bin', src: 'alice' });
    await Promise.all([a.close(), b.close()]);
  });
});

describe('liveness', () => {
  it('HEARTBEAT gets no reply and keeps a client alive; silence disconnects it at alive_timeout', async () => {
    const { port, server } = await startServer({ alive_timeout: 600 });
    const reasons: string[] = [];
    server.on('connection-closed', (e) => reasons.push(`${e.id}:${e.reason}`));
    const beating = await connectOpen(port, { id: 'beating' });
    const silent = await connectOpen(port, { id: 'silent' });
    const timer = setInterval(() => beating.send({ type: 'HEARTBEAT' }), 150);
    const { code } = await silent.closed;
    expect(code).toBe(4001);
    await sleep(400);
    clearInterval(timer);
    expect(server.peers().map((p) => p.id)).toEqual(['beating']);
    expect(beating.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(reasons).toEqual(['silent:timeout']);
    await beating.close();
  });

  it('any frame counts as a sign of life, even a malformed one', async () => {
    const { port, server } = await startServer({ alive_timeout: 600 });
    const a = await connectOpen(port, { id: 'alice' });
    const timer = setInterval(() => a.sendRaw('{"type":"OFFER","dst":"nobody-here"}'), 150);
    await sleep(1200);
    clearInterval(timer);
    expect(server.peers().map((p) => p.id)).toEqual(['alice']);
    await a.close();
  });
});

describe('slow consumers', () => {
  it('a client that stops reading is cut off at max_buffered; the sender and others are served', async () => {
    const { port, server } = await startServer({ max_buffered: 64 * 1024 });
    const reasons: string[] = [];
    server.on('connection-closed', (e) => reasons.push(`${e.id}:${e.reason}`));
    const sender = await connectOpen(port, { id: 'sender' });
    const stuck = await connectOpen(port, { id: 'stuck' });
    const other = await connectOpen(port, { id: 'other' });
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = 'x'.repeat(20_000);
    for (let i = 0; i < 600 && server.peers().some((p) => p.id === 'stuck'); i += 1) {
      sender.send({ type: 'CANDIDATE', dst: 'stuck', payload: chunk });
      if (i % 20 === 0) await sleep(5);
    }
    await sleep(100);
    expect(reasons).toContain('stuck:too-slow');
    expect(server.peers().map((p) => p.id).sort()).toEqual(['other', 'sender']);
    sender.send({ type: 'OFFER', dst: 'other', payload: 'fine' });
    expect(await other.next((m) => m.type === 'OFFER')).toMatchObject({ payload: 'fine' });
    await Promise.all([sender.close(), other.close()]);
  });
});
