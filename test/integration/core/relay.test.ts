import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

describe('relay', () => {
  it.each(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE'])('%s goes to dst as {type, src, dst, payload}', async (type) => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const payload = { sdp: { type: 'offer', sdp: 'v=0\r\n' }, connectionId: 'dc_1' };
    a.send({ type, dst: 'bob', payload });
    expect(await b.next((m) => m.type === type)).toEqual({ type, src: 'alice', dst: 'bob', payload });
    await Promise.all([a.close(), b.close()]);
  });

  it('src is always the sender, whatever the client wrote', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw('{"type":"OFFER","src":"mallory","dst":"bob","payload":1}');
    a.sendRaw('{"src":"x","type":"ANSWER","dst":"bob","src":"y","payload":2}');
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 1 });
    expect(await b.next((m) => m.type === 'ANSWER')).toMatchObject({ src: 'alice', payload: 2 });
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps order per sender', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    for (let i = 0; i < 200; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: i });
    await b.next((m) => m.payload === 199);
    expect(b.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload)).toEqual([...Array(200).keys()]);
    await Promise.all([a.close(), b.close()]);
  });

  it('queues OFFER/ANSWER/CANDIDATE for an absent id and delivers them in order after its OPEN', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 1 });
    a.send({ type: 'CANDIDATE', dst: 'bob', payload: 2 });
    a.send({ type: 'ANSWER', dst: 'bob', payload: 3 });
    await sleep(50);
    expect(server.stats().queued).toBe(3);
    const b = await connectOpen(port, { id: 'bob' });
    await b.next((m) => m.payload === 3);
    expect(b.messages.map((m) => [m.type, m.payload ?? null])).toEqual([
      ['OPEN', null],
      ['OFFER', 1],
      ['CANDIDATE', 2],
      ['ANSWER', 3],
    ]);
    expect(b.messages[1]).toMatchObject({ src: 'alice', dst: 'bob' });
    expect(server.stats().queued).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('EXPIRE once per (sender, dst) when the dst does not come within expire_timeout', async () => {
    const { port, server } = await startServer({ expire_timeout: 300 });
    const a = await connectOpen(port, { id: 'alice' });
    const c = await connectOpen(port, { id: 'carol' });
    for (let i = 0; i < 5; i += 1) a.send({ type: 'CANDIDATE', dst: 'ghost', payload: i });
    c.send({ type: 'OFFER', dst: 'ghost', payload: 'c' });
    a.send({ type: 'OFFER', dst: 'phantom', payload: 'p' });
    expect(await a.next((m) => m.type === 'EXPIRE' && m.src === 'ghost', 3000)).toEqual({ type: 'EXPIRE', src: 'ghost', dst: 'alice' });
    await a.next((m) => m.type === 'EXPIRE' && m.src === 'phantom', 3000);
    expect(await c.next((m) => m.type === 'EXPIRE', 3000)).toEqual({ type: 'EXPIRE', src: 'ghost', dst: 'carol' });
    await sleep(700);
    expect(a.messages.filter((m) => m.type === 'EXPIRE')).toHaveLength(2);
    expect(c.messages.filter((m) => m.type === 'EXPIRE')).toHaveLength(1);
    expect(server.stats()).toMatchObject({ queued: 0, expiredTotal: 7 });
    const ghost = await connectOpen(port, { id: 'ghost' });
    await sleep(50);
    expect(ghost.messages.map((m) => m.type)).toEqual(['OPEN']);
    await Promise.all([a.close(), c.close(), ghost.close()]);
  });

  it('expiry is measured per message: a young message survives an old one expiring for another sender', async () => {
    const { port } = await startServer({ expire_timeout: 600 });
    const a = await connectOpen(port, { id: 'alice' });
    const c = await connectOpen(port, { id: 'carol' });
    a.send({ type: 'OFFER', dst: 'late', payload: 'old' });
    await sleep(350);
    c.send({ type: 'OFFER', dst: 'late', payload: 'young' });
    await a.next((m) => m.type === 'EXPIRE', 3000);
    const late = await connectOpen(port, { id: 'late' });
    expect(await late.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'carol', payload: 'young' });
    expect(late.messages.some((m) => m.payload === 'old')).toBe(false);
    await Promise.all([a.close(), c.close(), late.close()]);
  });

  it('LEAVE and EXPIRE to an absent id are dropped, not queued', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    a.send({ type: 'LEAVE', dst: 'nobody' });
    a.send({ type: 'EXPIRE', dst: 'nobody' });
    await sleep(50);
    expect(server.stats()).toMatchObject({ queued: 0, droppedTotal: 2 });
    await a.close();
  });

  it('max_queue: beyond it the sender gets an ERROR and the message is dropped', async () => {
    const { port, server } = await startServer({ max_queue: 3 });
    const a = await connectOpen(port, { id: 'alice' });
    for (let i = 0; i < 5; i += 1) a.send({ type: 'CANDIDATE', dst: 'absent', payload: i });
    const err = await a.next((m) => m.type === 'ERROR');
    expect((err.payload as { msg: string }).msg).toMatch(/queue for "absent" is full/i);
    await sleep(50);
    expect(a.messages.filter((m) => m.type === 'ERROR')).toHaveLength(2);
    expect(server.stats().queued).toBe(3);
    const late = await connectOpen(port, { id: 'absent' });
    await late.next((m) => m.payload === 2);
    await sleep(30);
    expect(late.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload)).toEqual([0, 1, 2]);
    await Promise.all([a.close(), late.close()]);
  });

  it('max_queued_bytes caps all queues together', async () => {
    const { port, server } = await startServer({ max_queued_bytes: 2000, max_queue: 0 });
    const a = await connectOpen(port, { id: 'alice' });
    for (let i = 0; i < 20; i += 1) a.send({ type: 'OFFER', dst: `absent${i}`, payload: 'x'.repeat(300) });
    await a.next((m) => m.type === 'ERROR' && /memory/.test((m.payload as { msg: string }).msg));
    expect(server.stats().queuedBytes).toBeLessThanOrEqual(2000);
    await a.close();
  });

  it('LEAVE without dst does not unregister the sender while its socket stays open', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.send({ type: 'LEAVE' });
    await sleep(50);
    expect(server.peers().map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    b.send({ type: 'OFFER', dst: 'alice', payload: 'hi' });
    expect(await a.next((m) => m.type === 'OFFER')).toMatchObject({ payload: 'hi' });
    await Promise.all([a.close(), b.close()]);
  });
});
