/**
 * Start at login: `app.setLoginItemSettings` on macOS and Windows; an XDG autostart `.desktop` file
 * on Linux (~/.config/autostart, or $XDG_CONFIG_HOME/autostart).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_FILE_NAME = 'switchboard.desktop';
export const HIDDEN_ARG = '--hidden';

/** Quotes one argument for the Exec key of a desktop entry (XDG Desktop Entry Spec, "Exec key"). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg.replace(/%/g, '%%');
  const escaped = arg.replace(/([\\"`$])/g, '\\$1').replace(/%/g, '%%');
  return `"${escaped}"`;
}

/** The autostart entry: starts the app hidden in the tray. */
export function desktopEntry(input: { execPath: string; args?: string[]; name?: string }): string {
  const exec = [input.execPath, ...(input.args ?? []), HIDDEN_ARG].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${input.name ?? 'Switchboard'}`,
    'Comment=PeerJS-compatible signaling server for the LAN',
    `Exec=${exec}`,
    'Icon=switchboard',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart');
}

type LoginApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface AutostartContext {
  platform: NodeJS.Platform;
  app: LoginApp;
  env: NodeJS.ProcessEnv;
  home: string;
  /** The program to start: the AppImage when running from one, else the executable. */
  execPath: string;
  /** Arguments before --hidden (e.g. the app path when running unpackaged). */
  args?: string[];
}

export function isAutostartSupported(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux';
}

export async function setStartAtLogin(ctx: AutostartContext, enabled: boolean): Promise<void> {
  if (ctx.platform === 'darwin' || ctx.platform === 'win32') {
    ctx.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return;
  }
  if (ctx.platform !== 'linux') throw new Error(`Start at login is not supported on ${ctx.platform}`);
  const file = join(autostartDir(ctx.env, ctx.home), AUTOSTART_FILE_NAME);
  if (enabled) {
    await mkdir(autostartDir(ctx.env, ctx.home), { recursive: true });
    await writeFile(file, desktopEntry({ execPath: ctx.execPath, args: ctx.args ?? [] }), { mode: 0o644 });
  } else {
    await rm(file, { force: true });
  }
}

export async function getStartAtLogin(ctx: AutostartContext): Promise<boolean> {
  if (ctx.platform === 'darwin' || ctx.platform === 'win32') {
    return ctx.app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
  }
  if (ctx.platform !== 'linux') return false;
  try {
    const text = await readFile(join(autostartDir(ctx.env, ctx.home), AUTOSTART_FILE_NAME), 'utf8');
    return !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
  } catch {
    return false;
  }
}

/**
 * Keeps the OS login item in line with the `start_at_login` setting: applies a change once, one at a
 * time, and reports failures (a read-only autostart folder, say) without throwing.
 */
export function createLoginItemSync(ctx: AutostartContext, log: (message: string) => void): (desired: boolean) => Promise<void> {
  let applied: boolean | null = null;
  let chain: Promise<void> = Promise.resolve();
  return (desired) => {
    chain = chain.then(async () => {
      if (applied === desired) return;
      try {
        if ((await getStartAtLogin(ctx)) !== desired) await setStartAtLogin(ctx, desired);
        applied = desired;
      } catch (err) {
        log(`Switchboard: could not ${desired ? 'enable' : 'disable'} start at login: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return chain;
  };
}
