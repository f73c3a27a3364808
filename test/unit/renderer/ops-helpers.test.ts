/** The pure helpers behind the settings checks and the joining UI. */
import { describe, expect, it } from 'vitest';
import { bindAddressIssue, formWarnings, fromForm, toForm } from '../../../src/renderer/lib/settings-form.js';
import { joinUrlOf, loopbackWarning, shortAddress } from '../../../src/renderer/lib/snippet.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

const MINE = ['127.0.0.1', '::1', '192.168.1.23', 'fd00::5'];

describe('bind address check', () => {
  it('accepts wildcards, localhost and this computer\'s addresses; refuses anything else in plain words', () => {
    for (const ok of ['::', '0.0.0.0', 'localhost', '127.0.0.1', '192.168.1.23', 'FD00::5', '[fd00::5]']) expect(bindAddressIssue(ok, MINE), ok).toBeNull();
    expect(bindAddressIssue('999.1.1.1', MINE)).toBe('999.1.1.1 is not an address of this computer. Use :: for every interface; this computer has 192.168.1.23.');
    expect(bindAddressIssue('example.com', MINE)).toMatch(/^example\.com is not an address of this computer/);
    // Unknown list (an older server): no check rather than a false alarm.
    expect(bindAddressIssue('10.0.0.9', undefined)).toBeNull();
  });

  it('is part of the form check, next to plain-word number errors', () => {
    const values = { ...toForm(DEFAULT_SETTINGS), host: '10.9.9.9', port: '1.5', max_queue: 'lots' };
    const { settings, issues } = fromForm(values, { localAddresses: MINE });
    expect(settings).toBeNull();
    expect(issues.host).toMatch(/not an address of this computer/);
    expect(issues.port).toBe('Port must be a whole number from 0 to 65535');
    expect(issues.max_queue).toMatch(/^Queue per absent peer must be a whole number from 0 to /);
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), key: 'any text, even spaces / ü' }, { localAddresses: MINE }).settings?.key).toBe('any text, even spaces / ü');
  });

  it('warns (without refusing) about ports that need administrator rights', () => {
    expect(formWarnings({ ...toForm(DEFAULT_SETTINGS), port: '443' }).port).toMatch(/below 1024/);
    expect(formWarnings({ ...toForm(DEFAULT_SETTINGS), port: '8080' }).port).toBeUndefined();
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '443' }).settings?.port).toBe(443);
  });
});

describe('joining', () => {
  it('points the QR code at the join page and shortens the address for a projector', () => {
    expect(joinUrlOf('http://192.168.1.23:9000/')).toBe('http://192.168.1.23:9000/join');
    expect(joinUrlOf('http://192.168.1.23:9000/signal')).toBe('http://192.168.1.23:9000/signal/join');
    expect(shortAddress('http://192.168.1.23:9000/')).toBe('192.168.1.23:9000');
    expect(shortAddress('https://[fd00::5]:9443/signal')).toBe('[fd00::5]:9443/signal');
  });

  it('warns only when every address is loopback, and says why', () => {
    expect(loopbackWarning(['http://192.168.1.23:9000/'], '::')).toBeNull();
    expect(loopbackWarning(['http://127.0.0.1:9000/', 'http://192.168.1.23:9000/'], '0.0.0.0')).toBeNull();
    expect(loopbackWarning([], null)).toBeNull();
    expect(loopbackWarning(['http://127.0.0.1:9000/'], '127.0.0.1')).toMatch(/listens on 127\.0\.0\.1\. Set the bind address to ::/);
    expect(loopbackWarning(['http://127.0.0.1:9000/'], '::')).toMatch(/no network was found besides loopback/);
    expect(loopbackWarning(['http://[::1]:9000/'], '::1')).toMatch(/^Only this computer can connect/);
  });
});
