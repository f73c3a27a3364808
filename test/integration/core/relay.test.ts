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

  it('max_queue: beyond it a sender gets one EXPIRE for that id (never an ERROR), and still relays', async () => {
    // max_queue 8: each sender's share is 2 (a quarter). Four senders fill the id's queue; a fifth is refused.
    const { port, server } = await startServer({ max_queue: 8 });
    const dropped: string[] = [];
    server.on('message-dropped', (e) => dropped.push(`${e.src}:${e.reason}`));
    const senders = await Promise.all(['s0', 's1', 's2', 's3', 's4'].map((id) => connectOpen(port, { id })));
    const bob = await connectOpen(port, { id: 'bob' });
    for (const [n, s] of senders.slice(0, 4).entries()) for (let i = 0; i < 2; i += 1) s.send({ type: 'CANDIDATE', dst: 'absent', payload: `${n}.${i}` });
    await sleep(50);
    expect(server.stats().queued).toBe(8);
    const refused = senders[4]!;
    for (let i = 0; i < 3; i += 1) refused.send({ type: 'CANDIDATE', dst: 'absent', payload: `4.${i}` });
    expect(await refused.next((m) => m.type === 'EXPIRE')).toEqual({ type: 'EXPIRE', src: 'absent', dst: 's4' });
    await sleep(50);
    // Once per (sender, dst) pair: three refused messages, one EXPIRE; no ERROR to anyone.
    expect(refused.messages.map((m) => m.type)).toEqual(['OPEN', 'EXPIRE']);
    for (const s of senders) expect(s.messages.filter((m) => m.type === 'ERROR')).toEqual([]);
    expect(dropped).toEqual(['s4:queue-full', 's4:queue-full', 's4:queue-full']);
    expect(server.stats()).toMatchObject({ queued: 8, droppedTotal: 3, errorsTotal: 0 });
    // The refused sender's socket still relays.
    refused.send({ type: 'OFFER', dst: 'bob', payload: 'still here' });
    expect(await bob.next((m) => m.type === 'OFFER')).toMatchObject({ src: 's4', payload: 'still here' });
    const late = await connectOpen(port, { id: 'absent' });
    await late.next((m) => m.payload === '3.1');
    await sleep(30);
    expect(late.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload)).toEqual(['0.0', '0.1', '1.0', '1.1', '2.0', '2.1', '3.0', '3.1']);
    await Promise.all([...senders.map((s) => s.close()), bob.close(), late.close()]);
  });

  it("one sender re-dialling an absent id keeps its newest messages (its share), one EXPIRE, and others' room", async () => {
    const { port, server } = await startServer({ max_queue: 8 });
    const dialler = await connectOpen(port, { id: 'dialler' });
    const other = await connectOpen(port, { id: 'other' });
    for (let i = 0; i < 30; i += 1) dialler.send({ type: 'OFFER', dst: 'host', payload: i });
    await dialler.next((m) => m.type === 'EXPIRE');
    other.send({ type: 'OFFER', dst: 'host', payload: 'other' });
    await sleep(50);
    expect(dialler.messages.map((m) => m.type)).toEqual(['OPEN', 'EXPIRE']);
    expect(other.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(server.stats()).toMatchObject({ queued: 3, droppedTotal: 28 });
    const host = await connectOpen(port, { id: 'host' });
    await host.next((m) => m.payload === 'other');
    expect(host.messages.filter((m) => m.type === 'OFFER').map((m) => m.payload)).toEqual([28, 29, 'other']);
    await Promise.all([dialler.close(), other.close(), host.close()]);
  });

  it('max_queued_bytes caps all queues together: the sender gets EXPIRE for each id it could not queue for', async () => {
    const { port, server } = await startServer({ max_queued_bytes: 2000, max_queue: 0 });
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    for (let i = 0; i < 20; i += 1) a.send({ type: 'OFFER', dst: `absent${i}`, payload: 'x'.repeat(300) });
    await a.next((m) => m.type === 'EXPIRE');
    await sleep(50);
    expect(server.stats().queuedBytes).toBeLessThanOrEqual(2000);
    const expired = a.messages.filter((m) => m.type === 'EXPIRE').map((m) => m.src);
    const queued = server.stats().queued;
    expect(expired).toEqual(Array.from({ length: 20 - queued }, (_, i) => `absent${queued + i}`));
    expect(a.messages.filter((m) => m.type === 'ERROR')).toEqual([]);
    a.send({ type: 'OFFER', dst: 'bob', payload: 'still here' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ payload: 'still here' });
    await Promise.all([a.close(), b.close()]);
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
