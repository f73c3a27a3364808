/**
 * The real PeerJS client (npm peerjs, dist/peerjs.js) in two Chromium pages against our server, default
 * path and key: ids from GET <key>/id (cross-origin), a DataConnection signalled through the server, and
 * strings, binary and objects both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPair, asArrived, openPair, samplePayload, startRig, type Rig } from './setup.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('PeerJS client in Chromium: ids and DataConnection', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({ expire_timeout: 1000 });
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  }, 30_000);

  it('two pages get their ids from the server (GET <key>/id, cross-origin) and register', async () => {
    const { idA, idB } = await openPair(rig, 'id-a', 'id-b');
    expect(idA).toMatch(UUID);
    expect(idB).toMatch(UUID);
    expect(idA).not.toBe(idB);
    // The id each Peer opened with is the verbatim body the server returned to that page.
    await expect.poll(() => rig.pageA.issuedIds(), { timeout: 5_000 }).toContain(idA);
    await expect.poll(() => rig.pageB.issuedIds(), { timeout: 5_000 }).toContain(idB);
    const registered = rig.server.peers().map((p) => p.id);
    expect(registered).toContain(idA);
    expect(registered).toContain(idB);
    // Each client's first frame out of the server was OPEN.
    for (const id of [idA, idB]) {
      expect(rig.frames.out.find((f) => f.peer === id)?.type, `first frame to ${id}`).toBe('OPEN');
    }
  }, 30_000);

  it('a DataConnection opens, with OFFER, ANSWER and CANDIDATE relayed by the server both ways', async () => {
    const { idA, idB } = await connectPair(rig, 'sig-a', 'sig-b');
    // Seen by the server from the sender (frame-in, with dst) and sent on to the receiver (frame-out, with src).
    // Polled briefly: trickled candidates may still be in flight when the DataConnection reports open.
    const relayed = async (type: string, from: string, to: string): Promise<void> => {
      const seen = (): { seenIn: boolean; seenOut: boolean } => ({
        seenIn: rig.frames.in.some((f) => f.type === type && f.peer === from && f.dst === to),
        seenOut: rig.frames.out.some((f) => f.type === type && f.peer === to && f.src === from),
      });
      await expect.poll(seen, { timeout: 5_000, message: `${type} ${from} -> ${to}` }).toEqual({ seenIn: true, seenOut: true });
    };
    await relayed('OFFER', idA, idB);
    await relayed('ANSWER', idB, idA);
    await relayed('CANDIDATE', idA, idB);
    await relayed('CANDIDATE', idB, idA);
    // The relayed OFFER carries the server-set src and the client's payload (the SDP and connection id).
    const offerOut = rig.frames.out.find((f) => f.type === 'OFFER' && f.peer === idB);
    const parsed = JSON.parse(offerOut?.frame ?? '{}') as { src?: string; dst?: string; payload?: { type?: string; sdp?: { sdp?: string } } };
    expect(parsed.src).toBe(idA);
    expect(parsed.dst).toBe(idB);
    expect(parsed.payload?.type).toBe('data');
    expect(parsed.payload?.sdp?.sdp).toContain('m=application');
    // Nothing the clients sent was refused as malformed.
    expect(rig.frames.out.filter((f) => f.type === 'ERROR' && (f.peer === idA || f.peer === idB))).toEqual([]);
    const a = rig.server.peers().find((p) => p.id === idA);
    expect(a?.messagesIn, 'signaling messages counted for A').toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('strings, binary and objects arrive exactly as sent, in both directions', async () => {
    await connectPair(rig, 'data-a', 'data-b');
    const fromA = samplePayload('A');
    const fromB = samplePayload('B');
    await Promise.all([rig.pageA.send('data-a', fromA), rig.pageB.send('data-b', fromB)]);
    const [atB, atA] = await Promise.all([rig.pageB.waitReceived('data-b', fromA.length), rig.pageA.waitReceived('data-a', fromB.length)]);
    expect(atB.map(asArrived), `B received; B ${await rig.pageB.diagnostics()}`).toEqual(fromA.map(asArrived));
    expect(atA.map(asArrived), `A received; A ${await rig.pageA.diagnostics()}`).toEqual(fromB.map(asArrived));
  }, 45_000);
});
