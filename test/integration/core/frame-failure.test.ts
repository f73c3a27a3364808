/**
 * The per-frame guard: should handling a frame throw (a bug of ours, simulated here by a relay splice that
 * throws on a marked payload), that frame is dropped and reported as `internal`, nothing is sent back, the
 * socket keeps relaying, and nothing escapes into the event loop (vitest fails on any uncaught error).
 */
import { describe, expect, it, vi } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

vi.mock('../../../src/core/protocol.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/core/protocol.js')>();
  const boom = (frame: { message: Record<string, unknown> }): void => {
    if (frame.message.payload === 'boom') throw new TypeError('simulated bug');
  };
  return {
    ...actual,
    relayBytes: (...args: Parameters<typeof actual.relayBytes>) => {
      boom(args[1]);
      return actual.relayBytes(...args);
    },
    relayText: (...args: Parameters<typeof actual.relayText>) => {
      boom(args[1]);
      return actual.relayText(...args);
    },
  };
});

describe('a frame whose handling throws', () => {
  it('is dropped and reported; the socket and the server go on', async () => {
    const { port, server } = await startServer();
    const errors: { code: string; msg: string }[] = [];
    server.on('protocol-error', (e) => errors.push({ code: e.code, msg: e.msg }));
    const a = await connectOpen(port, { id: 'alice' });
    const b = await connectOpen(port, { id: 'bob' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'boom' });
    a.send({ type: 'OFFER', dst: 'absent', payload: 'boom' });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'after' });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice', payload: 'after' });
    await sleep(30);
    expect(errors).toEqual([
      { code: 'internal', msg: 'Frame dropped: handling it failed (TypeError: simulated bug)' },
      { code: 'internal', msg: 'Frame dropped: handling it failed (TypeError: simulated bug)' },
    ]);
    expect(a.messages.map((m) => m.type)).toEqual(['OPEN']);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    expect(server.stats()).toMatchObject({ errorsTotal: 2, malformedTotal: 0 });
    expect(server.peers().map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    await Promise.all([a.close(), b.close()]);
  });
});
