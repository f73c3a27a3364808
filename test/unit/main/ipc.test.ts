// IPC end to end without Electron: the real preload bridge and the real main-process handlers, joined by
// fake ipcRenderer/ipcMain/webContents objects, driving a real controller and a real core on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { checkArgs, isTrustedSender, registerIpc, type IpcBinding } from '../../../src/main/ipc.js';
import { createElectronBridge } from '../../../src/preload/bridge.js';
import type { Bridge, EventBatch } from '../../../src/shared/control.js';
import { IpcChannel } from '../../../src/shared/ipc.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FakeEmitter, FakeIpcMain, FakeWebContents, as, type FakeFrame } from './fakes.js';

const APP_URL = 'app://switchboard/index.html';
const isApp = (url: string): boolean => url === APP_URL;
const LOCAL = { ...DEFAULT_SETTINGS, host: '127.0.0.1', start_on_launch: false };

let controller: Controller | null = null;
let binding: IpcBinding | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  binding?.dispose();
  binding = null;
  await controller?.dispose();
  controller = null;
});

/** A renderer: its webContents, its frame, and an ipcRenderer that talks to the fake ipcMain. */
function renderer(ipcMain: FakeIpcMain, frame: FakeFrame | null) {
  const contents = new FakeWebContents();
  const rendererSide = new FakeEmitter();
  // What main sends to this window arrives at the renderer's listeners.
  contents.send = (channel: string, ...args: unknown[]) => {
    contents.sent.push({ channel, args });
    rendererSide.emit(channel, {}, ...args);
  };
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => ipcMain.invoke(contents, frame, channel, ...args),
    send: (channel: string, ...args: unknown[]) => ipcMain.sendFrom(contents, frame, channel, ...args),
    on: (channel: string, fn: (...a: never[]) => unknown) => rendererSide.on(channel, fn),
    removeListener: (channel: string, fn: (...a: never[]) => unknown) => rendererSide.removeListener(channel, fn),
  };
  return { contents, rendererSide, bridge: createElectronBridge(as(ipcRenderer)) };
}

function setup(): { ipcMain: FakeIpcMain; app: ReturnType<typeof renderer>; refused: string[] } {
  const ipcMain = new FakeIpcMain();
  controller = createController({
    createServer: createSignalingServer,
    settingsStore: createMemorySettingsStore(LOCAL),
    overrides: { port: 0 },
  });
  const refused: string[] = [];
  binding = registerIpc(as(ipcMain), controller, isApp, (m) => refused.push(m));
  return { ipcMain, app: renderer(ipcMain, { url: APP_URL, parent: null }), refused };
}

function waitFor<T>(get: () => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const v = get();
      if (v !== undefined) {
        clearInterval(poll);
        resolve(v);
      } else if (Date.now() - started > 10_000) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

describe('sender check', () => {
  it('trusts only the app page in the top-level frame', () => {
    const top: FakeFrame = { url: APP_URL, parent: null };
    const sender = new FakeWebContents();
    expect(isTrustedSender(as({ sender, senderFrame: top }), isApp)).toBe(true);
    expect(isTrustedSender(as({ sender, senderFrame: { url: APP_URL, parent: top } }), isApp)).toBe(false);
    expect(isTrustedSender(as({ sender, senderFrame: { url: 'https://evil.example/', parent: null } }), isApp)).toBe(false);
    expect(isTrustedSender(as({ sender, senderFrame: null }), isApp)).toBe(false);
  });
});

describe('argument validation (zod)', () => {
  it('accepts exact arguments and turns anything else into field issues', () => {
    expect(checkArgs('start', [])).toEqual({ ok: true, args: [] });
    expect(checkArgs('start', ['extra']).ok).toBe(false);
    expect(checkArgs('disconnectPeer', ['alice'])).toEqual({ ok: true, args: ['alice'] });
    expect(checkArgs('disconnectPeer', [42]).ok).toBe(false);
    expect(checkArgs('disconnectPeer', ['']).ok).toBe(false);
    const bad = checkArgs('applySettings', [{ ...LOCAL, port: 70000, extra: 1 }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.result.issues).toEqual([
        { field: 'port', message: 'Port must be a whole number from 0 to 65535' },
        { field: '(arguments)', message: 'Unrecognized key: "extra"' },
      ]);
    }
  });
});

describe('IPC between the preload bridge and main', () => {
  it('runs every command through its own channel against the real server', async () => {
    const { app } = setup();
    const bridge: Bridge = app.bridge;
    expect(bridge.kind).toBe('electron');
    expect((await bridge.getSnapshot()).state.status).toBe('stopped');
    expect(await bridge.start()).toEqual({ ok: true });
    const snap = await bridge.getSnapshot();
    expect(snap.state.status).toBe('running');
    const port = snap.state.port ?? 0;

    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=alice&token=t`);
    sockets.push(ws);
    await new Promise((r) => ws.once('message', r));
    expect(await bridge.disconnectPeer('alice')).toEqual({ ok: true });
    expect((await bridge.getRecentEvents()).some((e) => e.kind === 'connection-opened')).toBe(true);

    const invalid = await bridge.applySettings({ ...LOCAL, port: 70000 });
    expect(invalid).toMatchObject({ ok: false, issues: [{ field: 'port' }] });
    expect((await bridge.getSnapshot()).state.port).toBe(port);
    expect(await bridge.stop()).toEqual({ ok: true });
  });

  it('streams batches to a subscribed window and stops when it unsubscribes or is destroyed', async () => {
    const { app } = setup();
    const got: EventBatch[] = [];
    const off = app.bridge.subscribe((b) => got.push(b));
    const alsoGot: EventBatch[] = [];
    const off2 = app.bridge.subscribe((b) => alsoGot.push(b));
    expect(binding?.subscriberCount()).toBe(1); // one stream per window, fanned out in the preload
    await app.bridge.start();
    await waitFor(() => got.find((b) => b.state?.status === 'running'), 'a running state batch');
    expect(alsoGot.length).toBeGreaterThan(0);
    off();
    expect(binding?.subscriberCount()).toBe(1);
    off2();
    expect(binding?.subscriberCount()).toBe(0);

    app.bridge.subscribe(() => undefined);
    expect(binding?.subscriberCount()).toBe(1);
    app.contents.destroy();
    expect(binding?.subscriberCount()).toBe(0);
  });

  it('refuses commands and subscriptions from another page or a sub-frame, and changes nothing', async () => {
    const { ipcMain, refused } = setup();
    const evil = renderer(ipcMain, { url: 'https://evil.example/', parent: null });
    await expect(evil.bridge.start()).rejects.toThrow(/untrusted sender/);
    await expect(evil.bridge.getSnapshot()).rejects.toThrow(/untrusted sender/);
    const framed = renderer(ipcMain, { url: APP_URL, parent: { url: APP_URL, parent: null } });
    await expect(framed.bridge.stop()).rejects.toThrow(/untrusted sender/);
    const gone = renderer(ipcMain, null);
    await expect(gone.bridge.disconnectPeer('x')).rejects.toThrow(/untrusted sender/);
    evil.bridge.subscribe(() => undefined);
    expect(binding?.subscriberCount()).toBe(0);
    expect(controller?.status().state.status).toBe('stopped');
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });

  it('answers malformed arguments from the app page with a CommandResult, not a crash', async () => {
    const { ipcMain, app } = setup();
    const top = { url: APP_URL, parent: null };
    expect(await ipcMain.invoke(app.contents, top, IpcChannel.disconnectPeer, { id: 'x' })).toMatchObject({ ok: false, error: /Invalid arguments/ });
    expect(await ipcMain.invoke(app.contents, top, IpcChannel.applySettings, 'port=1')).toMatchObject({ ok: false });
    expect(await ipcMain.invoke(app.contents, top, IpcChannel.start, 'now')).toMatchObject({ ok: false });
    expect(controller?.status().state.status).toBe('stopped');
  });

  it('removes every handler on dispose', () => {
    const { ipcMain } = setup();
    expect(ipcMain.handlers.size).toBe(6);
    binding?.dispose();
    binding = null;
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount(IpcChannel.subscribe)).toBe(0);
  });
});
