// The desktop app's main process, run for real: the BUILT out/main/index.js (with its own preload and
// renderer bundles on disk) under Node, `electron` replaced by test/smoke/fake-electron.ts. Peers are
// real WebSocket clients against the real server on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import { portIsFree } from '../helpers/net.js';
import { ROOT, bundleIsBuilt, freePort, prepareLoader, startApp, until, type RunningApp, type Snapshot } from './harness.js';

let loaderDir = '';
let loader = '';
const running: RunningApp[] = [];

beforeAll(() => {
  if (!bundleIsBuilt()) throw new Error('out/ is not built: run `npm run build` (npm test does) before this test');
  loaderDir = mkdtempSync(join(tmpdir(), 'sb-smoke-loader-'));
  loader = prepareLoader(loaderDir);
});
afterAll(() => rmSync(loaderDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

async function launch(options: Parameters<typeof startApp>[1] & { port?: number } = {}): Promise<{ app: RunningApp; port: number }> {
  const port = options.port ?? (await freePort());
  const app = startApp(loader, {
    trayHost: true,
    settings: { ...DEFAULT_SETTINGS, host: '127.0.0.1', port, start_on_launch: true },
    ...options,
  });
  running.push(app);
  return { app, port };
}

const serverRunning = (s: Snapshot): boolean => s.tray?.tooltip.startsWith('Switchboard — running') === true;

async function started(app: RunningApp): Promise<Snapshot> {
  return until(async () => {
    const s = await app.snapshot();
    return serverRunning(s) && s.windows[0]?.load ? s : null;
  }, `the server to run\n${app.stderr()}`);
}

/** A PeerJS client as far as the signaling server cares: open the socket, get OPEN, leave. */
function joinAndLeave(port: number, id: string, stayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t${id}`);
    const timer = setTimeout(() => reject(new Error(`${id}: no OPEN`)), 10_000);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type !== 'OPEN') return;
      clearTimeout(timer);
      setTimeout(() => ws.close(), stayMs);
    });
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
}

describe('the built main process (out/main/index.js) under a fake electron', () => {
  it('loads the renderer entry that exists on disk through app://, with the preload, a sandboxed window, the tray icons and the log', async () => {
    const { app } = await launch();
    const s = await started(app);
    const [window] = s.windows;
    expect(window).toBeDefined();
    if (!window?.load) throw new Error('no window');

    // The window loads app://switchboard/index.html, served from out/renderer with the CSP header, and
    // every script and stylesheet it references is served too.
    expect(s.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(s.handled).toEqual(['app']);
    expect(window.load).toMatchObject({ url: 'app://switchboard/index.html', status: 200, contentType: 'text/html; charset=utf-8', error: null });
    expect(window.load.csp).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(window.load.assets.length).toBeGreaterThan(0);
    for (const asset of window.load.assets) expect(asset, asset.url).toMatchObject({ status: 200 });
    expect(existsSync(join(ROOT, 'out/renderer/index.html'))).toBe(true);

    // The preload exists, ran (sandboxed) and exposed the Bridge; the page got batches through it.
    expect(window.load.preloadExists).toBe(true);
    expect(window.webPreferences).toMatchObject({ preload: join(ROOT, 'out/preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(window.bridgeMethods).toEqual(['applySettings', 'disconnectPeer', 'getRecentEvents', 'getSnapshot', 'kind', 'start', 'stop', 'subscribe']);
    expect(s.ipcChannels.length).toBe(6);
    expect(s.session.handlers).toEqual(['request', 'check', 'device']);
    expect(window.visible).toBe(true);
    const snapshot = await app.send<{ state: { status: string } }>({ cmd: 'bridge', method: 'getSnapshot', args: [] });
    expect(snapshot.state.status).toBe('running');

    // Tray icons resolve: Linux gets a 24 px image with a 48 px @2x representation.
    expect(s.tray?.image).toMatchObject({ empty: false, template: false });
    expect(s.tray?.image.representations).toEqual([
      { scaleFactor: 1, kind: 'png', width: 24 },
      { scaleFactor: 2, kind: 'png', width: 48 },
    ]);
    expect(s.tray?.clickListeners).toBe(1);
    expect(s.appUserModelId).toBeNull(); // Windows only

    // productName: settings and logs under ~/.config/Switchboard (not ~/.config/switchboard).
    const logFile = join(app.configDir, 'Switchboard', 'logs', 'main.log');
    await until(async () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Tray: available'), 'the log file');
    expect(readFileSync(logFile, 'utf8')).toMatch(/Switchboard 0\.1\.0 starting \(settings in .*\.config\/Switchboard, log in .*main\.log\)/);
    expect(s.applicationMenu).toContain('File');
    expect(existsSync(join(app.configDir, 'switchboard'))).toBe(false);
  });

  it('tray menu: Open, Stop/Start, Copy address work, and Quit stops the server, frees the port and exits', async () => {
    const { app, port } = await launch();
    let s = await started(app);
    expect(s.tray?.menu.map((i) => i.label)).toEqual([
      `Server: running at http://127.0.0.1:${port}/`,
      null,
      'Open dashboard',
      'Stop server',
      `Copy PeerJS address (http://127.0.0.1:${port}/)`,
      null,
      'Start at login',
      null,
      'Quit Switchboard',
    ]);

    await app.send({ cmd: 'window', action: 'close' }); // closes to the tray
    s = await app.snapshot();
    expect(s.windows[0]).toMatchObject({ visible: false, destroyed: false });
    await app.send({ cmd: 'tray-item', label: 'Open dashboard' });
    s = await app.snapshot();
    expect(s.windows[0]).toMatchObject({ visible: true, focused: true });

    await app.send({ cmd: 'tray-item', label: 'Copy PeerJS address' });
    expect((await app.snapshot()).clipboard).toBe(`http://127.0.0.1:${port}/`);

    await app.send({ cmd: 'tray-item', label: 'Stop server' });
    await until(async () => (await app.snapshot()).tray?.tooltip === 'Switchboard — stopped', 'the server to stop');
    expect(await portIsFree(port)).toBe(true);
    await app.send({ cmd: 'tray-item', label: 'Start server' });
    await until(async () => serverRunning(await app.snapshot()), 'the server to start again');
    expect(await portIsFree(port)).toBe(false);

    // Left click on the tray icon opens the dashboard too.
    await app.send({ cmd: 'window', action: 'close' });
    await app.send({ cmd: 'tray-click' });
    expect((await app.snapshot()).windows[0]).toMatchObject({ visible: true });

    await app.send({ cmd: 'tray-item', label: 'Quit Switchboard' });
    expect(await app.exited).toBe(0);
    expect(await portIsFree(port)).toBe(true);
    // The first before-quit was held until the server had stopped, then the quit went through.
    expect(app.exitReport()).toEqual({ type: 'exit', code: 0, quitHeld: [true, false] });
  });

  it('a second launch focuses the window, also when it arrives before the window exists; a --hidden one does not', async () => {
    const { app } = await launch({ args: ['--hidden'] });
    let s = await started(app);
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]).toMatchObject({ visible: false }); // started at login: in the tray
    await app.send({ cmd: 'second-instance', argv: ['switchboard', '--hidden'] });
    expect((await app.snapshot()).windows[0]).toMatchObject({ visible: false });
    await app.send({ cmd: 'window', action: 'minimize' });
    await app.send({ cmd: 'second-instance', argv: ['switchboard'] });
    s = await app.snapshot();
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]).toMatchObject({ visible: true, minimized: false, focused: true });

    const early = await launch({ args: ['--hidden'], env: { FAKE_ELECTRON_SECOND_INSTANCE_BEFORE_READY: '1' } });
    const e = await started(early.app);
    expect(e.windows).toHaveLength(1);
    expect(e.windows[0]).toMatchObject({ visible: true, focused: true });
  });

  it('updates the tray at most once a second while 200 peers join and leave, and keeps the count out of the menu', async () => {
    const { app, port } = await launch();
    await started(app);
    const before = (await app.snapshot()).tray?.calls.length ?? 0;
    const t0 = Date.now();
    // 200 real clients, 20 at a time, each staying 100–300 ms: about 3 s of churn.
    for (let wave = 0; wave < 10; wave += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => joinAndLeave(port, `peer${wave * 20 + i}`, 100 + ((i * 37) % 200))));
    }
    const churnMs = Date.now() - t0;
    await until(async () => (await app.snapshot()).tray?.tooltip.endsWith('— 0 peers'), 'the tooltip to settle at 0 peers');
    const s = await app.snapshot();
    const calls = s.tray?.calls.slice(before) ?? [];
    const updates = [...new Set(calls.map((c) => c.t))].sort((a, b) => a - b);
    // Every update (a group of calls made together) is at least a second after the previous one.
    for (let i = 1; i < updates.length; i += 1) expect((updates[i] as number) - (updates[i - 1] as number)).toBeGreaterThanOrEqual(990);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(churnMs / 1000) + 2);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    // 400 joins and leaves: without the throttle that was 400 tooltip and 400 menu updates.
    expect(calls.filter((c) => c.method === 'setContextMenu')).toEqual([]);
    expect(calls.filter((c) => c.method === 'setToolTip').length).toBe(updates.length);
    console.log(`tray: ${calls.length} calls in ${updates.length} updates over ${churnMs} ms of churn (200 peers)`);
  });

  it('pauses the event stream while no window is visible, and re-syncs the dashboard when shown again', async () => {
    const { app, port } = await launch();
    await started(app);
    const batches = async (): Promise<number> => (await app.snapshot()).windows[0]?.batches.length ?? 0;
    await until(async () => (await batches()) >= 2, 'batches while visible');

    await app.send({ cmd: 'window', action: 'close' }); // to the tray
    const hiddenAt = await batches();
    await Promise.all([joinAndLeave(port, 'hidden1', 200), joinAndLeave(port, 'hidden2', 400)]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await batches()).toBe(hiddenAt); // nothing sent while hidden, although peers came and went

    await app.send({ cmd: 'tray-item', label: 'Open dashboard' });
    await until(async () => (await batches()) > hiddenAt, 'a batch after showing');
    const first = (await app.snapshot()).windows[0]?.batches[hiddenAt];
    // The first batch after the pause makes the dashboard re-sync: it says something was left out.
    expect(first).toMatchObject({ dropped: 1, state: true, peers: 0 });
    await until(async () => (await batches()) > hiddenAt + 1, 'the stream to go on');

    // Minimised counts as not visible too.
    await app.send({ cmd: 'window', action: 'minimize' });
    const minimisedAt = await batches();
    await joinAndLeave(port, 'min1', 200);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await batches()).toBe(minimisedAt);
  });

  it('without a tray host (vanilla GNOME) never hides: close minimises, a --hidden start shows the window minimised', async () => {
    const { app } = await launch({ trayHost: false, args: ['--hidden'] });
    let s = await started(app);
    expect(s.windows[0]).toMatchObject({ visible: true, minimized: true });
    await app.send({ cmd: 'window', action: 'restore' });
    await app.send({ cmd: 'window', action: 'close' });
    s = await app.snapshot();
    expect(s.windows[0]).toMatchObject({ visible: true, minimized: true, destroyed: false });
    const log = readFileSync(join(app.configDir, 'Switchboard', 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/Tray: NOT available.*org\.kde\.StatusNotifierWatcher is not on the session bus \(gdbus\)/);

    // No gdbus and no dbus-send at all: the same, safe answer.
    const none = await launch({ trayHost: null, args: ['--hidden'] });
    expect((await started(none.app)).windows[0]).toMatchObject({ visible: true, minimized: true });
  });

  it('at shutdown/logout stops the server and quits without holding the quit; an uncaught error is logged and the app keeps serving', async () => {
    const { app, port } = await launch();
    await started(app);
    await app.send({ cmd: 'throw-later', message: 'boom from a timer' });
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    const log = readFileSync(join(app.configDir, 'Switchboard', 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/\[error\] Uncaught exception \(the app keeps running\): Error: boom from a timer/);
    expect(log).toMatch(/\[error\] Unhandled promise rejection \(the app keeps running\): Error: boom from a timer \(rejection\)/);

    // A renderer crash reloads the dashboard.
    expect(await app.send({ cmd: 'renderer-gone', reason: 'crashed' })).toBe(1);

    await app.send({ cmd: 'power', event: 'shutdown' });
    expect(await app.exited).toBe(0);
    expect(await portIsFree(port)).toBe(true);
    // A session end never holds the quit (on macOS that would cancel the logout).
    expect(app.exitReport()).toEqual({ type: 'exit', code: 0, quitHeld: [false] });
    const s = readFileSync(join(app.configDir, 'Switchboard', 'logs', 'main.log'), 'utf8');
    expect(s).toMatch(/shutting down or the user is logging out/);
  });

  it('Windows wiring: AppUserModelId, the .ico tray icon, click opens, and session end stops the server and exits without blocking the logout', async () => {
    const { app, port } = await launch({ env: { FAKE_ELECTRON_PLATFORM: 'win32' } });
    const s = await started(app);
    expect(s.appUserModelId).toBe('org.switchboard.desktop');
    expect(s.tray?.image.representations).toEqual([{ scaleFactor: 1, kind: 'ico', width: null }]);
    expect(s.tray?.clickListeners).toBe(1);
    expect(await app.send({ cmd: 'window-event', event: 'query-session-end' })).toBe(false); // not blocked
    await app.send({ cmd: 'window-event', event: 'session-end' });
    expect(await app.exited).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  });

  it('macOS wiring: a Template tray icon, the menu on click, start at login through the bundled login agent', async () => {
    const { app } = await launch({ env: { FAKE_ELECTRON_PLATFORM: 'darwin', FAKE_ELECTRON_MAC_AGENT: 'org.switchboard.desktop.login.plist' } });
    const s = await started(app);
    expect(s.tray?.image).toMatchObject({ template: true, representations: [{ scaleFactor: 1, kind: 'png', width: 16 }, { scaleFactor: 2, kind: 'png', width: 32 }] });
    expect(s.tray?.clickListeners).toBe(0); // macOS opens the menu on click
    await app.send({ cmd: 'tray-item', label: 'Start at login' });
    const after = await until(async () => {
      const x = await app.snapshot();
      return x.loginItem.openAtLogin === true ? x : null;
    }, 'the login item');
    expect(after.loginItem).toEqual({ openAtLogin: true, type: 'agentService', serviceName: 'org.switchboard.desktop.login.plist' });
  });
});
