import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createController } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import {
  autostartDir,
  createLoginItemMirror,
  desktopEntry,
  getStartAtLogin,
  quoteExecArg,
  setStartAtLogin,
  type AutostartContext,
} from '../../../src/main/autostart.js';
import { installCleanQuit } from '../../../src/main/quit.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FakeApp, as } from './fakes.js';
import { portIsFree } from '../../helpers/net.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-autostart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ctx(platform: NodeJS.Platform, app = new FakeApp()): AutostartContext & { fake: FakeApp } {
  return { platform, app: as(app), fake: app, env: { XDG_CONFIG_HOME: join(dir, 'config') }, home: join(dir, 'home'), execPath: '/opt/Switchboard/switchboard' };
}

describe('XDG autostart entry (Linux)', () => {
  it('is a valid desktop entry that starts the app hidden', () => {
    const text = desktopEntry({ execPath: '/home/me/Apps/Switchboard 1.0.AppImage' });
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text).toMatch(/^Type=Application$/m);
    expect(text).toMatch(/^Name=Switchboard$/m);
    expect(text).toMatch(/^Exec="\/home\/me\/Apps\/Switchboard 1\.0\.AppImage" --hidden$/m);
    expect(text).toMatch(/^X-GNOME-Autostart-enabled=true$/m);
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(quoteExecArg('a "b" $c')).toBe('"a \\"b\\" \\$c"');
  });

  it('uses $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/me')).toBe('/x/cfg/autostart');
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart');
  });

  it('writes and removes the file', async () => {
    const c = ctx('linux');
    const file = join(dir, 'config', 'autostart', 'switchboard.desktop');
    expect(await getStartAtLogin(c)).toBe(false);
    await setStartAtLogin(c, true);
    expect(readFileSync(file, 'utf8')).toMatch(/^Exec=\/opt\/Switchboard\/switchboard --hidden$/m);
    expect(await getStartAtLogin(c)).toBe(true);
    await setStartAtLogin(c, false);
    expect(existsSync(file)).toBe(false);
    expect(c.fake.loginItem).toEqual({}); // Linux never touches setLoginItemSettings
  });
});

describe('login item (macOS, Windows)', () => {
  it('Windows: a Run key with --hidden', async () => {
    const c = ctx('win32');
    await setStartAtLogin(c, true);
    expect(c.fake.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(await getStartAtLogin(c)).toBe(true);
    await setStartAtLogin(c, false);
    expect(c.fake.loginItem.openAtLogin).toBe(false);
    expect(await getStartAtLogin(c)).toBe(false);
    expect(existsSync(join(dir, 'config'))).toBe(false);
  });

  it('macOS: the bundled LaunchAgent (which passes --hidden), else the main app service', async () => {
    const packaged = ctx('darwin');
    packaged.fake.bundledAgents.add('org.switchboard.desktop.login.plist');
    await setStartAtLogin(packaged, true);
    expect(packaged.fake.loginItem).toEqual({ openAtLogin: true, type: 'agentService', serviceName: 'org.switchboard.desktop.login.plist' });
    expect(packaged.fake.loginServices.get('main')).toBeUndefined();
    expect(await getStartAtLogin(packaged)).toBe(true);
    await setStartAtLogin(packaged, false);
    expect(await getStartAtLogin(packaged)).toBe(false);
    // The agent's plist is in the bundle (electron-builder.yml mac.extraFiles) and passes --hidden.
    const plist = readFileSync('build/mac/org.switchboard.desktop.login.plist', 'utf8');
    expect(plist).toMatch(/<string>Contents\/MacOS\/Switchboard<\/string>\s*<string>--hidden<\/string>/);

    const unpackaged = ctx('darwin');
    await setStartAtLogin(unpackaged, true);
    expect(unpackaged.fake.loginServices.get('main')).toBe(true);
    expect(await getStartAtLogin(unpackaged)).toBe(true);
  });
});

describe('start at login mirrors the OS', () => {
  it('takes the OS state at start, writes only when the user changes the setting, and never re-creates a removed entry', async () => {
    const c = ctx('linux');
    const file = join(dir, 'config', 'autostart', 'switchboard.desktop');
    const seen: boolean[] = [];
    const mirror = createLoginItemMirror(c, async (on) => void seen.push(on), () => undefined);
    await mirror.refresh();
    expect(seen).toEqual([false]);
    await mirror.settingChanged(true); // the user ticks "Start at login"
    expect(existsSync(file)).toBe(true);
    rmSync(file); // … and later removes it in the desktop's settings
    await mirror.settingChanged(true); // a re-render with the stale setting: nothing written
    expect(existsSync(file)).toBe(false);
    await mirror.refresh();
    expect(seen).toEqual([false, false]); // the setting follows the OS
    await mirror.settingChanged(false);
    expect(existsSync(file)).toBe(false);
  });

  it('reports a failure without throwing and puts the setting back to what the OS does', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the config folder should be');
    const logs: string[] = [];
    const seen: boolean[] = [];
    const mirror = createLoginItemMirror({ ...ctx('linux'), env: { XDG_CONFIG_HOME: blocker } }, async (on) => void seen.push(on), (m) => logs.push(m));
    await mirror.refresh();
    await mirror.settingChanged(true);
    expect(logs).toEqual([expect.stringMatching(/could not enable start at login/)]);
    expect(seen).toEqual([false, false]);
  });
});

describe('clean quit', () => {
  it('holds the quit until the server has stopped and freed its port, then quits for real', async () => {
    const app = new FakeApp();
    const controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1' }),
      overrides: { port: 0 },
    });
    await controller.start();
    const port = controller.status().state.port ?? 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((r) => (finished = r));
    installCleanQuit(as(app), async () => {
      await controller.dispose();
      finished();
    });
    app.quit(); // the user chose Quit
    expect(app.quitCalls).toBe(1);
    await done;
    await new Promise((r) => setTimeout(r, 0));
    expect(app.quitCalls).toBe(2); // quit again, now let through
    expect(controller.status().state.status).toBe('stopped');
    expect(await portIsFree(port)).toBe(true);
  });

  it('quits anyway when stopping hangs past the timeout', async () => {
    const app = new FakeApp();
    const logs: string[] = [];
    installCleanQuit(as(app), () => new Promise<void>(() => undefined), { timeoutMs: 50, log: (m) => logs.push(m) });
    app.quit();
    await new Promise((r) => setTimeout(r, 500));
    expect(app.quitCalls).toBe(2);
    expect(logs[0]).toMatch(/did not stop within 50 ms/);
  });
});
