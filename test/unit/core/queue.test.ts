import { describe, expect, it } from 'vitest';
import { MessageQueues, type QueuedMessage } from '../../../src/core/queue.js';

const msg = (src: string, queuedAt: number, bytes = 10): QueuedMessage => ({ src, type: 'OFFER', text: `{"src":"${src}"}`, bytes, queuedAt });

describe('MessageQueues', () => {
  it('keeps order and counts', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0 });
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
    const q = new MessageQueues({ maxPerId: 2, maxBytes: 0 });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: true, depth: 1 });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: true, depth: 2 });
    expect(q.enqueue('b', msg('a', 1))).toEqual({ ok: false, reason: 'queue-full' });
    expect(q.enqueue('c', msg('a', 1)).ok).toBe(true);
  });

  it('caps total bytes', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 25 });
    expect(q.enqueue('b', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('c', msg('a', 1, 10)).ok).toBe(true);
    expect(q.enqueue('d', msg('a', 1, 10))).toEqual({ ok: false, reason: 'queue-bytes' });
    q.take('b');
    expect(q.enqueue('d', msg('a', 1, 10)).ok).toBe(true);
  });

  it('expires per message, one pair entry per (src, dst), keeping younger senders', () => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0 });
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
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0 });
    q.enqueue('b', msg('a', 0));
    q.enqueue('c', msg('a', 0));
    q.enqueue('c', msg('x', 0));
    expect(q.pendingFrom('a')).toBe(2);
    expect(q.pendingFrom('z')).toBe(0);
  });
});
