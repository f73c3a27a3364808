import { describe, expect, it } from 'vitest';
import { peerSnippet, targetOf } from '../../../src/renderer/lib/snippet.js';

describe('PeerJS snippet', () => {
  it('builds a client config with iceServers: [] from a LAN address', () => {
    const t = targetOf('http://192.168.1.20:9000/', 'peerjs');
    expect(t).toEqual({ host: '192.168.1.20', port: 9000, path: '/', key: 'peerjs', secure: false });
    const text = t ? peerSnippet(t) : '';
    expect(text).toContain('host: "192.168.1.20"');
    expect(text).toContain('config: { iceServers: [] }');
    expect(targetOf('https://[fe80::1]/sig', 'k')).toMatchObject({ host: 'fe80::1', port: 443, path: '/sig', secure: true });
    expect(targetOf('not a url', 'k')).toBeNull();
  });
});
