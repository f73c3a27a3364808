/** A real PeerJS-shaped OFFER/ANSWER/CANDIDATE exchange between two `ws` clients, as peerjs 1.5 sends it. */
import type { TestClient } from '../../helpers/ws-client.js';
import { ANSWER_SDP, CANDIDATES, OFFER_SDP } from '../../unit/renderer/fixtures/sdp.js';

export interface Negotiated {
  connectionId: string;
  sent: { type: string; from: string; to: string }[];
}

export async function negotiate(a: TestClient, aId: string, b: TestClient, bId: string, connectionId = 'mc_3k2j8d9x1q'): Promise<Negotiated> {
  const sent: Negotiated['sent'] = [];
  const from = b.messages.length;
  a.send({
    type: 'OFFER',
    dst: bId,
    payload: { sdp: { type: 'offer', sdp: OFFER_SDP }, type: 'media', connectionId, browser: 'chrome', metadata: null },
  });
  sent.push({ type: 'OFFER', from: aId, to: bId });
  await b.next((m) => m.type === 'OFFER' && m.src === aId, 5000, from);
  const fromA = a.messages.length;
  b.send({ type: 'ANSWER', dst: aId, payload: { sdp: { type: 'answer', sdp: ANSWER_SDP }, type: 'media', connectionId, browser: 'chrome' } });
  sent.push({ type: 'ANSWER', from: bId, to: aId });
  await a.next((m) => m.type === 'ANSWER' && m.src === bId, 5000, fromA);
  const cand = (line: string) => ({ candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'F7gI' }, type: 'media', connectionId });
  a.send({ type: 'CANDIDATE', dst: bId, payload: cand(CANDIDATES.host) });
  a.send({ type: 'CANDIDATE', dst: bId, payload: cand(CANDIDATES.srflx) });
  b.send({ type: 'CANDIDATE', dst: aId, payload: cand(CANDIDATES.mdns) });
  sent.push({ type: 'CANDIDATE', from: aId, to: bId }, { type: 'CANDIDATE', from: aId, to: bId }, { type: 'CANDIDATE', from: bId, to: aId });
  await waitCount(b, 'CANDIDATE', 2, from);
  await waitCount(a, 'CANDIDATE', 1, fromA);
  return { connectionId, sent };
}

/** Waits until `client` has received `count` messages of `type` since index `from`. */
export async function waitCount(client: TestClient, type: string, count: number, from = 0, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (client.messages.slice(from).filter((m) => m.type === type).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} ${type}, got ${client.messages.slice(from).filter((m) => m.type === type).length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
