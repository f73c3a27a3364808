import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { fromForm, toForm } from '../../../src/renderer/lib/settings-form.js';
import { peerSnippet, targetOf } from '../../../src/renderer/lib/snippet.js';
import { tokenFromLocation } from '../../../src/renderer/bridge/token.js';
import { formatDuration, formatBytes } from '../../../src/renderer/lib/format.js';

describe('settings form model', () => {
  it('round-trips the defaults and reports field errors from the shared schema', () => {
    expect(fromForm(toForm(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS, issues: {} });
    const bad = fromForm({ ...toForm(DEFAULT_SETTINGS), port: '70000', key: '', alive_timeout: 'soon', path: 'x' });
    expect(bad.settings).toBeNull();
    expect(bad.issues.port).toBe('Port must be 1–65535');
    expect(bad.issues.key).toBe('Key is required');
    expect(bad.issues.alive_timeout).toBe('A whole number is required');
    expect(bad.issues.path).toBe('Path must start with "/"');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '' }).issues.port).toBeDefined();
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '9000.5' }).issues.port).toBe('A whole number is required');
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

  it('formats durations and sizes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatBytes(2048)).toBe('2.0 KiB');
  });
});
