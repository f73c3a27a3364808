import { describe, expect, it } from 'vitest';
import { MessageQueues, pairShare, type QueuedMessage } from '../../../src/core/queue.js';

const msg = (src: string, queuedAt: number, bytes = 10): QueuedMessage => ({ src, type: 'OFFER', text: `{"src":"${src}"}`, bytes, queuedAt });

describe('MessageQueues', () => {
  it('keeps order and counts', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0, maxPerPair: 0 });
    q.enqueue('b', msg('a', 1));
    q.enqueue('b', msg('c', 2));
    expect(q.count).toBe(2);
    expect(q.bytes).toBe(20);
    expect(q.take('b').map((m) => m.src)).toEqual(['a', 'c']);
    expect(q.count).toBe(0);
    expect(q.bytes).toBe(0);
    expect(q.take('b')).toEqual([]);
  });

  it('caps messages per id', () => {
    const q = new MessageQueues({ maxPerId: 2, maxBytes: 0, maxPerPair: 0 });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: true, depth: 1, superseded: null });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: true, depth: 2, superseded: null });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: false, reason: 'queue-full' });
    expect(q.enqueue('c', msg('a', 1)).ok).toBe(true);
  });

  it('caps total bytes', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 25, maxPerPair: 0 });
    expect(q.enqueue('b', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('c', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('d', msg('a', 1, 10))).toEqual({ ok: false, reason: 'queue-bytes' });
    q.take('b');
    expect(q.enqueue('d', msg('a', 1, 10)).ok).toBe(true);
  });

  it('expires per message, one pair entry per (src, dst), keeping younger senders', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0, maxPerPair: 0 });
    q.enqueue('b', msg('a', 0));
    q.enqueue('b', msg('a', 50));
    q.enqueue('b', msg('c', 900));
    q.enqueue('d', msg('a', 950));
    expect(q.expire(999, 1000)).toEqual([]);
    const expired = q.expire(1000, 1000);
    expect(expired).toEqual([{ src: 'a', dst: 'b', count: 2 }]);
    expect(q.count).toBe(2);
    expect(q.take('b').map((m) => m.src)).toEqual(['c']);
    expect(q.expire(1950, 1000)).toEqual([{ src: 'a', dst: 'd', count: 1 }]);
    expect(q.count).toBe(0);
  });

  it('counts pending messages per sender', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0, maxPerPair: 0 });
    q.enqueue('b', msg('a', 0));
    q.enqueue('c', msg('a', 0));
    q.enqueue('c', msg('x', 0));
    expect(q.pendingFrom('a')).toBe(2);
    expect(q.pendingFrom('z')).toBe(0);
  });

  it("a pair's share: its oldest message makes room for its newest; other senders keep their room", () => {
    const q = new MessageQueues({ maxPerId: 4, maxBytes: 0, maxPerPair: 2 });
    const m = (src: string, n: number): QueuedMessage => ({ ...msg(src, n), text: `${src}${n}` });
    expect(q.enqueue('b', m('a', 1))).toMatchObject({ ok: true, superseded: null });
    expect(q.enqueue('b', m('x', 2))).toMatchObject({ ok: true, superseded: null });
    expect(q.enqueue('b', m('a', 3))).toMatchObject({ ok: true, superseded: null });
    expect(q.enqueue('b', m('a', 4))).toMatchObject({ ok: true, depth: 3, superseded: { text: 'a1' } });
    expect(q.enqueue('b', m('a', 5))).toMatchObject({ ok: true, depth: 3, superseded: { text: 'a3' } });
    expect(q.count).toBe(3);
    expect(q.bytes).toBe(30);
    expect(q.pendingFrom('a')).toBe(2);
    expect(q.enqueue('b', m('y', 6))).toMatchObject({ ok: true, depth: 4 });
    // The id's queue is full: a sender without messages in it is refused, one with its share still rotates.
    expect(q.enqueue('b', m('z', 7))).toEqual({ ok: false, reason: 'queue-full' });
    expect(q.enqueue('b', m('a', 8))).toMatchObject({ ok: true, superseded: { text: 'a4' } });
    expect(q.take('b').map((x) => x.text)).toEqual(['x2', 'a5', 'y6', 'a8']);
    expect(q.count).toBe(0);
    expect(q.pendingFrom('a')).toBe(0);
  });

  it('a superseding message that would exceed the bytes cap is refused and evicts nothing', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 25, maxPerPair: 1 });
    expect(q.enqueue('b', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('c', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('b', msg('a', 2, 16))).toEqual({ ok: false, reason: 'queue-bytes' });
    expect(q.enqueue('b', msg('a', 2, 15))).toMatchObject({ ok: true, superseded: { queuedAt: 1 } });
    expect(q.bytes).toBe(25);
  });

  it('pairShare: a quarter of max_queue, at least 1; unlimited stays unlimited', () => {
    expect(pairShare(100)).toBe(25);
    expect(pairShare(8)).toBe(2);
    expect(pairShare(3)).toBe(1);
    expect(pairShare(1)).toBe(1);
    expect(pairShare(0)).toBe(0);
  });

  it('expiry keeps the per-sender counts right', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0, maxPerPair: 2 });
    q.enqueue('b', msg('a', 0));
    q.enqueue('b', msg('c', 500));
    q.enqueue('b', msg('a', 600));
    q.expire(1000, 1000);
    expect(q.pendingFrom('a')).toBe(0);
    expect(q.pendingFrom('c')).toBe(1);
    q.enqueue('b', msg('a', 1100));
    q.enqueue('b', msg('a', 1200));
    expect(q.enqueue('b', msg('a', 1300))).toMatchObject({ superseded: { queuedAt: 1100 } });
  });
});
