import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../src/core/index.js';
import { startServer } from '../../helpers/server.js';
import { connect, connectOpen, sleep } from '../../helpers/ws-client.js';

const brief = (e: ServerEvent): string => {
  switch (e.kind) {
    case 'frame-in':
      return `in:${e.peer}:${e.type ?? 'invalid'}`;
    case 'frame-out':
      return `out:${e.peer ?? '-'}:${e.type}`;
    case 'connection-opened':
      return `opened:${e.id}`;
    case 'connection-refused':
      return `refused:${e.id ?? '-'}:${e.reason}`;
    case 'connection-closed':
      return `closed:${e.id}:${e.reason}`;
    case 'message-queued':
      return `queued:${e.src}>${e.dst}`;
    case 'message-expired':
      return `expired:${e.src}>${e.dst}:${e.count}`;
    case 'message-dropped':
      return `dropped:${e.src}>${e.dst ?? '-'}:${e.reason}`;
    case 'protocol-error':
      return `error:${e.peer}:${e.code}`;
    default:
      return e.kind;
  }
};

describe('traffic tap', () => {
  it('reports everything: opens, refusals, every frame in and out (server-made ones too), queue, expiry, errors, closes', async () => {
    const { port, server } = await startServer({ expire_timeout: 200 });
    const seen: ServerEvent[] = [];
    server.on('*', (e) => seen.push(e));
    const a = await connectOpen(port, { id: 'alice', token: 't' });
    const b = await connectOpen(port, { id: 'bob' });
    const taken = await connect(port, { id: 'alice', token: 'other' });
    await taken.closed;
    const badKey = await connect(port, { key: 'nope', id: 'x' });
    await badKey.closed;
    a.send({ type: 'OFFER', dst: 'bob', payload: { connectionId: 'c1' } });
    await b.next((m) => m.type === 'OFFER');
    a.send({ type: 'HEARTBEAT' });
    a.sendRaw('oops');
    a.send({ type: 'CANDIDATE', dst: 'ghost', payload: 1 });
    await a.next((m) => m.type === 'EXPIRE', 2000);
    await b.close();
    await sleep(30);
    const lines = seen.map(brief);
    expect(lines).toEqual([
      'opened:alice',
      'out:alice:OPEN',
      'opened:bob',
      'out:bob:OPEN',
      'refused:alice:id-taken',
      'out:alice:ID-TAKEN',
      'refused:x:invalid-key',
      'out:x:ERROR',
      'in:alice:OFFER',
      'out:bob:OFFER',
      'in:alice:HEARTBEAT',
      'in:alice:invalid',
      'error:alice:not-json',
      'in:alice:CANDIDATE',
      'queued:alice>ghost',
      'expired:alice>ghost:1',
      'out:alice:EXPIRE',
      'closed:bob:client',
    ]);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const relayed = seen.find((e) => e.kind === 'frame-out' && e.type === 'OFFER');
    expect(relayed).toMatchObject({ peer: 'bob', src: 'alice' });
    expect(JSON.parse((relayed as { frame: string }).frame)).toMatchObject({ src: 'alice', dst: 'bob', payload: { connectionId: 'c1' } });
    await a.close();
  });

  it('typed per-kind listeners, unsubscribe, and a throwing listener never breaks the server', async () => {
    const { port, server } = await startServer();
    const opened: string[] = [];
    const off = server.on('connection-opened', (e) => opened.push(e.id));
    server.on('frame-in', () => {
      throw new Error('listener bug');
    });
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarn);
    const a = await connectOpen(port, { id: 'alice' });
    off();
    const b = await connectOpen(port, { id: 'bob' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 1 });
    await b.next((m) => m.type === 'OFFER');
    await sleep(20);
    process.off('warning', onWarn);
    expect(opened).toEqual(['alice']);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('the ring buffer keeps the newest events within its count', async () => {
    const { port, server } = await startServer({ history: { maxEvents: 50, maxBytes: 1e9 } });
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    for (let i = 0; i < 100; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: i });
    await b.next((m) => m.payload === 99);
    const recent = server.recentEvents();
    expect(recent).toHaveLength(50);
    expect(recent.at(-1)).toMatchObject({ kind: 'frame-out', type: 'CANDIDATE' });
    expect(JSON.parse((recent.at(-1) as { frame: string }).frame).payload).toBe(99);
    await Promise.all([a.close(), b.close()]);
  });

  it('counts per peer and per type', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'x' });
    a.send({ type: 'HEARTBEAT' });
    await b.next((m) => m.type === 'OFFER');
    await sleep(20);
    const stats = server.stats();
    expect(stats.messagesIn.OFFER).toBe(1);
    expect(stats.messagesIn.HEARTBEAT).toBe(1);
    expect(stats.messagesOut.OPEN).toBe(2);
    expect(stats.messagesOut.OFFER).toBe(1);
    expect(stats).toMatchObject({ peers: 2, peakPeers: 2, connectionsTotal: 2 });
    const alice = server.peers().find((p) => p.id === 'alice');
    const bob = server.peers().find((p) => p.id === 'bob');
    expect(alice).toMatchObject({ messagesIn: 2, messagesOut: 1, remote: '127.0.0.1' });
    expect(bob).toMatchObject({ messagesIn: 0, messagesOut: 2 });
    expect(alice!.bytesIn).toBeGreaterThan(30);
    await Promise.all([a.close(), b.close()]);
  });

  it('with no listener and no history, the tap is inactive (no event objects are built)', async () => {
    const { server, port } = await startServer({ history: false });
    const a = await connectOpen(port, { id: 'alice' });
    expect(server.recentEvents()).toEqual([]);
    const got: ServerEvent[] = [];
    const off = server.on('*', (e) => got.push(e));
    a.send({ type: 'HEARTBEAT' });
    await sleep(30);
    off();
    a.send({ type: 'HEARTBEAT' });
    await sleep(30);
    expect(got.map((e) => e.kind)).toEqual(['frame-in']);
    await a.close();
  });
});

describe('eventsSince (polling the ring buffer instead of listening)', () => {
  it('hands out every event exactly once across polls, newest kept when over the limit', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    let after = server.eventsSince(0, 0).lastSeq;
    const seen: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 10; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: `${round}-${i}` });
      await b.next((m) => m.payload === `${round}-9`);
      const got = server.eventsSince(after, 1000);
      expect(got.skipped).toBe(0);
      seen.push(...got.events.map((e) => e.seq));
      after = got.lastSeq;
    }
    expect(seen).toHaveLength(60);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(new Set(seen).size).toBe(60);
    for (let i = 0; i < 10; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: `last-${i}` });
    await b.next((m) => m.payload === 'last-9');
    const capped = server.eventsSince(after, 4);
    expect(capped.skipped).toBe(16);
    expect(capped.events.map((e) => e.kind)).toEqual(['frame-in', 'frame-out', 'frame-in', 'frame-out']);
    expect(JSON.parse((capped.events[3] as { frame: string }).frame).payload).toBe('last-9');
    await Promise.all([a.close(), b.close()]);
  });
});
