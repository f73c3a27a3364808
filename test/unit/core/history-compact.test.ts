import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../src/core/events.js';
import { EventHistory, eventBytes } from '../../../src/core/history.js';
import { Tap } from '../../../src/core/tap.js';

/** The reference semantics: keep the newest events within maxEvents and maxBytes (at least one). */
class Model {
  events: ServerEvent[] = [];
  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}
  push(e: ServerEvent): void {
    this.events.push(e);
    while (this.events.length > this.maxEvents) this.events.shift();
    while (this.events.length > 1 && this.events.reduce((n, x) => n + eventBytes(x), 0) > this.maxBytes) this.events.shift();
  }
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function text(rand: () => number, n: number): string {
  const alphabet = 'abcdefghij{}":,é✓😀 ';
  let s = '';
  while (s.length < n) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

describe('EventHistory compact frames', () => {
  it('frame events pushed compactly read back as the same objects, in order with object events', () => {
    const h = new EventHistory(100, 1e9);
    h.push({ kind: 'connection-opened', seq: 1, time: 10, id: 'a', remote: '127.0.0.1', reconnect: false });
    h.pushFrame('frame-in', 2, 11, 'a', 'OFFER', 'b', 30, Buffer.from('{"type":"OFFER","dst":"b","x":"é"}'));
    h.pushFrame('frame-out', 3, 12, 'b', 'OFFER', 'a', 40, '{"type":"OFFER","dst":"b","x":"é","src":"a"}');
    h.pushFrame('frame-in', 4, 13, 'a', null, null, 3, Buffer.from('bad'));
    expect(h.toArray()).toEqual([
      { kind: 'connection-opened', seq: 1, time: 10, id: 'a', remote: '127.0.0.1', reconnect: false },
      { kind: 'frame-in', seq: 2, time: 11, peer: 'a', type: 'OFFER', dst: 'b', size: 30, frame: '{"type":"OFFER","dst":"b","x":"é"}' },
      { kind: 'frame-out', seq: 3, time: 12, peer: 'b', type: 'OFFER', src: 'a', size: 40, frame: '{"type":"OFFER","dst":"b","x":"é","src":"a"}' },
      { kind: 'frame-in', seq: 4, time: 13, peer: 'a', type: null, dst: null, size: 3, frame: 'bad' },
    ]);
  });

  it.each([
    [50, 1e9, 1],
    [1000, 20_000, 2],
    [300, 300_000, 3],
    [5, 2_000, 4],
    [2000, 150_000, 5],
  ])('behaves like the reference ring under random load (maxEvents %i, maxBytes %i)', (maxEvents, maxBytes, seed) => {
    const rand = rng(seed);
    const h = new EventHistory(maxEvents, maxBytes);
    const model = new Model(maxEvents, maxBytes);
    let seq = 0;
    for (let step = 0; step < 4000; step += 1) {
      const r = rand();
      seq += 1;
      let e: ServerEvent;
      if (r < 0.1) {
        e = { kind: 'connection-closed', seq, time: seq, id: `p${seq}`, reason: 'client', code: 1000 };
        h.push(e);
      } else if (r < 0.2) {
        e = { kind: 'message-queued', seq, time: seq, src: 'a', dst: `d${seq % 7}`, type: 'CANDIDATE', depth: seq % 100 };
        h.pushQueued(seq, seq, 'a', `d${seq % 7}`, 'CANDIDATE', seq % 100);
      } else if (r < 0.3) {
        e = { kind: 'message-dropped', seq, time: seq, src: 'a', dst: `d${seq % 7}`, type: 'OFFER', reason: 'queue-bytes' };
        h.pushDropped(seq, seq, 'a', `d${seq % 7}`, 'OFFER', 'queue-bytes');
      } else {
        const big = rand() < 0.02;
        const frame = text(rand, big ? Math.floor(rand() * 20_000) : Math.floor(rand() * 400));
        if (r < 0.55) {
          e = { kind: 'frame-in', seq, time: seq, peer: 'a', type: 'CANDIDATE', dst: 'b', size: frame.length, frame };
          h.pushFrame('frame-in', seq, seq, 'a', 'CANDIDATE', 'b', frame.length, Buffer.from(frame));
        } else {
          e = { kind: 'frame-out', seq, time: seq, peer: 'b', type: 'CANDIDATE', src: 'a', size: frame.length, frame };
          h.pushFrame('frame-out', seq, seq, 'b', 'CANDIDATE', 'a', frame.length, r < 0.8 ? frame : Buffer.from(frame));
        }
      }
      // Frames are counted by UTF-8 bytes in compact form; keep the model on the same measure.
      model.push('frame' in e ? { ...e, frame: 'x'.repeat(Buffer.byteLength(e.frame)) } : e);
      if (step % 97 === 0 || step === 3999) {
        const got = h.toArray();
        expect(got.map((x) => x.seq)).toEqual(model.events.map((x) => x.seq));
        expect(got.filter((x) => !('frame' in x))).toEqual(model.events.filter((x) => !('frame' in x)));
      }
      if (step === 2500) {
        h.clear();
        model.events = [];
      }
    }
    const last = h.toArray().at(-1);
    expect(last?.seq).toBe(seq);
  });
});

describe('Tap keeps frames compact unless a listener wants them', () => {
  it('frames go to the history and read back; a frame listener gets objects', () => {
    const tap = new Tap({ maxEvents: 100, maxBytes: 1e6 });
    tap.frameIn('a', 'OFFER', 'b', 5, Buffer.from('{"x":1}'), '{"x":1}');
    const seen: ServerEvent[] = [];
    const off = tap.on('frame-out', (e) => seen.push(e));
    tap.frameOut('b', 'OFFER', 'a', 9, Buffer.from('{"y":"é"}'));
    off();
    tap.frameOut('b', 'OPEN', null, 15, '{"type":"OPEN"}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'frame-out', frame: '{"y":"é"}', src: 'a' });
    expect(tap.history?.toArray().map((e) => [e.kind, e.seq, 'frame' in e ? e.frame : null])).toEqual([
      ['frame-in', 1, '{"x":1}'],
      ['frame-out', 2, '{"y":"é"}'],
      ['frame-out', 3, '{"type":"OPEN"}'],
    ]);
  });
});

describe('Tap keeps queued and dropped messages compact unless a listener wants them', () => {
  it('reads them back as the events a listener gets', () => {
    const tap = new Tap({ maxEvents: 100, maxBytes: 1e6 });
    tap.messageQueued('a', 'b', 'OFFER', 1);
    tap.messageDropped('a', 'b', 'CANDIDATE', 'superseded');
    tap.messageDropped('a', null, null, 'no-destination');
    const seen: ServerEvent[] = [];
    const off = tap.on('message-queued', (e) => seen.push(e));
    tap.messageQueued('c', 'd', 'ANSWER', 7);
    off();
    const seenDropped: ServerEvent[] = [];
    tap.on('message-dropped', (e) => seenDropped.push(e));
    tap.messageDropped('c', 'd', 'OFFER', 'queue-full');
    expect(seen).toEqual([{ kind: 'message-queued', seq: 4, time: expect.any(Number), src: 'c', dst: 'd', type: 'ANSWER', depth: 7 }]);
    expect(seenDropped).toEqual([{ kind: 'message-dropped', seq: 5, time: expect.any(Number), src: 'c', dst: 'd', type: 'OFFER', reason: 'queue-full' }]);
    const history = tap.history?.toArray() ?? [];
    expect(history.map(({ time: _time, ...e }) => e)).toEqual([
      { kind: 'message-queued', seq: 1, src: 'a', dst: 'b', type: 'OFFER', depth: 1 },
      { kind: 'message-dropped', seq: 2, src: 'a', dst: 'b', type: 'CANDIDATE', reason: 'superseded' },
      { kind: 'message-dropped', seq: 3, src: 'a', dst: null, type: null, reason: 'no-destination' },
      { kind: 'message-queued', seq: 4, src: 'c', dst: 'd', type: 'ANSWER', depth: 7 },
      { kind: 'message-dropped', seq: 5, src: 'c', dst: 'd', type: 'OFFER', reason: 'queue-full' },
    ]);
    // Kept without an object: the history holds the listener's object only when one was made.
    expect(history[3]).toBe(seen[0]);
    expect(history[0]).not.toBe(tap.history?.toArray()[0]);
  });
});

describe('Tap with a frame listener', () => {
  it('delivers objects to the listener and still reads the history back in order', () => {
    const tap = new Tap({ maxEvents: 100, maxBytes: 1e6 });
    const seen: ServerEvent[] = [];
    tap.on('*', (e) => seen.push(e));
    tap.frameIn('a', 'OFFER', 'b', 7, Buffer.from('{"é":1}'), '{"é":1}');
    tap.emit({ kind: 'connection-closed', id: 'a', reason: 'client', code: 1000 });
    tap.frameOut('b', 'OFFER', 'a', 7, Buffer.from('{"é":2}'));
    expect(seen.map((e) => [e.kind, e.seq])).toEqual([
      ['frame-in', 1],
      ['connection-closed', 2],
      ['frame-out', 3],
    ]);
    expect(tap.history?.toArray()).toEqual(seen);
  });
});

describe('EventHistory arena', () => {
  it('grows with the frames it holds, not with the bytes that went through it', () => {
    // 10,000 events, 16 MiB: the arena may grow to 8 MiB, but 200-byte frames need ~2 MB at most.
    const h = new EventHistory(10_000, 16 * 1024 * 1024);
    const frame = Buffer.from(`{"type":"CANDIDATE","dst":"b","payload":"${'x'.repeat(160)}"}`);
    for (let seq = 1; seq <= 200_000; seq += 1) h.pushFrame('frame-in', seq, seq, 'a', 'CANDIDATE', 'b', frame.length, frame);
    expect(h.size).toBe(10_000);
    expect(h.arenaSize).toBeLessThanOrEqual(3 * 10_000 * frame.length); // twice the live bytes, rounded up to a power of two
    const got = h.toArray();
    expect(got[0]?.seq).toBe(190_001);
    expect(got.every((e) => 'frame' in e && e.frame === frame.toString())).toBe(true);
  });

  it('still grows for big frames after it wrapped, dropping nothing the limits keep', () => {
    const h = new EventHistory(1000, 64 * 1024 * 1024);
    const small = Buffer.from('x'.repeat(100));
    for (let seq = 1; seq <= 5000; seq += 1) h.pushFrame('frame-out', seq, seq, 'a', 'OFFER', 'b', 100, small);
    const before = h.arenaSize;
    const big = Buffer.from('y'.repeat(60_000));
    for (let seq = 5001; seq <= 5400; seq += 1) h.pushFrame('frame-out', seq, seq, 'a', 'OFFER', 'b', 60_000, big);
    expect(h.size).toBe(1000);
    expect(h.arenaSize).toBeGreaterThan(before);
    const got = h.toArray();
    expect(got.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, k) => 4401 + k));
    expect(got.map((e) => ('frame' in e ? e.frame.length : 0))).toEqual([...Array(600).fill(100), ...Array(400).fill(60_000)]);
  });
});

describe('EventHistory destination ids', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };

  it('keeps one copy of an id, however many events name it', () => {
    const h = new EventHistory(10_000, 1e9);
    for (let n = 0; n < 10_000; n += 1) h.pushQueued(n + 1, n, 'a', 'b', 'CANDIDATE', 1); // its arrays at full size
    const before = heap();
    for (let n = 0; n < 10_000; n += 1) {
      // As JSON.parse hands it over: a new string for the same 36-character id in every frame.
      const dst = (JSON.parse(`{"dst":"0123456789abcdef0123456789abcdef${n % 4}abc"}`) as { dst: string }).dst;
      if (n % 2 === 0) h.pushQueued(n + 1, n, 'a', dst, 'CANDIDATE', 1);
      else h.pushFrame('frame-in', n + 1, n, 'a', 'CANDIDATE', dst, 2, Buffer.from('{}'));
    }
    const held = heap() - before;
    // One copy per event would be 10,000 × 64 bytes.
    expect(held).toBeLessThan(100_000);
    expect(new Set(h.toArray().map((e) => ('dst' in e ? e.dst : null)))).toEqual(new Set([0, 1, 2, 3].map((k) => `0123456789abcdef0123456789abcdef${k}abc`)));
  });
});
