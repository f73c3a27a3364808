import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../src/shared/events.js';
import { EMPTY_FILTER, filterRows } from '../../../src/renderer/lib/filters.js';
import { toRow } from '../../../src/renderer/lib/rows.js';
import { TrafficBuffer } from '../../../src/renderer/state/traffic.js';
import { closed, opened, relay, resetClock, sent, serverSends } from './fixtures/events.js';

function sample(): ServerEvent[] {
  return [
    opened('alice'),
    serverSends('alice', { type: 'OPEN' }),
    opened('bob'),
    ...relay('alice', 'bob', 'OFFER', { connectionId: 'dc_1', sdp: { type: 'offer', sdp: 'v=0' } }),
    ...relay('bob', 'alice', 'ANSWER', { connectionId: 'dc_1' }),
    sent('bob', { type: 'HEARTBEAT' }),
    closed('bob'),
  ];
}

describe('traffic rows and filters', () => {
  beforeEach(() => resetClock());

  it('turns events into rows with direction and ends', () => {
    const rows = sample().map((e, i) => toRow(e, i + 1));
    expect(rows.map((r) => `${r.dir} ${r.type} ${r.src}>${r.dst}`)).toEqual([
      'sys connected alice>server',
      'out OPEN server>alice',
      'sys connected bob>server',
      'in OFFER alice>bob',
      'out OFFER alice>bob',
      'in ANSWER bob>alice',
      'out ANSWER bob>alice',
      'in HEARTBEAT bob>—',
      'sys closed bob>server',
    ]);
  });

  it('filters by type, direction, peer and free text, together', () => {
    const rows = sample().map((e, i) => toRow(e, i + 1));
    expect(filterRows(rows, EMPTY_FILTER)).toHaveLength(rows.length);
    expect(filterRows(rows, { ...EMPTY_FILTER, types: ['OFFER'] })).toHaveLength(2);
    expect(filterRows(rows, { ...EMPTY_FILTER, types: ['OFFER'], direction: 'in' })).toHaveLength(1);
    expect(filterRows(rows, { ...EMPTY_FILTER, peer: 'alice' }).map((r) => r.type)).toEqual(['connected', 'OPEN', 'OFFER', 'OFFER', 'ANSWER', 'ANSWER']);
    expect(filterRows(rows, { ...EMPTY_FILTER, text: 'DC_1' })).toHaveLength(4);
    expect(filterRows(rows, { ...EMPTY_FILTER, direction: 'sys' })).toHaveLength(3);
    expect(filterRows(rows, { ...EMPTY_FILTER, text: 'nothing-like-this' })).toHaveLength(0);
  });
});

describe('TrafficBuffer', () => {
  beforeEach(() => resetClock());

  it('keeps at most the ring-buffer limit (plus 10 % slack) and keeps the filtered view in step', () => {
    const buffer = new TrafficBuffer(1000);
    buffer.setFilter({ ...EMPTY_FILTER, types: ['HEARTBEAT'] });
    for (let batch = 0; batch < 50; batch++) {
      const events: ServerEvent[] = [];
      for (let i = 0; i < 100; i++) events.push(i % 2 === 0 ? sent('a', { type: 'HEARTBEAT' }) : sent('a', { type: 'CANDIDATE', dst: 'b' }));
      buffer.append(events);
      expect(buffer.all.length).toBeLessThanOrEqual(1100);
    }
    expect(buffer.lastN).toBe(5000);
    expect(buffer.all.at(-1)?.n).toBe(5000);
    const oldest = buffer.all[0]?.n ?? 0;
    expect(buffer.view.every((r) => r.type === 'HEARTBEAT' && r.n >= oldest)).toBe(true);
    expect(buffer.view).toEqual(buffer.all.filter((r) => r.type === 'HEARTBEAT'));
    buffer.setFilter(EMPTY_FILTER);
    expect(buffer.view).toBe(buffer.all);
  });

  it('filters 100,000 rows quickly enough for a keystroke', () => {
    const buffer = new TrafficBuffer(100_000);
    const events: ServerEvent[] = [];
    for (let i = 0; i < 100_000; i++) events.push(sent(`p${i % 50}`, { type: 'CANDIDATE', dst: `p${(i + 1) % 50}`, payload: { connectionId: `dc_${i % 700}` } }, 0));
    buffer.append(events);
    const t0 = performance.now();
    buffer.setFilter({ ...EMPTY_FILTER, text: 'dc_42' });
    const ms = performance.now() - t0;
    expect(buffer.view.length).toBeGreaterThan(0);
    console.log(`filter of 100,000 rows by free text: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(5000);
  });
});
