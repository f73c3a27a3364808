/**
 * Start at login: `app.setLoginItemSettings` on macOS and Windows; an XDG autostart `.desktop` file
 * on Linux (~/.config/autostart, or $XDG_CONFIG_HOME/autostart). Every variant starts the app with
 * --hidden (in the tray):
 * - Linux and Windows pass it as an argument of the entry / Run key.
 * - macOS 13+ (SMAppService, Electron ≥ 29) ignores `args` for the main app, and `wasOpenedAtLogin` no
 *   longer works (electron/electron#42302). So the login item is a LaunchAgent shipped in the bundle
 *   (build/mac/org.switchboard.desktop.login.plist, `type: 'agentService'`), whose ProgramArguments carry
 *   --hidden. Where that agent is missing (an unpackaged run) the main app service is used: the app then
 *   starts at login with its window open, never hidden.
 *
 * The OS is the truth: a user who removes the entry in the OS settings has turned it off, and the setting
 * follows (createLoginItemMirror); the app writes to the OS only when the user changes the setting.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App, LoginItemSettings, Settings as LoginItemInput } from 'electron';
import { MAC_LOGIN_AGENT } from './identity.js';

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

const MAC_AGENT = { type: 'agentService', serviceName: MAC_LOGIN_AGENT } as const;

export async function setStartAtLogin(ctx: AutostartContext, enabled: boolean): Promise<void> {
  if (ctx.platform === 'darwin') {
    ctx.app.setLoginItemSettings({ openAtLogin: enabled, ...MAC_AGENT });
    if (ctx.app.getLoginItemSettings(MAC_AGENT).status === 'not-found') {
      // No LaunchAgent in this bundle (unpackaged): the main app, which macOS starts without --hidden.
      ctx.app.setLoginItemSettings({ openAtLogin: enabled } satisfies LoginItemInput);
    }
    return;
  }
  if (ctx.platform === 'win32') {
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

/** macOS: enabled only when approved ('requires-approval' means the user switched it off in System Settings). */
function macEnabled(settings: Pick<LoginItemSettings, 'openAtLogin' | 'status'>): boolean {
  return settings.status === undefined ? settings.openAtLogin : settings.status === 'enabled';
}

export async function getStartAtLogin(ctx: AutostartContext): Promise<boolean> {
  if (ctx.platform === 'darwin') {
    const agent = ctx.app.getLoginItemSettings(MAC_AGENT);
    return agent.status === 'not-found' ? macEnabled(ctx.app.getLoginItemSettings()) : macEnabled(agent);
  }
  if (ctx.platform === 'win32') {
    const settings = ctx.app.getLoginItemSettings({ args: [HIDDEN_ARG] });
    // Disabled in Task Manager's "Startup apps": the Run key is still there but will not launch.
    return settings.openAtLogin && settings.executableWillLaunchAtLogin !== false;
  }
  if (ctx.platform !== 'linux') return false;
  try {
    const text = await readFile(join(autostartDir(ctx.env, ctx.home), AUTOSTART_FILE_NAME), 'utf8');
    return !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
  } catch {
    return false;
  }
}

export interface LoginItemMirror {
  /** Reads the OS state; when it differs from the setting, the setting follows (via `onOsState`). */
  refresh(): Promise<void>;
  /** The user changed the setting: write it to the OS (once, in order). */
  settingChanged(desired: boolean): Promise<void>;
}

/**
 * Mirrors the OS login item and the `start_at_login` setting. The OS state is the truth: at start and on
 * `refresh()` (window shown, tray clicked) it is read and the setting updated when they differ. The OS is
 * written only when the setting changes after that — never re-creating an entry the user removed.
 * Failures (a read-only autostart folder, say) are logged, never thrown.
 */
export function createLoginItemMirror(ctx: AutostartContext, onOsState: (enabled: boolean) => Promise<void>, log: (message: string) => void): LoginItemMirror {
  /** What the OS was last seen or made to be; null until the first read. */
  let known: boolean | null = null;
  let chain: Promise<void> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => (chain = chain.then(task, task));
  return {
    refresh: () =>
      serial(async () => {
        let os: boolean;
        try {
          os = await getStartAtLogin(ctx);
        } catch (err) {
          log(`Switchboard: could not read the start-at-login state: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        known = os;
        await onOsState(os);
      }),
    settingChanged: (desired) =>
      serial(async () => {
        if (known === null || known === desired) return;
        try {
          await setStartAtLogin(ctx, desired);
          known = desired;
        } catch (err) {
          log(`Switchboard: could not ${desired ? 'enable' : 'disable'} start at login: ${err instanceof Error ? err.message : String(err)}`);
          // The setting goes back to what the OS really does.
          known = await getStartAtLogin(ctx).catch(() => known);
          if (known !== null) await onOsState(known);
        }
      }),
  };
}
