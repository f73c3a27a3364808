import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSettingsStore } from '../../../src/control/settings-store.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-settings-'));
  file = join(dir, 'nested', 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file settings store', () => {
  it('uses defaults without a notice when the file is missing', () => {
    const loaded = createFileSettingsStore(file).load();
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, notice: null });
  });

  it('saves atomically (directory created, no temp file left) and loads back', async () => {
    const store = createFileSettingsStore(file);
    const next = { ...DEFAULT_SETTINGS, port: 9123, key: 'lan-party' };
    await store.save(next);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(next);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['settings.json']);
    expect(createFileSettingsStore(file).load()).toEqual({ settings: next, notice: null });
  });

  it('keeps the last of several concurrent saves', async () => {
    const store = createFileSettingsStore(file);
    await Promise.all([9001, 9002, 9003, 9004].map((port) => store.save({ ...DEFAULT_SETTINGS, port })));
    expect(JSON.parse(readFileSync(file, 'utf8')).port).toBe(9004);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['settings.json']);
  });

  it('keeps a corrupt file aside as .bak and says so', async () => {
    await createFileSettingsStore(file).save(DEFAULT_SETTINGS);
    writeFileSync(file, '{ "port": 90');
    const loaded = createFileSettingsStore(file).load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.notice).toMatch(/not valid JSON.*settings\.json\.bak/);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{ "port": 90');
  });

  it('keeps an invalid file aside and names the bad field', async () => {
    await createFileSettingsStore(file).save(DEFAULT_SETTINGS);
    writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, port: 70000 }));
    const loaded = createFileSettingsStore(file).load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.notice).toMatch(/port: Port must be a whole number from 0 to 65535/);
    expect(existsSync(`${file}.bak`)).toBe(true);
  });

  it('rejects unknown fields and non-objects', async () => {
    await createFileSettingsStore(file).save(DEFAULT_SETTINGS);
    writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, evil: true }));
    expect(createFileSettingsStore(file).load().notice).toMatch(/invalid/);
    writeFileSync(file, '[1,2]');
    expect(createFileSettingsStore(file).load().notice).toMatch(/did not hold a settings object/);
  });

  it('fills fields missing from an older file with defaults', async () => {
    await createFileSettingsStore(file).save(DEFAULT_SETTINGS);
    writeFileSync(file, JSON.stringify({ port: 9555 }));
    expect(createFileSettingsStore(file).load()).toEqual({ settings: { ...DEFAULT_SETTINGS, port: 9555 }, notice: null });
  });

  it('rejects with a readable error when the folder cannot be written', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const store = createFileSettingsStore(join(blocker, 'settings.json'));
    await expect(store.save(DEFAULT_SETTINGS)).rejects.toThrow(/Could not save settings/);
  });
});
