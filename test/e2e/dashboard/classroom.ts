/**
 * A classroom with problems, for screenshots and tests: students on data connections, two wrong keys,
 * one taken id, one dial to an absent teacher (queued, then EXPIRE), one student going silent (timed
 * out), one malformed frame.
 */
import { connect, type TestClient } from '../../helpers/ws-client.js';
import { ANSWER_SDP, CANDIDATES, DATA_OFFER_SDP } from '../../unit/renderer/fixtures/sdp.js';
import type { Stack } from './harness.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Classroom {
  students: Map<string, TestClient>;
  stopHeartbeats(): void;
}

export async function dataNegotiation(a: TestClient, aId: string, b: TestClient, bId: string, cid: string): Promise<void> {
  a.send({ type: 'OFFER', dst: bId, payload: { sdp: { type: 'offer', sdp: DATA_OFFER_SDP }, type: 'data', connectionId: cid, browser: 'chrome', label: cid, reliable: true, serialization: 'binary' } });
  await sleep(30);
  b.send({ type: 'ANSWER', dst: aId, payload: { sdp: { type: 'answer', sdp: ANSWER_SDP }, type: 'data', connectionId: cid, browser: 'firefox' } });
  await sleep(20);
  a.send({ type: 'CANDIDATE', dst: bId, payload: { candidate: { candidate: CANDIDATES.host, sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: cid } });
}

/** Builds the scenario on a running stack (its alive_timeout should be a few seconds for the silent student). */
export async function classroom(stack: Stack, count = 10): Promise<Classroom> {
  const students = new Map<string, TestClient>();
  const names = ['teacher-laptop', 'alice-pixel-8', 'bob-thinkpad', 'carol-ipad', 'dan-chromebook', 'erin-surface', 'frank-macbook', 'grace-galaxy', 'heidi-xps', 'ivan-fairphone', 'judy-pinebook', 'ken-yoga'];
  for (const id of names.slice(0, count)) students.set(id, await stack.peer(id));
  const silent = await stack.peer('mallory-old-tablet');
  void silent;
  const beat = setInterval(() => {
    for (const c of students.values()) c.send({ type: 'HEARTBEAT' });
  }, 1000);
  const list = [...students.entries()];
  for (let i = 1; i + 1 < list.length; i += 2) {
    const [aId, a] = list[i] ?? [];
    const [bId, b] = list[i + 1] ?? [];
    if (a && b && aId && bId) await dataNegotiation(a, aId, b, bId, `dc_${aId.slice(0, 4)}${bId.slice(0, 4)}`);
  }
  // Two wrong keys, one taken id.
  for (const key of ['peerj', 'PeerJS']) {
    const c = await connect(stack.port, { id: `guest-${key.toLowerCase()}`, token: 'x', key }).catch(() => null);
    await c?.closed;
  }
  const taken = await connect(stack.port, { id: 'bob-thinkpad', token: 'someone-else' }).catch(() => null);
  await taken?.closed;
  // A dial to a teacher that is not there.
  students.get('alice-pixel-8')?.send({ type: 'OFFER', dst: 'teacher-desktop', payload: { sdp: { type: 'offer', sdp: DATA_OFFER_SDP }, type: 'data', connectionId: 'dc_absent01', browser: 'chrome' } });
  // A malformed frame.
  students.get('carol-ipad')?.sendRaw('{"type": "OFFER", "dst": ');
  return { students, stopHeartbeats: () => clearInterval(beat) };
}
