/**
 * Fuzzing a live server (fast-check, fixed seed, bounded in runs and time): a hostile client sends
 * arbitrary sequences of frames (shapes, nesting depths, sizes, text or binary, valid UTF-8 or not) while an
 * honest pair keeps exchanging messages. Properties: no exception escapes (vitest fails a test on any
 * uncaught error), nobody is ever sent an ERROR, the honest pair stays registered and every one of its
 * messages arrives intact with the right `src`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingServer } from '../../../src/core/index.js';
import { startServer } from '../../helpers/server.js';
import { connectOpen, type TestClient } from '../../helpers/ws-client.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MAX_PAYLOAD = 16 * 1024;
const TYPES = ['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'OPEN', 'ERROR', 'ID-TAKEN', 'BOGUS'];

/** Nested arrays or objects, balanced or not, up to 8,000 levels (16 KB of brackets at most). */
const nest = fc.record({ depth: fc.integer({ min: 1, max: 8000 }), object: fc.boolean(), balanced: fc.boolean() }).map(({ depth, object, balanced }) => {
  const d = object ? Math.min(depth, 3000) : depth;
  const open = object ? '{"k":'.repeat(d) : '['.repeat(d);
  return balanced ? `${open}0${(object ? '}' : ']').repeat(d)}` : open;
});

const dst = fc.oneof(fc.constantFrom('alice', 'bob', 'absent', 'absent2', ''), fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null));

/** One frame as the hostile client sends it: its text or bytes, and whether as a binary frame. */
type Wire = { data: string | Buffer; binary: boolean };

const frame: fc.Arbitrary<Wire> = fc.oneof(
  // The relay path itself: a relayable type to a present or absent id, with or without its own src (a
  // client src makes the server rebuild the message), carrying a nest up to 8,000 levels deep.
  fc
    .record({
      type: fc.constantFrom('OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE'),
      dst: fc.constantFrom('alice', 'bob', 'absent'),
      src: fc.boolean(),
      payload: nest,
      binary: fc.boolean(),
    })
    .map(({ type, dst: d, src, payload, binary }) => ({ data: `{"type":"${type}","dst":"${d}",${src ? '"src":"x",' : ''}"payload":${payload}}`, binary })),
  // Message-shaped: any type, any dst, with or without its own src, payloads shallow or very deep.
  fc
    .record({
      type: fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 10 })),
      dst,
      src: fc.option(fc.constantFrom('alice', 'bob', 'mallory', 'x'), { nil: undefined }),
      payload: fc.oneof(fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)), nest),
      binary: fc.boolean(),
    })
    .map(({ type, dst: d, src, payload, binary }) => {
      const head = JSON.stringify({ type, dst: d, ...(src === undefined ? {} : { src }) });
      return { data: `${head.slice(0, -1)},"payload":${payload ?? 'null'}}`, binary };
    }),
  // Bare nests and arbitrary text.
  fc.record({ n: nest, binary: fc.boolean() }).map(({ n, binary }) => ({ data: n, binary })),
  fc.record({ s: fc.string({ unit: 'grapheme', maxLength: 300 }), binary: fc.boolean() }).map(({ s, binary }) => ({ data: s, binary })),
  // Raw bytes (invalid UTF-8 in a text frame closes that socket with 1007).
  fc.record({ b: fc.uint8Array({ maxLength: 600 }), binary: fc.boolean() }).map(({ b, binary }) => ({ data: Buffer.from(b), binary })),
  // Sizes around max_payload (over it closes that socket with 1009).
  fc.integer({ min: MAX_PAYLOAD - 64, max: MAX_PAYLOAD + 64 }).map((n) => ({ data: `{"type":"OFFER","dst":"bob","payload":"${'x'.repeat(Math.max(0, n - 40))}"}`, binary: false })),
);

describe('fuzz: a hostile client never takes the server or an honest pair down', () => {
  let server: SignalingServer;
  let port: number;
  let alice: TestClient;
  let bob: TestClient;
  let mallory: TestClient | null = null;
  let n = 0;

  beforeAll(async () => {
    ({ server, port } = await startServer({ max_payload: MAX_PAYLOAD, max_queue: 20 }));
    alice = await connectOpen(port, { id: 'alice', token: 'ta' });
    bob = await connectOpen(port, { id: 'bob', token: 'tb' });
  });

  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close(), mallory?.close()]);
  });

  /** The hostile client, reconnected whenever the server closed it (1007, 1008, 1009 are expected outcomes). */
  async function hostile(): Promise<TestClient> {
    if (mallory && mallory.ws.readyState === mallory.ws.OPEN) return mallory;
    mallory = await connectOpen(port, { id: 'mallory', token: 'tm' });
    return mallory;
  }

  /** One honest round trip: alice -> bob and bob -> alice, checked to arrive intact with the right src. */
  async function honestRoundTrip(): Promise<void> {
    n += 1;
    const payload = { n, sdp: `v=0 round ${n}` };
    alice.send({ type: 'OFFER', dst: 'bob', payload });
    bob.send({ type: 'ANSWER', dst: 'alice', payload });
    const [atBob, atAlice] = await Promise.all([
      bob.next((m) => m.type === 'OFFER' && m.src === 'alice' && (m.payload as { n?: number }).n === n, 5000),
      alice.next((m) => m.type === 'ANSWER' && m.src === 'bob' && (m.payload as { n?: number }).n === n, 5000),
    ]);
    expect(atBob).toEqual({ type: 'OFFER', dst: 'bob', src: 'alice', payload });
    expect(atAlice).toEqual({ type: 'ANSWER', dst: 'alice', src: 'bob', payload });
  }

  it('arbitrary frame sequences (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 6 }), async (frames) => {
        const m = await hostile();
        for (const f of frames) if (m.ws.readyState === m.ws.OPEN) m.ws.send(f.data, { binary: f.binary });
        await honestRoundTrip();
        const ids = server.peers().map((p) => p.id);
        expect(ids).toContain('alice');
        expect(ids).toContain('bob');
      }),
      { seed: SEED, numRuns: 250, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: false },
    );
    // Nobody was ever sent an ERROR; whatever reached the honest pair from mallory carries mallory's src.
    expect(server.stats().messagesOut.ERROR).toBe(0);
    for (const c of [alice, bob]) {
      expect(c.messages.filter((msg) => msg.type === 'ERROR')).toEqual([]);
      for (const msg of c.messages) if (msg.type !== 'OPEN') expect(['alice', 'bob', 'mallory']).toContain(msg.src);
    }
    expect(n, 'runs done within the time bound').toBeGreaterThan(50);
    // The deep-nesting and invalid paths were exercised for real.
    const codes = new Set(server.recentEvents().flatMap((e) => (e.kind === 'protocol-error' ? [e.code] : [])));
    expect([...codes]).toEqual(expect.arrayContaining(['too-deep', 'not-json', 'unknown-type', 'bad-dst']));
    expect(server.stats().errorsTotal).toBe(server.stats().malformedTotal);
  }, 60_000);
});
