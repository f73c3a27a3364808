import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../../src/main/app-menu.js';
import { claimSingleInstance, focusWindow } from '../../../src/main/single-instance.js';
import { createQuitFlag, installCloseToTray, showWhenReady } from '../../../src/main/window-visibility.js';
import { FakeApp, FakeWindow, as } from './fakes.js';

describe('close to tray', () => {
  it('hides the window on close while the app is not quitting', () => {
    const app = new FakeApp();
    const win = new FakeWindow();
    win.show();
    installCloseToTray(as(win), createQuitFlag(as(app)));
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(false);
    expect(win.destroyed).toBe(false);
  });

  it('lets the window close once a quit has begun (tray Quit, Cmd+Q, session end)', () => {
    const app = new FakeApp();
    const win = new FakeWindow();
    installCloseToTray(as(win), createQuitFlag(as(app)));
    app.quit();
    expect(win.userClose()).toBe(true);
  });
});

describe('show on ready-to-show', () => {
  it('shows the window only when it is ready, and not when started hidden', () => {
    const win = new FakeWindow();
    showWhenReady(as(win), false);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    const hidden = new FakeWindow();
    showWhenReady(as(hidden), true);
    hidden.emit('ready-to-show');
    expect(hidden.visible).toBe(false);
  });
});

describe('single instance', () => {
  it('quits a second instance that does not get the lock', () => {
    const app = new FakeApp();
    app.lock = false;
    expect(claimSingleInstance(as(app))).toBeNull();
    expect(app.quitCalls).toBe(1);
  });

  it('focuses (restoring if minimised) the running window when launched again', () => {
    const app = new FakeApp();
    const win = new FakeWindow();
    win.minimized = true;
    const instance = claimSingleInstance(as(app));
    expect(instance).not.toBeNull();
    instance?.ready(() => focusWindow(as(win)));
    expect(app.quitCalls).toBe(0);
    app.emit('second-instance', {}, ['switchboard'], '/');
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it('keeps a second launch that arrives before the window exists, and ignores a --hidden one', () => {
    const app = new FakeApp();
    const instance = claimSingleInstance(as(app));
    app.emit('second-instance', {}, ['switchboard', '--hidden'], '/');
    let shown = 0;
    instance?.ready(() => (shown += 1));
    expect(shown).toBe(0);
    app.emit('second-instance', {}, ['switchboard'], '/');
    expect(shown).toBe(1);

    const early = new FakeApp();
    const earlyInstance = claimSingleInstance(as(early));
    early.emit('second-instance', {}, ['switchboard'], '/'); // still starting: no window yet
    earlyInstance?.ready(() => (shown += 1));
    expect(shown).toBe(2);
  });

  it('reports that there is no window to focus (so the caller opens one)', () => {
    expect(focusWindow(null)).toBe(false);
    const gone = new FakeWindow();
    gone.destroyed = true;
    expect(focusWindow(as(gone))).toBe(false);
  });
});

describe('application menu', () => {
  it('has Quit with Ctrl+Q on Linux/Windows, the app menu on macOS, and dev tools only in development', () => {
    const linux = JSON.stringify(appMenuTemplate('linux', false));
    expect(linux).toContain('"role":"quit","accelerator":"CmdOrCtrl+Q"');
    expect(linux).not.toContain('toggleDevTools');
    expect(JSON.stringify(appMenuTemplate('darwin', false))).toContain('"role":"appMenu"');
    expect(JSON.stringify(appMenuTemplate('linux', true))).toContain('toggleDevTools');
  });
});
