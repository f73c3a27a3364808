/**
 * Frames as they cross Redis (src/core/cluster/record.ts): a batch of byte-length records read back
 * exactly, whatever the ids and texts; anything that is not a record is refused, never misread.
 */
import { describe, expect, it } from 'vitest';
import { encodeBatch, parseRecord, readRecord, type OutgoingRecord } from '../../../src/core/cluster/record.js';

const frame = (dst: string, src: string, text: string, stamp: number | null = 1764643200123.4, type = 'CANDIDATE'): OutgoingRecord => ({
  dst,
  src,
  type,
  payload: Buffer.from(text),
  stamp,
});

function readAll(batch: Buffer) {
  const out = [];
  for (let at = 0; at < batch.length; ) {
    const r = readRecord(batch, at);
    if (!r) throw new Error(`no record at ${at}`);
    out.push({ dst: r.dst, src: r.src, type: r.type, stamp: r.stamp, text: r.payload.toString() });
    at = r.end;
  }
  return out;
}

describe('cluster records', () => {
  it('reads back a batch exactly: non-ASCII ids and texts (lengths in bytes), colons, empty text, stamps with and without fraction', () => {
    const frames = [
      frame('bob', 'alice', '{"type":"OFFER","dst":"bob","src":"alice"}', 1764643200123.4, 'OFFER'),
      frame('jörg', 'ünal', '{"payload":"ünïcødé ✓ 𝄞 日本 🎉"}', 5),
      frame('12:34', 'a:b', '12:34:OFFER:5:x'),
      frame('x', 'y', '', null, 'LEAVE'),
      frame('日本', '🎉', 'x'.repeat(70_000), 0, 'ANSWER'),
      frame('e', 'f', '{}', 17.25, 'EXPIRE'),
    ];
    const ends: number[] = [];
    const batch = encodeBatch(frames, ends);
    expect(ends.at(-1)).toBe(batch.length);
    expect(readAll(batch)).toEqual(frames.map((f) => ({ dst: f.dst, src: f.src, type: f.type, stamp: f.stamp, text: f.payload.toString() })));
    // Each record starts where the one before it ends.
    expect(ends.slice(0, -1).map((at) => readRecord(batch, at)?.dst)).toEqual(frames.slice(1).map((f) => f.dst));
  });

  it('hands the text over as a view into the batch (no copy)', () => {
    const batch = encodeBatch([frame('bob', 'alice', 'hello')]);
    const r = readRecord(batch, 0);
    expect(r?.payload.buffer).toBe(batch.buffer);
    expect(r?.payload.toString()).toBe('hello');
  });

  it('refuses what is not a record: truncated, bad lengths, unknown type; a bad stamp only goes unmeasured', () => {
    const good = encodeBatch([frame('bob', 'alice', 'hello')]);
    for (let cut = 0; cut < good.length; cut += 1) expect(readRecord(good.subarray(0, cut), 0)).toBeNull();
    for (const bad of ['3:5:CANDIDATE::6:bobalicehello', 'x:5:CANDIDATE::5:bobalicehello', '3:5:CANDIDATEX::5:bobalicehello', '3:5:PING::5:bobalicehello', ':5:OFFER::5:bobalicehello', '3:5:OFFER::-5:bobalicehello']) {
      expect(readRecord(Buffer.from(bad), 0)).toBeNull();
    }
    expect(readRecord(Buffer.from('3:5:OFFER:1.2.3:5:bobalicehello'), 0)).toMatchObject({ dst: 'bob', src: 'alice', stamp: null });
    expect(parseRecord('3:5:OFFER::5:bobalicehello')).toEqual({ src: 'alice', type: 'OFFER', text: 'hello' });
    expect(parseRecord('garbage')).toBeNull();
  });
});
