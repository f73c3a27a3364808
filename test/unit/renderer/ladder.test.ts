import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../src/shared/events.js';
import { buildFlows, pairsOf } from '../../../src/renderer/lib/ladder.js';
import { closed, opened, relay, resetClock, sent, serverSends } from './fixtures/events.js';
import { ANSWER_SDP, CANDIDATES, DATA_OFFER_SDP } from './fixtures/sdp.js';

const offer = (cid: string) => ({ sdp: { type: 'offer', sdp: DATA_OFFER_SDP }, type: 'data', connectionId: cid, label: 'dc_x', reliable: true, serialization: 'binary' });
const answer = (cid: string) => ({ sdp: { type: 'answer', sdp: ANSWER_SDP }, type: 'data', connectionId: cid });
const cand = (cid: string, line: string) => ({ candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: cid });

describe('buildFlows', () => {
  beforeEach(() => resetClock());

  it('groups a full negotiation by pair and connectionId, every hop in order with relative times', () => {
    const events: ServerEvent[] = [
      opened('alice'),
      opened('bob'),
      ...relay('alice', 'bob', 'OFFER', offer('dc_1')),
      ...relay('bob', 'alice', 'ANSWER', answer('dc_1')),
      ...relay('alice', 'bob', 'CANDIDATE', cand('dc_1', CANDIDATES.host)),
      ...relay('bob', 'alice', 'CANDIDATE', cand('dc_1', CANDIDATES.srflx)),
    ];
    const flows = buildFlows(events);
    expect(flows).toHaveLength(1);
    const f = flows[0];
    expect(f).toBeDefined();
    if (!f) return;
    expect([f.a, f.b, f.connectionId, f.connectionType, f.status, f.stalled]).toEqual(['alice', 'bob', 'dc_1', 'data', 'connected', false]);
    expect(f.steps.map((s) => `${s.type}:${s.from}>${s.to}`)).toEqual([
      'OFFER:a>server',
      'OFFER:server>b',
      'ANSWER:b>server',
      'ANSWER:server>a',
      'CANDIDATE:a>server',
      'CANDIDATE:server>b',
      'CANDIDATE:b>server',
      'CANDIDATE:server>a',
    ]);
    expect(f.steps[0]?.rel).toBe(0);
    expect(f.steps.map((s) => s.rel)).toEqual([...f.steps.map((s) => s.rel)].sort((x, y) => x - y));
    expect(f.steps[4]?.label).toBe('host 192.168.1.23:50968');
    expect(f.steps[0]?.label).toBe('data');
  });

  it('keeps two connections of the same pair apart', () => {
    const events = [...relay('a', 'b', 'OFFER', offer('dc_1')), ...relay('a', 'b', 'OFFER', offer('mc_2')), ...relay('b', 'a', 'ANSWER', answer('dc_1'))];
    const flows = buildFlows(events);
    expect(flows.map((f) => [f.connectionId, f.status])).toEqual([
      ['dc_1', 'connected'],
      ['mc_2', 'no-answer'],
    ]);
    expect(flows[1]?.stalled).toBe(true);
    expect(pairsOf(flows)).toEqual([{ a: 'a', b: 'b', count: 2, stalled: 1 }]);
  });

  it('marks an OFFER to an absent peer that expired, with the queue note and the EXPIRE', () => {
    const events: ServerEvent[] = [
      sent('alice', { type: 'OFFER', dst: 'ghost', payload: offer('dc_9') }),
      { kind: 'message-queued', seq: 99, time: Date.now(), src: 'alice', dst: 'ghost', type: 'OFFER', depth: 1 },
      serverSends('alice', { type: 'EXPIRE', src: 'ghost' }),
    ];
    const [f] = buildFlows(events);
    expect(f?.status).toBe('expired');
    expect(f?.stalled).toBe(true);
    expect(f?.steps.map((s) => `${s.type}:${s.from}>${s.to}`)).toEqual(['OFFER:a>server', 'queued:server>server', 'EXPIRE:server>a']);
  });

  it('attaches LEAVE without a connectionId to the latest flow of the pair, and ignores heartbeats and server noise', () => {
    const events: ServerEvent[] = [
      ...relay('a', 'b', 'OFFER', offer('dc_1')),
      ...relay('b', 'a', 'ANSWER', answer('dc_1')),
      sent('a', { type: 'HEARTBEAT' }),
      serverSends('a', { type: 'OPEN' }),
      ...relay('a', 'b', 'LEAVE', undefined),
      closed('a'),
    ];
    const [f, ...rest] = buildFlows(events);
    expect(rest).toHaveLength(0);
    expect(f?.steps.map((s) => s.type)).toEqual(['OFFER', 'OFFER', 'ANSWER', 'ANSWER', 'LEAVE', 'LEAVE']);
  });

  it('survives frames that are not JSON or lack fields', () => {
    const bad: ServerEvent = { kind: 'frame-in', seq: 1, time: 1, peer: 'a', type: 'OFFER', dst: 'b', size: 3, frame: '{{{' };
    const flows = buildFlows([bad]);
    expect(flows[0]?.connectionId).toBeNull();
    expect(flows[0]?.status).toBe('no-answer');
  });
});
