/**
 * The engine takes the HEARTBEAT a PeerJS client sends byte for byte without parsing it (a fast path);
 * every other spelling goes through the parser. Whichever way a frame comes, the verdict is the same:
 * a valid HEARTBEAT is a sign of life, counted, and never relayed; anything else that says HEARTBEAT is
 * judged like any other frame (a too-deep one is dropped).
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

/** HEARTBEATs in the spellings a client could send, the exact PeerJS one first. */
const SPELLINGS: (string | Buffer)[] = [
  '{"type":"HEARTBEAT"}',
  '{ "type" : "HEARTBEAT" }',
  '{"type":"HEARTBEAT"}\n',
  '{"type":"HEARTBEAT","dst":"bob"}',
  '{"type":"HEARTBEAT","payload":{"note":[1,2,{"x":"y"}]}}',
  '{"dst":"bob","type":"HEARTBEAT"}',
  Buffer.from('{"type":"HEARTBEAT"}'), // the exact bytes, as a binary frame
];

describe('HEARTBEAT: any valid spelling is a sign of life, counted, never relayed', () => {
  it('keeps a client alive past several alive_timeouts whatever the spelling; nothing reaches the other peer', async () => {
    const { port, server } = await startServer({ alive_timeout: 600 });
    const frameIns: string[] = [];
    server.on('frame-in', (e) => frameIns.push(`${e.peer}:${e.type}`));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const silent = await connectOpen(port, { id: 'silent' });
    let sent = 0;
    // 12 rounds of 150 ms (1.8 s = 3 alive_timeouts): alice cycles through the spellings, bob sends the exact one.
    for (let round = 0; round < 12; round += 1) {
      a.sendRaw(SPELLINGS[round % SPELLINGS.length] as string | Buffer);
      b.sendRaw('{"type":"HEARTBEAT"}');
      sent += 2;
      await sleep(150);
    }
    expect(await silent.closed).toMatchObject({ code: 4001 });
    const ids = server.peers().map((p) => p.id);
    expect(ids.sort()).toEqual(['alice', 'bob']);
    // Nothing was relayed or answered: each side only ever got its OPEN.
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN']);
    const stats = server.stats();
    expect(stats.messagesIn.HEARTBEAT).toBe(sent);
    expect(stats.malformedTotal).toBe(0);
    expect(stats.messagesOut.OPEN).toBe(3);
    expect(stats.messagesOut.OFFER + stats.messagesOut.CANDIDATE + stats.messagesOut.ERROR).toBe(0);
    // The tap saw every one as a HEARTBEAT from its sender.
    expect(frameIns.filter((f) => f === 'alice:HEARTBEAT')).toHaveLength(12);
    expect(frameIns.filter((f) => f === 'bob:HEARTBEAT')).toHaveLength(12);
    await Promise.all([a.close(), b.close()]);
  });

  it('a frame that looks like a HEARTBEAT but nests too deep is dropped as too-deep, not counted as a HEARTBEAT', async () => {
    const { port, server } = await startServer();
    const codes: string[] = [];
    server.on('protocol-error', (e) => codes.push(e.code));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    const deep = `{"type":"HEARTBEAT","payload":${'['.repeat(100)}${']'.repeat(100)}}`;
    a.sendRaw(deep);
    a.sendRaw(`{"type":"HEARTBEAT","src":"mallory","payload":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`);
    a.send({ type: 'OFFER', dst: 'bob', payload: 'after' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 'after' });
    await sleep(30);
    expect(codes).toEqual(['too-deep', 'too-deep']);
    expect(server.stats().messagesIn.HEARTBEAT).toBe(0);
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    await Promise.all([a.close(), b.close()]);
  });
});
