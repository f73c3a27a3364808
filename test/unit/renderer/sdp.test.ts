import { describe, expect, it } from 'vitest';
import { parseCandidate, parseSdp } from '../../../src/renderer/lib/sdp.js';
import { ANSWER_SDP, CANDIDATES, OFFER_SDP } from './fixtures/sdp.js';

describe('parseSdp', () => {
  it('reads media sections, codecs, directions and the data channel of a Chromium offer', () => {
    const s = parseSdp(OFFER_SDP);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.groups).toEqual(['BUNDLE 0 1 2']);
    expect(s.media.map((m) => [m.kind, m.mid, m.direction])).toEqual([
      ['audio', '0', 'sendrecv'],
      ['video', '1', 'sendonly'],
      ['application', '2', null],
    ]);
    const audio = s.media[0];
    expect(audio?.codecs[0]).toEqual({ payloadType: 111, name: 'opus', clockRate: 48000, channels: 2 });
    expect(audio?.codecs.map((c) => c.name)).toContain('telephone-event');
    expect(s.media[1]?.codecs.map((c) => c.name)).toEqual(['VP8', 'rtx', 'VP9', 'rtx', 'AV1']);
    expect(s.media[2]?.protocol).toBe('UDP/DTLS/SCTP');
    expect(s.media[2]?.sctpPort).toBe(5000);
    expect(audio?.setup).toBe('actpass');
    expect(audio?.fingerprint).toMatch(/^sha-256 D2:FA/);
  });

  it('finds the ICE ufrag (media-level when there is no session-level one) and every candidate', () => {
    const s = parseSdp(OFFER_SDP);
    expect(s?.iceUfrag).toBe('F7gI');
    expect(s?.candidates.map((c) => [c.type, c.address, c.port])).toEqual([
      ['host', '192.168.1.23', 50968],
      ['srflx', '203.0.113.7', 50968],
      ['relay', '198.51.100.4', 3478],
      ['host', '192.168.1.23', 50970],
    ]);
    expect(s?.media[1]?.candidates).toHaveLength(1);
  });

  it('reads an answer without candidates', () => {
    const s = parseSdp(ANSWER_SDP);
    expect(s?.iceUfrag).toBe('Qz9x');
    expect(s?.candidates).toEqual([]);
    expect(s?.media[0]?.setup).toBe('active');
  });

  it('accepts LF-only line endings and ignores junk lines', () => {
    const s = parseSdp(OFFER_SDP.replace(/\r\n/g, '\n').replace('s=-', 's=-\nthis is not sdp\n=broken'));
    expect(s?.media).toHaveLength(3);
  });

  it('returns null for text that is not SDP, never throws', () => {
    expect(parseSdp('hello')).toBeNull();
    expect(parseSdp('')).toBeNull();
    expect(parseSdp('{"sdp": 1}')).toBeNull();
    expect(parseSdp('m=')).not.toBeNull();
  });
});

describe('parseCandidate', () => {
  it('reads host, mDNS, srflx, relay and TCP candidates with or without the a= prefix', () => {
    expect(parseCandidate(CANDIDATES.host)).toMatchObject({ type: 'host', address: '192.168.1.23', port: 50968, protocol: 'udp', component: 1 });
    expect(parseCandidate(CANDIDATES.mdns)?.address).toMatch(/\.local$/);
    expect(parseCandidate(CANDIDATES.srflx)).toMatchObject({ type: 'srflx', relatedAddress: '192.168.1.23', relatedPort: 50968 });
    expect(parseCandidate(`a=${CANDIDATES.relay}`)).toMatchObject({ type: 'relay', address: '198.51.100.4', port: 3478, priority: 41885439 });
    expect(parseCandidate(CANDIDATES.tcp)).toMatchObject({ protocol: 'tcp', tcpType: 'active' });
  });

  it('rejects what is not a candidate line', () => {
    expect(parseCandidate('')).toBeNull();
    expect(parseCandidate('candidate:1 1 udp')).toBeNull();
    expect(parseCandidate('a=mid:0')).toBeNull();
    expect(parseCandidate('candidate:1 1 udp 1 1.2.3.4 5 notyp host')).toBeNull();
  });

  it('marks unknown types as unknown', () => {
    expect(parseCandidate('candidate:1 1 udp 1 1.2.3.4 5 typ weird')?.type).toBe('unknown');
  });
});
