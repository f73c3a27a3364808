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
