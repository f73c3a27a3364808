// A window that subscribes and unsubscribes again and again (the dashboard does on every re-sync, e.g.
// back to live after an import) must not pile up 'destroyed' listeners on its webContents.
import { afterEach, describe, expect, it } from 'vitest';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { registerIpc, type IpcBinding } from '../../../src/main/ipc.js';
import { IpcChannel } from '../../../src/shared/ipc.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FakeIpcMain, FakeWebContents, as } from './fakes.js';

const APP_URL = 'app://switchboard/index.html';

let controller: Controller | null = null;
let binding: IpcBinding | null = null;
afterEach(async () => {
  binding?.dispose();
  binding = null;
  await controller?.dispose();
  controller = null;
});

describe('IPC subscriptions of one window', () => {
  it('keeps one destroyed listener however often the window re-subscribes, and still ends the stream on destroy', () => {
    const ipcMain = new FakeIpcMain();
    controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1', start_on_launch: false }),
      overrides: { port: 0 },
    });
    binding = registerIpc(as(ipcMain), controller, (url) => url === APP_URL, () => undefined);
    const contents = new FakeWebContents();
    const frame = { url: APP_URL, parent: null };
    for (let i = 0; i < 20; i += 1) {
      ipcMain.sendFrom(contents, frame, IpcChannel.subscribe);
      ipcMain.sendFrom(contents, frame, IpcChannel.unsubscribe);
    }
    ipcMain.sendFrom(contents, frame, IpcChannel.subscribe);
    expect(binding.subscriberCount()).toBe(1);
    expect(contents.listenerCount('destroyed')).toBe(1);
    contents.emit('destroyed');
    expect(binding.subscriberCount()).toBe(0);
  });
});
