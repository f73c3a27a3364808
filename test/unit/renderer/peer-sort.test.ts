import { describe, expect, it } from 'vitest';
import { sortPeers } from '../../../src/renderer/lib/peer-sort.js';

describe('peers table order', () => {
  it('sorts by id, messages or connection time, and filters by id or address', () => {
    const p = (id: string, n: number) => ({ id, remote: `10.0.0.${n}`, connectedAt: n, lastSeen: n, messagesIn: n, messagesOut: 0, bytesIn: 0, bytesOut: 0, pendingOut: 0 });
    const peers = [p('b', 2), p('a', 3), p('c', 1)];
    expect(sortPeers(peers, { key: 'id', dir: 'asc' }, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortPeers(peers, { key: 'messages', dir: 'desc' }, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortPeers(peers, { key: 'connectedAt', dir: 'asc' }, '10.0.0.1').map((x) => x.id)).toEqual(['c']);
  });
});
