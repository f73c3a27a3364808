/** The queue's byte count is what queued messages hold in memory: checked against the V8 heap. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MESSAGE_OVERHEAD, QUEUE_OVERHEAD, queuedFootprint } from '../../../src/core/footprint.js';
import { parseClientFrame, relayText, srcSuffixFor, type ParsedFrame } from '../../../src/core/protocol.js';
import { MessageQueues } from '../../../src/core/queue.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Queues `perId` messages for each of `ids` absent ids the way the engine does: from the frame's bytes. */
function flood(q: MessageQueues, ids: number, perId: number, payload: (i: number) => string): void {
  const suffix = srcSuffixFor('mallory');
  let n = 0;
  for (let id = 0; id < ids; id++) {
    for (let k = 0; k < perId; k++) {
      const data = Buffer.from(`{"type":"CANDIDATE","dst":"absent${id}","payload":${payload(n++)}}`);
      const text = data.toString();
      const frame = parseClientFrame(text) as ParsedFrame;
      const out = relayText(text, frame, suffix, 'mallory');
      const bytes = queuedFootprint(out, Buffer.byteLength(out), q.depthOf(`absent${id}`) === 0);
      q.enqueue(`absent${id}`, { src: 'mallory', type: 'CANDIDATE', text: out, bytes, queuedAt: 0 });
    }
  }
}

describe('queued message footprint', () => {
  it('charges characters (two bytes each for a two-byte string) plus the fixed overheads', () => {
    expect(queuedFootprint('abc', 3, false)).toBe(3 + MESSAGE_OVERHEAD);
    expect(queuedFootprint('abc', 3, true)).toBe(3 + MESSAGE_OVERHEAD + QUEUE_OVERHEAD);
    expect(queuedFootprint('a€', 4, false)).toBe(4 + MESSAGE_OVERHEAD); // 2 units × 2 bytes
    expect(queuedFootprint('é'.repeat(10), 20, false)).toBe(20 + MESSAGE_OVERHEAD);
  });

  const shapes: [string, number, number, (i: number) => string][] = [
    ['tiny candidates, 20 per id (the 5,000 × 20 flood)', 2000, 20, (i) => `{"candidate":"c${i}","sdpMid":"0"}`],
    ['one message per id', 10_000, 1, (i) => `{"candidate":"c${i}"}`],
    ['300-byte candidates, 100 for one id', 1, 20_000, (i) => `{"candidate":"candidate:${i} 1 udp 2122260223 192.168.1.23 54321 typ host ${'x'.repeat(220)}"}`],
    ['non-ASCII payloads', 500, 20, (i) => `{"note":"héllo wörld ✓ ${i}"}`],
  ];
  it.each(shapes)('bounds what the heap holds: %s', (_name, ids, perId, payload) => {
    const q = new MessageQueues({ maxPerId: 0, maxBytes: 0, maxPerPair: 0 });
    const before = heapAfterGc();
    flood(q, ids, perId, payload);
    const held = heapAfterGc() - before;
    const accounted = q.bytes;
    expect(q.count).toBe(ids * perId);
    // The count is an upper bound of the memory held, and not a wild one.
    expect(held).toBeLessThanOrEqual(accounted);
    expect(held).toBeGreaterThan(accounted * 0.4);
    q.clear();
  });
});
