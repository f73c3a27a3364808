/**
 * Property tests of the frame parser and the relay splice (fast-check, fixed seed, bounded runs): whatever
 * text a client sends, parsing never throws, and a frame it accepts relays as a JSON object whose `src` is
 * the sender's, in text and in bytes alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientFrame, relayBytes, relayText, srcSuffixFor } from '../../../src/core/protocol.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const TYPES = ['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'OPEN', 'ERROR', 'ID-TAKEN', 'BOGUS', ''];

/** Nested arrays/objects `depth` deep, balanced or cut short. */
const nested = fc.record({ depth: fc.integer({ min: 1, max: 5000 }), object: fc.boolean(), balanced: fc.boolean() }).map(({ depth, object, balanced }) => {
  const open = object ? '{"k":'.repeat(depth) : '['.repeat(depth);
  return balanced ? `${open}0${(object ? '}' : ']').repeat(depth)}` : open;
});

const frameObject = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string(), fc.integer(), fc.constant(null)),
    dst: fc.oneof(fc.constantFrom('bob', 'absent', ''), fc.string(), fc.integer(), fc.constant(null)),
    src: fc.oneof(fc.constantFrom('bob', 'mallory'), fc.string(), fc.integer()),
    payload: fc.oneof(fc.jsonValue({ maxDepth: 6 }), nested.map((t) => ({ raw: t }))),
  },
  { requiredKeys: [] },
);

/** A frame's text: well-formed objects (some with deep raw payloads), deep nests, arbitrary strings. */
const frameText = fc.oneof(
  frameObject.map((o) => {
    const { payload, ...rest } = o as { payload?: unknown } & Record<string, unknown>;
    const head = JSON.stringify(rest);
    if (payload === undefined) return head;
    const raw = typeof payload === 'object' && payload !== null && 'raw' in payload ? String((payload as { raw: string }).raw) : JSON.stringify(payload);
    return head === '{}' ? `{"payload":${raw}}` : `${head.slice(0, -1)},"payload":${raw}}`;
  }),
  nested,
  nested.map((n) => `{"type":"OFFER","dst":"bob","src":"x","payload":${n}}`),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 8 }),
);

describe('parseClientFrame and the relay splice, on arbitrary input', () => {
  it('never throw; accepted frames relay as an object with the sender as src, same in text and bytes', () => {
    const srcId = 'alice';
    const suffix = srcSuffixFor(srcId);
    fc.assert(
      fc.property(frameText, (text) => {
        const frame = parseClientFrame(text);
        if (!frame.ok) {
          expect(typeof frame.msg).toBe('string');
          return;
        }
        if (frame.dst === null) return; // HEARTBEAT, LEAVE without dst: nothing is relayed
        const out = relayText(text, frame, suffix, srcId);
        const parsed = JSON.parse(out) as Record<string, unknown>;
        expect(parsed.src).toBe(srcId);
        expect(parsed.type).toBe(frame.type);
        expect(parsed.dst).toBe(frame.dst);
        const bytes = relayBytes(Buffer.from(text), frame, Buffer.from(suffix), srcId);
        expect(JSON.parse(bytes.toString())).toEqual(parsed);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
