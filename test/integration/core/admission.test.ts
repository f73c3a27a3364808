import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connect, connectOpen, sleep } from '../../helpers/ws-client.js';

const errorOf = (msg: string) => ({ type: 'ERROR', payload: { msg } });

describe('WebSocket admission', () => {
  it('missing id, token or key: ERROR and close', async () => {
    const { port } = await startServer();
    for (const o of [{ id: null }, { token: null }, { key: null }]) {
      const c = await connect(port, o);
      expect(await c.next(() => true)).toEqual(errorOf('No id, token, or key supplied to websocket server'));
      await c.closed;
    }
  });

  it('wrong key: ERROR "Invalid key provided" and close', async () => {
    const { port } = await startServer({ key: 'right' });
    const c = await connect(port, { key: 'wrong' });
    expect(await c.next(() => true)).toEqual(errorOf('Invalid key provided'));
    await c.closed;
  });

  it('checks params before the key, and the key before the id', async () => {
    const { port } = await startServer({ key: 'right' });
    const c1 = await connect(port, { key: 'wrong', id: null });
    expect((await c1.next(() => true)).payload).toEqual({ msg: 'No id, token, or key supplied to websocket server' });
    const c2 = await connect(port, { key: 'wrong', id: 'bad/id' });
    expect((await c2.next(() => true)).payload).toEqual({ msg: 'Invalid key provided' });
  });

  it.each(['bad/id', '-lead', 'a'.repeat(129), 'spaces  twice'])('invalid id %j: ERROR "Invalid id" and close', async (id) => {
    const { port, server } = await startServer();
    const c = await connect(port, { id });
    expect(await c.next(() => true)).toEqual(errorOf('Invalid id'));
    await c.closed;
    expect(server.peers()).toEqual([]);
  });

  it('validate_ids: false lets any id in', async () => {
    const { port } = await startServer({ validate_ids: false });
    const c = await connectOpen(port, { id: 'bad/id' });
    await c.close();
  });

  it('OPEN on success; extra query params are ignored', async () => {
    const { port, server } = await startServer();
    const c = await connect(port, { id: 'alice', extra: '&version=1.5.5' });
    expect(await c.next(() => true)).toEqual({ type: 'OPEN' });
    expect(server.peers().map((p) => p.id)).toEqual(['alice']);
    await c.close();
  });

  it('id held with another token: ID-TAKEN and close, the holder untouched', async () => {
    const { port, server } = await startServer();
    const holder = await connectOpen(port, { id: 'alice', token: 't1' });
    const thief = await connect(port, { id: 'alice', token: 't2' });
    expect(await thief.next(() => true)).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    await thief.closed;
    expect(server.peers().map((p) => p.id)).toEqual(['alice']);
    const bob = await connectOpen(port, { id: 'bob' });
    bob.send({ type: 'OFFER', dst: 'alice', payload: 'still here' });
    expect((await holder.next((m) => m.type === 'OFFER')).payload).toBe('still here');
    await Promise.all([holder.close(), bob.close()]);
  });

  it('concurrent_limit: ERROR and close beyond it', async () => {
    const { port } = await startServer({ concurrent_limit: 2 });
    const a = await connectOpen(port, { id: 'a' });
    const b = await connectOpen(port, { id: 'b' });
    const c = await connect(port, { id: 'c' });
    expect(await c.next(() => true)).toEqual(errorOf('Server has reached its concurrent user limit'));
    await c.closed;
    await a.close();
    await sleep(50);
    const d = await connectOpen(port, { id: 'd' });
    await Promise.all([b.close(), d.close()]);
  });

  it('same id and token while open: the new socket takes over with OPEN, the old one closes, and its close never unregisters the new', async () => {
    const { port, server } = await startServer();
    const closed: string[] = [];
    server.on('connection-closed', (e) => closed.push(e.reason));
    const old = await connectOpen(port, { id: 'alice', token: 'tok' });
    const fresh = await connectOpen(port, { id: 'alice', token: 'tok' });
    const { code } = await old.closed;
    expect(code).toBe(4000);
    await sleep(50);
    expect(closed).toEqual(['replaced']);
    expect(server.peers().map((p) => p.id)).toEqual(['alice']);
    const bob = await connectOpen(port, { id: 'bob' });
    bob.send({ type: 'OFFER', dst: 'alice', payload: 1 });
    expect(await fresh.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'bob', payload: 1 });
    await Promise.all([fresh.close(), bob.close()]);
  });

  it('a disconnected id is free at once, and no LEAVE is sent to anyone', async () => {
    const { port } = await startServer();
    const a = await connectOpen(port, { id: 'alice', token: 't1' });
    const b = await connectOpen(port, { id: 'bob' });
    b.send({ type: 'OFFER', dst: 'alice', payload: 1 });
    await a.next((m) => m.type === 'OFFER');
    await a.close();
    await sleep(30);
    const again = await connectOpen(port, { id: 'alice', token: 'other' });
    await sleep(100);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN']);
    await Promise.all([again.close(), b.close()]);
  });
});
