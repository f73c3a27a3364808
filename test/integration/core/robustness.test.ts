import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

describe('bad input is dropped without a reply (no ERROR: fatal to PeerJS), reported, and the connection keeps working', () => {
  const cases: [string, string, RegExp][] = [
    ['not json at all', 'not-json', /not valid JSON/],
    ['null', 'not-object', /expected a JSON object/],
    ['42', 'not-object', /expected a JSON object/],
    ['[1,2]', 'not-object', /expected a JSON object/],
    ['{"dst":"bob"}', 'no-type', /missing "type"/],
    ['{"type":"HELLO","dst":"bob"}', 'unknown-type', /type "HELLO" is unknown/],
    ['{"type":"OPEN","dst":"bob"}', 'unknown-type', /sent by the server only/],
    ['{"type":"ERROR","dst":"bob","payload":{"msg":"x"}}', 'unknown-type', /sent by the server only/],
    ['{"type":"ID-TAKEN","dst":"bob"}', 'unknown-type', /sent by the server only/],
    ['{"type":"OFFER","dst":42}', 'bad-dst', /needs "dst"/],
    ['{"type":"OFFER","dst":""}', 'bad-dst', /needs "dst"/],
    ['{"type":"OFFER"}', 'bad-dst', /needs "dst"/],
    ['{"type":"CANDIDATE","dst":null}', 'bad-dst', /needs "dst"/],
    [`{"type":"OFFER","dst":"bob","payload":${'['.repeat(100)}${']'.repeat(100)}}`, 'too-deep', /nested deeper/],
  ];
  it.each(cases)('%s', async (frame, code, msg) => {
    const { port, server } = await startServer();
    const errors: { code: string; msg: string }[] = [];
    server.on('protocol-error', (e) => errors.push({ code: e.code, msg: e.msg }));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw(frame);
    a.send({ type: 'OFFER', dst: 'bob', payload: 'after' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 'after' });
    await sleep(30);
    // Nothing came back to the sender, nothing reached bob but the valid OFFER.
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.msg).toMatch(msg);
    expect(server.peers()).toHaveLength(2);
    expect(server.stats()).toMatchObject({ malformedTotal: 1, errorsTotal: 1 });
    expect(server.stats().messagesOut.ERROR).toBe(0);
    // The dashboard's history keeps the event with its reason.
    expect(server.recentEvents().some((e) => e.kind === 'protocol-error' && e.code === code)).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('a client sending nothing but invalid frames, fast, is closed with 1008 (reason in the tap); others are served', async () => {
    const { port, server } = await startServer();
    const reasons: string[] = [];
    server.on('connection-closed', (e) => reasons.push(`${e.id}:${e.reason}:${e.code}`));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const c = await connectOpen(port, { id: 'carol' });
    for (let i = 0; i < 200; i += 1) a.sendRaw('{"type":"NOPE"}');
    const closed = await a.closed;
    expect(closed).toEqual({ code: 1008, reason: 'Too many invalid frames' });
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    await sleep(30);
    expect(reasons).toEqual(['alice:invalid-frames:1008']);
    c.send({ type: 'OFFER', dst: 'bob', payload: 'fine' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'carol', payload: 'fine' });
    await Promise.all([b.close(), c.close()]);
  });

  it('a few invalid frames now and then do not close a client', async () => {
    const { port, server } = await startServer();
    const a = await connectOpen(port, { id: 'alice' });
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 20; i += 1) a.sendRaw('oops');
      await sleep(1050);
    }
    expect(server.peers().map((p) => p.id)).toEqual(['alice']);
    expect(server.stats().malformedTotal).toBe(60);
    await a.close();
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

describe('deeply nested frames (the stack-overflow class): dropped, reported, never a crash', () => {
  const nests: [string, string][] = [
    ['arrays 5,000 deep', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['objects 5,000 deep', `${'{"k":'.repeat(5000)}0${'}'.repeat(5000)}`],
    ['unbalanced [ x 100,000', '['.repeat(100_000)],
  ];
  const cases = nests.flatMap(([what, payload]) =>
    [true, false].flatMap((withSrc) => ['bob', 'absent'].map((dst) => [`${what}, ${withSrc ? 'with' : 'without'} src, to ${dst === 'bob' ? 'a present' : 'an absent'} id`, payload, withSrc, dst] as const)),
  );
  it.each(cases)('%s', async (_name, payload, withSrc, dst) => {
    const { port, server } = await startServer({ max_payload: 256 * 1024 });
    const errors: string[] = [];
    server.on('protocol-error', (e) => errors.push(e.code));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.sendRaw(`{"type":"OFFER","dst":"${dst}",${withSrc ? '"src":"x",' : ''}"payload":${payload}}`);
    a.send({ type: 'OFFER', dst: 'bob', payload: 'after' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 'after' });
    await sleep(30);
    expect(errors).toEqual([payload.endsWith(']') || payload.endsWith('}') ? 'too-deep' : 'not-json']);
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    expect(server.stats().queued).toBe(0);
    expect(server.peers().map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    await Promise.all([a.close(), b.close()]);
  });
});
