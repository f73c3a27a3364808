import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../src/core/events.js';
import { EventHistory, eventBytes } from '../../../src/core/history.js';

const frame = (seq: number, text = 'x'): ServerEvent => ({ kind: 'frame-in', seq, time: 0, peer: 'a', type: 'HEARTBEAT', dst: null, size: text.length, frame: text });

describe('EventHistory (ring buffer)', () => {
  it('keeps the newest maxEvents, oldest first', () => {
    const h = new EventHistory(3, 1e9);
    for (let i = 1; i <= 7; i += 1) h.push(frame(i));
    expect(h.toArray().map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(h.size).toBe(3);
  });

  it('keeps within maxBytes', () => {
    const one = eventBytes(frame(0, 'y'.repeat(100)));
    const h = new EventHistory(100, one * 2 + 1);
    for (let i = 1; i <= 5; i += 1) h.push(frame(i, 'y'.repeat(100)));
    expect(h.toArray().map((e) => e.seq)).toEqual([4, 5]);
    expect(h.byteSize).toBeLessThanOrEqual(one * 2 + 1);
  });

  it('keeps one event even if it alone is larger than maxBytes', () => {
    const h = new EventHistory(10, 10);
    h.push(frame(1, 'z'.repeat(1000)));
    h.push(frame(2, 'z'.repeat(1000)));
    expect(h.toArray().map((e) => e.seq)).toEqual([2]);
  });

  it('clears', () => {
    const h = new EventHistory(3, 1e9);
    h.push(frame(1));
    h.clear();
    expect(h.toArray()).toEqual([]);
    h.push(frame(2));
    expect(h.toArray().map((e) => e.seq)).toEqual([2]);
  });
});

describe('EventHistory.since (what a polling UI reads)', () => {
  const seqs = (r: { events: ServerEvent[] }) => r.events.map((e) => e.seq);

  it('returns the events after a seq, oldest first, and the newest seq', () => {
    const h = new EventHistory(100, 1e9);
    for (let i = 1; i <= 10; i += 1) h.push(frame(i));
    const r = h.since(6, 100);
    expect(seqs(r)).toEqual([7, 8, 9, 10]);
    expect(r).toMatchObject({ skipped: 0, lastSeq: 10 });
    expect(h.since(10, 100)).toEqual({ events: [], skipped: 0, lastSeq: 10 });
  });

  it('keeps the newest `max` and counts the rest as skipped', () => {
    const h = new EventHistory(100, 1e9);
    for (let i = 1; i <= 10; i += 1) h.push(frame(i));
    const r = h.since(2, 3);
    expect(seqs(r)).toEqual([8, 9, 10]);
    expect(r).toMatchObject({ skipped: 5, lastSeq: 10 });
    expect(h.since(0, 0)).toEqual({ events: [], skipped: 10, lastSeq: 10 });
  });

  it('counts events that already left the ring as skipped', () => {
    const h = new EventHistory(4, 1e9);
    for (let i = 1; i <= 10; i += 1) h.push(frame(i));
    const r = h.since(3, 100);
    expect(seqs(r)).toEqual([7, 8, 9, 10]);
    expect(r.skipped).toBe(3);
  });

  it('reads compact frames like objects', () => {
    const h = new EventHistory(10, 1e9);
    h.pushFrame('frame-out', 1, 5, 'bob', 'OFFER', 'alice', 3, 'héé');
    h.push(frame(2));
    const r = h.since(0, 10);
    expect(r.events[0]).toEqual({ kind: 'frame-out', seq: 1, time: 5, peer: 'bob', type: 'OFFER', src: 'alice', size: 3, frame: 'héé' });
    expect(seqs(r)).toEqual([1, 2]);
  });

  it('an empty ring returns nothing newer', () => {
    expect(new EventHistory(4, 1e9).since(7, 10)).toEqual({ events: [], skipped: 0, lastSeq: 7 });
  });
});
