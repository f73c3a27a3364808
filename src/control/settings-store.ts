/**
 * Where settings live. The desktop app keeps them in a JSON file in its user-data folder; the headless
 * CLI may keep them in memory. A file store writes atomically (temp file + rename) and validates on
 * load: a corrupt or invalid file is kept aside as `<file>.bak`, defaults are used, and the notice says so.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errorCode } from '../core/errors.js';
import { serialQueue } from '../core/serial-queue.js';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../shared/settings.js';

export interface LoadedSettings {
  settings: Settings;
  /** Set when the stored settings could not be used, e.g. "… kept as settings.json.bak". */
  notice: string | null;
}

export interface SettingsStore {
  /** Reads the stored settings (synchronously: it runs once, at start-up). Never throws. */
  load(): LoadedSettings;
  /** Stores valid settings; rejects with a readable Error when it cannot. */
  save(settings: Settings): Promise<void>;
}

/** Settings held in memory only (headless CLI, tests). */
export function createMemorySettingsStore(initial: Settings = DEFAULT_SETTINGS): SettingsStore & { current(): Settings } {
  let current: Settings = { ...initial };
  return {
    load: () => ({ settings: { ...current }, notice: null }),
    save: async (settings) => {
      current = { ...settings };
    },
    current: () => ({ ...current }),
  };
}


function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Settings in a JSON file at `filePath` (the desktop app passes `<userData>/settings.json`). */
export function createFileSettingsStore(filePath: string): SettingsStore & { readonly path: string } {
  /** Saves run one after another, so the last call always wins on disk. */
  const saving = serialQueue();
  const name = basename(filePath);

  function keepAside(reason: string): LoadedSettings {
    const bak = `${filePath}.bak`;
    try {
      renameSync(filePath, bak);
      return {
        settings: { ...DEFAULT_SETTINGS },
        notice: `The settings file ${name} ${reason}. Defaults are in use; the old file was kept as ${basename(bak)}.`,
      };
    } catch (err) {
      return {
        settings: { ...DEFAULT_SETTINGS },
        notice: `The settings file ${name} ${reason}. Defaults are in use (could not keep the old file aside: ${message(err)}).`,
      };
    }
  }

  function load(): LoadedSettings {
    let text: string;
    try {
      text = readFileSync(filePath, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return { settings: { ...DEFAULT_SETTINGS }, notice: null };
      return {
        settings: { ...DEFAULT_SETTINGS },
        notice: `The settings file ${name} could not be read (${message(err)}). Defaults are in use.`,
      };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return keepAside('was not valid JSON');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return keepAside('did not hold a settings object');
    }
    // Fields added in a newer version are filled with defaults; anything present must be valid.
    const result = validateSettings({ ...DEFAULT_SETTINGS, ...(data as Record<string, unknown>) });
    if (!result.ok) {
      const detail = result.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
      return keepAside(`was invalid (${detail})`);
    }
    return { settings: result.settings, notice: null };
  }

  async function writeAtomically(settings: Settings): Promise<void> {
    const dir = dirname(filePath);
    const tmp = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, filePath);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new Error(`Could not save settings to ${filePath}: ${message(err)}`, { cause: err });
    }
  }

  return {
    path: filePath,
    load,
    save(settings: Settings): Promise<void> {
      return saving(() => writeAtomically(settings));
    },
  };
}

