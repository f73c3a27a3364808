import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { healthOf } from '../../../src/renderer/lib/health.js';
import { sortPeers } from '../../../src/renderer/lib/peer-sort.js';
import { fromForm, toForm } from '../../../src/renderer/lib/settings-form.js';
import { peerSnippet, targetOf } from '../../../src/renderer/lib/snippet.js';
import { tokenFromLocation } from '../../../src/renderer/bridge/token.js';
import { formatDuration, formatBytes } from '../../../src/renderer/lib/format.js';

describe('health badge', () => {
  it('is green, then amber past half of alive_timeout, then red near it', () => {
    expect(healthOf(0, 1000, 3000)).toBe('ok');
    expect(healthOf(0, 1600, 3000)).toBe('late');
    expect(healthOf(0, 2500, 3000)).toBe('dying');
    expect(healthOf(5000, 1000, 3000)).toBe('ok');
  });
});

describe('settings form model', () => {
  it('round-trips the defaults and reports field errors from the shared schema', () => {
    expect(fromForm(toForm(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS, issues: {} });
    const bad = fromForm({ ...toForm(DEFAULT_SETTINGS), port: '70000', key: 'bad key!', alive_timeout: 'soon', path: '/a b' });
    expect(bad.settings).toBeNull();
    expect(bad.issues.port).toBe('Port must be a whole number from 0 to 65535');
    expect(bad.issues.key).toMatch(/^Key may hold only/);
    expect(bad.issues.alive_timeout).toBeDefined();
    expect(bad.issues.path).toBe('Path may hold only letters, digits and . _ ~ - /');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), path: 'room/' }).settings?.path).toBe('/room');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '' }).issues.port).toBeDefined();
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '9000.5' }).issues.port).toBeDefined();
  });
});

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

describe('small helpers', () => {
  it('reads the token from ?token= or #token=', () => {
    expect(tokenFromLocation('?token=abc', '')).toBe('abc');
    expect(tokenFromLocation('', '#token=xyz')).toBe('xyz');
    expect(tokenFromLocation('?x=1', '#y=2')).toBeNull();
  });

  it('sorts and filters peers', () => {
    const p = (id: string, n: number) => ({ id, remote: `10.0.0.${n}`, connectedAt: n, lastSeen: n, messagesIn: n, messagesOut: 0, bytesIn: 0, bytesOut: 0, pendingOut: 0 });
    const peers = [p('b', 2), p('a', 3), p('c', 1)];
    expect(sortPeers(peers, { key: 'id', dir: 'asc' }, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortPeers(peers, { key: 'messages', dir: 'desc' }, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortPeers(peers, { key: 'connectedAt', dir: 'asc' }, '10.0.0.1').map((x) => x.id)).toEqual(['c']);
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatBytes(2048)).toBe('2.0 KiB');
  });
});
