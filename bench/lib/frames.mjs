/** Realistic PeerJS signaling frames (as a client sends them) for the load generators. */

const CANDIDATE_LINE =
  'candidate:842163049 1 udp 1677729535 192.168.1.23 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sC2d network-cost 999';

/** A CANDIDATE frame to `dst`, with `extra` JSON members appended to the payload, padded to `size` bytes if given. */
export function candidateFrame(dst, { extra = '', size = 0, connectionId = 'dc_k0w3x2ab7q' } = {}) {
  const head =
    `{"type":"CANDIDATE","dst":"${dst}","payload":{"candidate":{"candidate":"${CANDIDATE_LINE}","sdpMLineIndex":0,` +
    `"sdpMid":"0","usernameFragment":"sC2d"},"type":"data","connectionId":"${connectionId}"${extra}`;
  if (size === 0) return Buffer.from(`${head}}}`);
  const padHead = `${head},"pad":"`;
  const tail = '"}}';
  const padLen = size - Buffer.byteLength(padHead) - tail.length;
  if (padLen < 0) throw new Error(`size ${size} too small for a CANDIDATE frame`);
  return Buffer.from(padHead + 'x'.repeat(padLen) + tail);
}

/** An SDP of about `bytes` characters (JSON-escaped CRLFs), shaped like a Chrome data-channel offer/answer. */
export function fakeSdp(kind, bytes) {
  const lines = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:sC2d',
    'a=ice-pwd:Vq0H4Jd8hkbW7aCq3u9QzpxZ',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 3B:2F:94:0C:7E:5A:A1:83:92:1D:4B:5E:2C:88:19:6F:0D:27:91:AB:CC:4E:57:10:9A:36:E2:71:58:0B:64:F3',
    `a=setup:${kind === 'offer' ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
  ];
  let sdp = lines.join('\\r\\n');
  let n = 0;
  while (sdp.length < bytes) {
    sdp += `\\r\\na=x-bench-filler-${n++}:${'f'.repeat(60)}`;
  }
  return `${sdp.slice(0, bytes)}\\r\\n`;
}

/** An OFFER or ANSWER frame to `dst` with an SDP of about `sdpBytes`. */
export function sdpFrame(type, dst, sdpBytes, connectionId = 'dc_k0w3x2ab7q') {
  const kind = type === 'OFFER' ? 'offer' : 'answer';
  return Buffer.from(
    `{"type":"${type}","dst":"${dst}","payload":{"sdp":{"type":"${kind}","sdp":"${fakeSdp(kind, sdpBytes)}"},` +
      `"type":"data","connectionId":"${connectionId}","label":"${connectionId}","reliable":true,` +
      `"serialization":"binary","browser":"chrome"}}`,
  );
}

export const HEARTBEAT = Buffer.from('{"type":"HEARTBEAT"}');
