import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen } from '../../helpers/ws-client.js';

describe('relay on bytes', () => {
  it('a text frame with multi-byte UTF-8 arrives byte-exact with src spliced', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw('{"type":"CANDIDATE","dst":"bob","payload":"héllo ✓ 😀 }"}');
    expect(await b.next((m) => m.type === 'CANDIDATE')).toEqual({ type: 'CANDIDATE', dst: 'bob', payload: 'héllo ✓ 😀 }', src: 'alice' });
    await Promise.all([a.close(), b.close()]);
  });

  it('a binary frame with invalid UTF-8 never reaches the peer as invalid UTF-8 (its socket stays open)', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const bad = Buffer.concat([Buffer.from('{"type":"OFFER","dst":"bob","payload":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    a.sendRaw(bad);
    a.send({ type: 'CANDIDATE', dst: 'bob', payload: 'after' });
    const offer = await b.next((m) => m.type === 'OFFER');
    expect(offer.src).toBe('alice');
    expect(offer.payload).toBe('x\uFFFD\uFFFD');
    expect(await b.next((m) => m.type === 'CANDIDATE')).toMatchObject({ payload: 'after', src: 'alice' });
    expect(b.ws.readyState).toBe(b.ws.OPEN);
    await Promise.all([a.close(), b.close()]);
  });

  it('a frame-out listener and the history see exactly the text the peer received', async () => {
    const { port, server } = await startServer();
    const frames: string[] = [];
    server.on('frame-out', (e) => {
      if (e.peer === 'bob') frames.push(e.frame);
    });
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw('{"type":"OFFER","dst":"bob","payload":"é✓"}');
    a.sendRaw('{"type":"ANSWER","src":"mallory","dst":"bob","payload":1}');
    await b.next((m) => m.type === 'ANSWER');
    const received = b.texts.slice(1); // after OPEN
    expect(frames.slice(1)).toEqual(received);
    const history = server.recentEvents().filter((e) => e.kind === 'frame-out' && e.peer === 'bob');
    expect(history.map((e) => ('frame' in e ? e.frame : null)).slice(1)).toEqual(received);
    await Promise.all([a.close(), b.close()]);
  });

  it('many frames to one peer in one tick arrive complete and in order', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const c = await connectOpen(port, { id: 'carol' });
    for (let i = 0; i < 300; i += 1) {
      a.send({ type: 'CANDIDATE', dst: 'bob', payload: `a${i}` });
      c.send({ type: 'CANDIDATE', dst: 'bob', payload: `c${i}` });
    }
    await b.next((m) => m.payload === 'a299');
    await b.next((m) => m.payload === 'c299');
    const from = (src: string) => b.messages.filter((m) => m.src === src).map((m) => m.payload);
    expect(from('alice')).toEqual([...Array(300).keys()].map((i) => `a${i}`));
    expect(from('carol')).toEqual([...Array(300).keys()].map((i) => `c${i}`));
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
