/**
 * The Electron `Bridge`: one method per command of the command table (each an `invoke` on its own
 * channel, generated in a loop) and one subscription. It never hands out `ipcRenderer` or a generic
 * send: the page can reach exactly these channels with exactly these arguments.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { commandMethods } from '../shared/commands.js';
import type { Bridge, EventBatch } from '../shared/control.js';
import { IpcChannel } from '../shared/ipc.js';

type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>;

export function createElectronBridge(ipc: IpcRendererLike): Bridge {
  const listeners = new Set<(batch: EventBatch) => void>();

  const onBatch = (_event: IpcRendererEvent, batch: EventBatch): void => {
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (err) {
        console.error('Switchboard: a batch listener threw', err);
      }
    }
  };

  return Object.freeze({
    kind: 'electron' as const,
    ...commandMethods((name, args) => ipc.invoke(IpcChannel[name], ...args), false),
    subscribe(listener: (batch: EventBatch) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      // A fresh wrapper per call, so subscribing the same function twice needs two unsubscribes.
      const entry = (batch: EventBatch): void => listener(batch);
      listeners.add(entry);
      if (listeners.size === 1) {
        ipc.on(IpcChannel.batch, onBatch);
        ipc.send(IpcChannel.subscribe);
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0) {
          ipc.send(IpcChannel.unsubscribe);
          ipc.removeListener(IpcChannel.batch, onBatch);
        }
      };
    },
  });
}
