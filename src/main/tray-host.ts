/**
 * Is there anything that will show our tray icon? On Windows and macOS always. On Linux the icon is a
 * StatusNotifierItem, shown only when a StatusNotifierWatcher owns its name on the session D-Bus (KDE,
 * XFCE, Cinnamon, GNOME with the AppIndicator extension, …). Vanilla GNOME has none: an icon there is
 * invisible, so the app must never hide to it (src/main/window-visibility.ts).
 *
 * Asked with `gdbus` (GLib, on every GNOME desktop), else `dbus-send`. When neither can answer (no session
 * bus, no tool) the answer is "no tray": a window that minimises instead of hiding is a lesser evil than a
 * server left listening on the LAN with no visible UI.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

export interface TrayHostAnswer {
  available: boolean;
  /** How the answer was found, for the log. */
  reason: string;
}

export type RunCommand = (file: string, args: string[]) => Promise<string>;

const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 2000, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });

const PROBES: { file: string; args: string[]; parse: (out: string) => boolean | null }[] = [
  {
    file: 'gdbus',
    args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER],
    // "(true,)" or "(false,)"
    parse: (out) => (/\(\s*true\s*,?\s*\)/.test(out) ? true : /\(\s*false\s*,?\s*\)/.test(out) ? false : null),
  },
  {
    file: 'dbus-send',
    args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`],
    // "method return … boolean true"
    parse: (out) => (/boolean\s+true/.test(out) ? true : /boolean\s+false/.test(out) ? false : null),
  },
];

export async function detectTrayHost(platform: NodeJS.Platform, run: RunCommand = runCommand): Promise<TrayHostAnswer> {
  if (platform !== 'linux') return { available: true, reason: `${platform} always has a notification area` };
  const failures: string[] = [];
  for (const probe of PROBES) {
    try {
      const answer = probe.parse(await run(probe.file, probe.args));
      if (answer !== null) {
        return { available: answer, reason: `${STATUS_NOTIFIER_WATCHER} ${answer ? 'is' : 'is not'} on the session bus (${probe.file})` };
      }
      failures.push(`${probe.file}: unexpected answer`);
    } catch (err) {
      failures.push(`${probe.file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return { available: false, reason: `could not ask the session bus (${failures.join('; ')})` };
}

/** The latest answer, refreshed on demand (a user may enable the AppIndicator extension later). */
export interface TrayHostWatch {
  readonly available: boolean;
  refresh(): Promise<TrayHostAnswer>;
}

export function createTrayHostWatch(platform: NodeJS.Platform, initial: TrayHostAnswer, run?: RunCommand, log?: (m: string) => void): TrayHostWatch {
  let available = initial.available;
  return {
    get available() {
      return available;
    },
    async refresh() {
      const answer = await detectTrayHost(platform, run);
      if (answer.available !== available) log?.(`Tray host ${answer.available ? 'appeared' : 'went away'}: ${answer.reason}`);
      available = answer.available;
      return answer;
    },
  };
}
