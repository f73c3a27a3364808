// The platform-facing pieces of the desktop main process, each with the few Electron objects it touches:
// tray-host detection, tray icons per OS, the rotating log, renderer recovery and session end.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../../src/main/identity.js';
import { createMainLog, installProcessGuards } from '../../../src/main/log.js';
import { installCleanQuit, installSessionEnd } from '../../../src/main/quit.js';
import { installRendererRecovery } from '../../../src/main/renderer-recovery.js';
import { detectTrayHost, type RunCommand } from '../../../src/main/tray-host.js';
import { trayIconPaths, trayImage, type TrayIconFiles } from '../../../src/main/tray-icons.js';
import { FakeApp, FakeEmitter, FakeWindow, as, fakeEvent } from './fakes.js';

describe('tray host (Linux: a StatusNotifierWatcher on the session bus)', () => {
  const answers = (map: Record<string, string | Error>): RunCommand => async (file) => {
    const a = map[file] ?? new Error(`spawn ${file} ENOENT`);
    if (a instanceof Error) throw a;
    return a;
  };
  it('asks gdbus, else dbus-send, and says no when nobody can answer', async () => {
    expect(await detectTrayHost('linux', answers({ gdbus: '(true,)\n' }))).toMatchObject({ available: true });
    expect(await detectTrayHost('linux', answers({ gdbus: '(false,)\n' }))).toMatchObject({ available: false, reason: expect.stringMatching(/is not on the session bus \(gdbus\)/) });
    expect(await detectTrayHost('linux', answers({ 'dbus-send': 'method return time=1 sender=org.freedesktop.DBus\n   boolean true\n' }))).toMatchObject({ available: true });
    expect(await detectTrayHost('linux', answers({ gdbus: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY') }))).toMatchObject({
      available: false,
      reason: expect.stringMatching(/could not ask the session bus \(gdbus: Cannot autolaunch.*; dbus-send: spawn dbus-send ENOENT\)/),
    });
    expect(await detectTrayHost('win32', answers({}))).toMatchObject({ available: true });
    expect(await detectTrayHost('darwin', answers({}))).toMatchObject({ available: true });
  });
});

describe('tray icons per OS', () => {
  const files: TrayIconFiles = { png: { x1: 'build/tray/running.png', x2: 'build/tray/running@2x.png' }, template: { x1: 'build/tray/runningTemplate.png', x2: 'build/tray/runningTemplate@2x.png' }, ico: 'build/tray/running.ico' };
  function factory() {
    const made: { path: string; reps: number[]; template: boolean }[] = [];
    return {
      made,
      createFromPath(path: string) {
        const image = { path, reps: [1], template: false, addRepresentation: (o: { scaleFactor: number; buffer: Buffer }) => image.reps.push(o.scaleFactor), setTemplateImage: (t: boolean) => (image.template = t) };
        made.push(image);
        return as<Electron.NativeImage>(image);
      },
    };
  }
  it('Windows: the .ico; macOS: a Template image at 1x and 2x; Linux: colour PNGs at 1x and 2x', () => {
    expect(trayIconPaths(files, 'win32')).toEqual(['build/tray/running.ico']);
    for (const [platform, template] of [['darwin', true], ['linux', false]] as const) {
      const f = factory();
      trayImage(as(f), files, platform);
      expect(f.made).toEqual([{ path: trayIconPaths(files, platform)[0], reps: [1, 2], template, addRepresentation: expect.any(Function), setTemplateImage: expect.any(Function) }]);
    }
    // The files exist at the sizes each OS draws.
    const width = (p: string): number => readFileSync(p).readUInt32BE(16);
    expect([width(files.png.x1), width(files.png.x2), width(files.template.x1), width(files.template.x2)]).toEqual([24, 48, 16, 32]);
    const ico = readFileSync(files.ico);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 6]); // an icon with 6 frames
  });
});

describe('main log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends lines and rotates to main.old.log past maxBytes, keeping one old file', () => {
    const log = createMainLog({ dir: join(dir, 'logs'), maxBytes: 400, now: () => new Date('2026-12-01T10:00:00Z') });
    for (let i = 0; i < 30; i += 1) log.info('line %d of the log', i);
    expect(log.file).toBe(join(dir, 'logs', 'main.log'));
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['main.log', 'main.old.log']);
    expect(statSync(log.file).size).toBeLessThanOrEqual(400);
    expect(statSync(join(dir, 'logs', 'main.old.log')).size).toBeLessThanOrEqual(400);
    expect(readFileSync(log.file, 'utf8')).toMatch(/^\[2026-12-01T10:00:00.000Z\] \[info\] line 29 of the log\n$/m);
    log.error('failed:', new Error('boom'));
    expect(readFileSync(log.file, 'utf8')).toMatch(/\[error\] failed: Error: boom\n {4}at /);
  });

  it('never throws when the folder cannot be written, and logs uncaught errors instead of dying', () => {
    writeFileSync(join(dir, 'a-file'), 'where the logs folder should be');
    const blocked = createMainLog({ dir: join(dir, 'a-file', 'logs') });
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => blocked.warn('still fine')).not.toThrow();
    } finally {
      write.mockRestore();
    }
    const target = new FakeEmitter();
    const errors: string[] = [];
    installProcessGuards({ error: (m: string) => errors.push(m) }, as(target));
    target.emit('uncaughtException', new Error('x'));
    target.emit('unhandledRejection', new Error('y'));
    expect(errors).toEqual([expect.stringMatching(/Uncaught exception/), expect.stringMatching(/Unhandled promise rejection/)]);
  });
});

class FakeContents extends FakeEmitter {
  reloads = 0;
  crashes = 0;
  destroyed = false;
  reload(): void {
    this.reloads += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  forcefullyCrashRenderer(): void {
    this.crashes += 1;
    this.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 9 });
  }
}

describe('renderer recovery', () => {
  it('reloads a crashed dashboard, but not in a loop, and not after a clean exit', () => {
    let t = 0;
    const contents = new FakeContents();
    const logs: string[] = [];
    installRendererRecovery(as(contents), { log: (m) => logs.push(m), now: () => t, maxCrashes: 3, windowMs: 60_000 });
    contents.emit('render-process-gone', fakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reloads).toBe(0);
    for (let i = 0; i < 5; i += 1) {
      contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 11 });
      t += 1000;
    }
    expect(contents.reloads).toBe(3);
    expect(logs.at(-1)).toMatch(/not reloading it again/);
    t += 120_000; // a minute later it may crash and be reloaded again
    contents.emit('render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 1 });
    expect(contents.reloads).toBe(4);
  });

  it('restarts a dashboard that stays unresponsive, not one that recovers', () => {
    vi.useFakeTimers();
    try {
      const contents = new FakeContents();
      installRendererRecovery(as(contents), { log: () => undefined, hangMs: 10_000 });
      contents.emit('unresponsive');
      vi.advanceTimersByTime(5000);
      contents.emit('responsive');
      vi.advanceTimersByTime(20_000);
      expect(contents.crashes).toBe(0);
      contents.emit('unresponsive');
      vi.advanceTimersByTime(10_000);
      expect(contents.crashes).toBe(1);
      expect(contents.reloads).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('session end', () => {
  it('Linux/macOS: powerMonitor shutdown stops the server and quits without holding before-quit (delaying the shutdown only on Linux)', async () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const app = new FakeApp();
      const held: boolean[] = [];
      app.on('before-quit', (e: { defaultPrevented: boolean }) => queueMicrotask(() => held.push(e.defaultPrevented)));
      let stopped = 0;
      const cleanQuit = installCleanQuit(as(app), async () => void (stopped += 1));
      const power = new FakeEmitter();
      installSessionEnd({ platform, app: as(app), powerMonitor: as(power), cleanQuit, log: () => undefined });
      const event = fakeEvent();
      power.emit('shutdown', event);
      expect(event.defaultPrevented).toBe(platform === 'linux');
      await new Promise((r) => setTimeout(r, 10));
      expect(stopped).toBe(1);
      expect(app.quitCalls).toBe(1);
      expect(held).toEqual([false]);
    }
  });

  it('Windows: query-session-end never blocks the logout; session-end stops the server and exits', async () => {
    const app = Object.assign(new FakeApp(), { exitCode: null as number | null, exit(code: number) { this.exitCode = code; } });
    let stopped = 0;
    const cleanQuit = installCleanQuit(as(app), async () => void (stopped += 1));
    const wiring = installSessionEnd({ platform: 'win32', app: as(app), powerMonitor: as(new FakeEmitter()), cleanQuit, log: () => undefined });
    const window = new FakeWindow();
    wiring.watchWindow(as(window));
    const query = fakeEvent();
    window.emit('query-session-end', query);
    expect(query.defaultPrevented).toBe(false);
    window.emit('session-end', fakeEvent());
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(1); // once, although both events asked
    expect(app.exitCode).toBe(0);
  });
});

describe('identity', () => {
  it('the AppUserModelId is electron-builder\'s appId', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { appId: string };
    expect(APP_ID).toBe(config.appId);
  });
});
