/**
 * The dashboard token, kept across restarts (a bookmark keeps working) in Switchboard's settings folder
 * as `dashboard-token` (mode 0600), regenerated on demand. The folder is $SWITCHBOARD_CONFIG_DIR, else
 * the platform's config folder + "Switchboard" (the desktop app's data folder on the same machine).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateToken } from './token.js';

export const TOKEN_FILE_NAME = 'dashboard-token';

/** A token read from a file must look like one we made (or a user chose): printable, 16–256 characters. */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,256}$/;

/** Switchboard's settings folder for this user. */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.SWITCHBOARD_CONFIG_DIR) return env.SWITCHBOARD_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Switchboard');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchboard');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Switchboard');
}

export interface TokenStore {
  readonly path: string;
  /** The stored token, or a new one (then stored). `notice` says when it could not be stored. */
  load(): { token: string; notice: string | null };
  /** A new token, stored; throws a readable Error when it cannot be stored. */
  regenerate(): string;
}

function save(path: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function createTokenStore(path: string): TokenStore {
  return {
    path,
    load() {
      try {
        const text = readFileSync(path, 'utf8').trim();
        if (TOKEN_SHAPE.test(text)) return { token: text, notice: null };
      } catch {
        // missing or unreadable: make one
      }
      const token = generateToken();
      try {
        save(path, token);
        return { token, notice: null };
      } catch (err) {
        return { token, notice: `could not store the dashboard token in ${path} (${(err as Error).message}); it changes at every start` };
      }
    },
    regenerate() {
      const token = generateToken();
      try {
        save(path, token);
      } catch (err) {
        throw new Error(`Could not store the new token in ${path}: ${(err as Error).message}`, { cause: err });
      }
      return token;
    },
  };
}
