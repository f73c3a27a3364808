/** A refused wrong key says what was tried, masked: enough to spot a typo, never the key itself. */
import { describe, expect, it } from 'vitest';
import { maskHint, type ConnectionRefusedEvent } from '../../../src/core/index.js';
import { startServer } from '../../helpers/server.js';
import { connect } from '../../helpers/ws-client.js';

describe('refused wrong key', () => {
  it('masks all but the first two and the last character, and gives the length', () => {
    expect(maskHint('peerj')).toBe('pe••j (5 chars)');
    expect(maskHint('abc')).toBe('••• (3 chars)');
    expect(maskHint('a-very-long-wrong-api-key')).toBe('a-••••••••y (25 chars)');
  });

  it('puts the hint on the connection-refused event (and on no other refusal)', async () => {
    const { port, server } = await startServer({});
    const refused: ConnectionRefusedEvent[] = [];
    server.on('connection-refused', (e) => refused.push(e));
    await (await connect(port, { key: 'peerJS', id: 'x' })).closed;
    await (await connect(port, { key: 'peerjs', id: 'bad id!' })).closed;
    expect(refused.map((e) => [e.reason, e.tried])).toEqual([
      ['invalid-key', 'pe•••S (6 chars)'],
      ['invalid-id', undefined],
    ]);
  });
});
