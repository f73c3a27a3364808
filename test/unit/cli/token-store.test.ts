/** The dashboard token file: made once, kept across restarts, replaced when it is not a token, regenerated on demand. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configDir, createTokenStore } from '../../../src/cli/dashboard/token-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-token-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboard token store', () => {
  it('creates the token once (0600, in a new folder) and gives the same one at the next start', () => {
    const file = join(dir, 'nested', 'dashboard-token');
    const first = createTokenStore(file).load();
    expect(first).toMatchObject({ token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), notice: null });
    expect(createTokenStore(file).load().token).toBe(first.token);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces a file that does not hold a token, and regenerates on demand', () => {
    const file = join(dir, 'dashboard-token');
    writeFileSync(file, 'short\n');
    const { token } = createTokenStore(file).load();
    expect(token).not.toBe('short');
    const next = createTokenStore(file).regenerate();
    expect(next).not.toBe(token);
    expect(readFileSync(file, 'utf8').trim()).toBe(next);
  });

  it('says so (and still serves, with a token per start) when the folder cannot be written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const loaded = createTokenStore(join(blocker, 'dashboard-token')).load();
    expect(loaded.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loaded.notice).toMatch(/could not store the dashboard token/);
    expect(() => createTokenStore(join(blocker, 'dashboard-token')).regenerate()).toThrow(/Could not store the new token/);
  });

  it('lives in SWITCHBOARD_CONFIG_DIR, else the platform config folder', () => {
    expect(configDir({ SWITCHBOARD_CONFIG_DIR: '/x/y' }, 'linux', '/home/u')).toBe('/x/y');
    expect(configDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Switchboard');
    expect(configDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/Switchboard');
    expect(configDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Switchboard');
    expect(configDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/Roaming.Switchboard$/);
  });
});
