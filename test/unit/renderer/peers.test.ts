/** Health from the observed heartbeat cadence, the problems-first order and the stable "last seen" sort. */
import { describe, expect, it } from 'vitest';
import type { PeerInfo } from '../../../src/shared/events.js';
import { formatAgo } from '../../../src/renderer/lib/format.js';
import { healthOf } from '../../../src/renderer/lib/health.js';
import { matchesQuery, PEER_SORTS as PEER_COLUMN_BY_ID, PROBLEMS_FIRST, sortRows, type PeerRow } from '../../../src/renderer/lib/peer-sort.js';

const info = (id: string, n: number, lastSeen = n): PeerInfo => ({ id, remote: `10.0.0.${n}`, connectedAt: n, lastSeen, messagesIn: n, messagesOut: 0, bytesIn: 0, bytesOut: 0, pendingOut: 0 });
const row = (id: string, n: number, patch: Partial<PeerRow> = {}): PeerRow => ({ id, info: info(id, n), live: true, health: 'ok', interval: 5000, problems: 0, gone: null, ...patch });

describe('health from the heartbeat cadence', () => {
  it('keeps a peer beating every 5 s green with a 10 s alive_timeout (no blinking)', () => {
    for (const silent of [0, 4000, 5000, 5600, 6000]) expect(healthOf(0, silent, 10_000, 5000), `${silent} ms`).toBe('ok');
    expect(healthOf(0, 8000, 10_000, 5000)).toBe('dying');
  });

  it('goes amber when a beat is overdue and red when two are missing', () => {
    expect(healthOf(0, 700, 60_000, 500)).toBe('ok');
    expect(healthOf(0, 800, 60_000, 500)).toBe('late');
    expect(healthOf(0, 1600, 60_000, 500)).toBe('dying');
    // lastSeen slightly in the future (clock skew) is just healthy, and reads "just now".
    expect(healthOf(5000, 1000, 3000)).toBe('ok');
    expect(formatAgo(-40)).toBe('just now');
  });
});

describe('peers order', () => {
  it('sorts problems first: about to time out, departed with a problem, quiet, with problems, healthy, left normally', () => {
    const rows = [
      row('healthy', 1),
      row('left', 2, { live: false, gone: { reason: 'left', time: 1, problem: false } }),
      row('quiet', 3, { health: 'late' }),
      row('timed-out', 4, { live: false, gone: { reason: 'timed out', time: 1, problem: true } }),
      row('dying', 5, { health: 'dying' }),
      row('with-problems', 6, { problems: 2 }),
    ];
    expect(sortRows(rows, PROBLEMS_FIRST, PEER_COLUMN_BY_ID, 0).map((r) => r.id)).toEqual(['dying', 'timed-out', 'quiet', 'with-problems', 'healthy', 'left']);
  });

  it('sorting by last seen keeps its order while peers beat normally', () => {
    const a = row('a', 1);
    const b = row('b', 2);
    const c = row('c', 3);
    const at = (seen: [number, number, number], now: number) => {
      a.info = { ...a.info, lastSeen: seen[0] };
      b.info = { ...b.info, lastSeen: seen[1] };
      c.info = { ...c.info, lastSeen: seen[2] };
      return sortRows([c, b, a], { key: 'lastSeen', dir: 'asc' }, PEER_COLUMN_BY_ID, now).map((r) => r.id);
    };
    expect(at([1000, 3000, 5000], 6000)).toEqual(['a', 'b', 'c']);
    expect(at([6000, 3000, 5000], 7000)).toEqual(['a', 'b', 'c']);
    expect(at([6000, 8000, 5000], 9000)).toEqual(['a', 'b', 'c']);
    // A peer that missed beats moves.
    expect(at([6000, 8000, 0], 9000)).toEqual(['a', 'b', 'c']);
    expect(sortRows([c, b, a], { key: 'lastSeen', dir: 'desc' }, PEER_COLUMN_BY_ID, 9000)[0]?.id).toBe('c');
  });

  it('filters by id or address', () => {
    expect(matchesQuery(row('alice', 1), 'ALI')).toBe(true);
    expect(matchesQuery(row('alice', 7), '10.0.0.7')).toBe(true);
    expect(matchesQuery(row('alice', 1), 'bob')).toBe(false);
  });
});
