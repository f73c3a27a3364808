/**
 * The Electron `Bridge`: one method per command (each an `invoke` on its own channel) and one
 * subscription. It never hands out `ipcRenderer` or a generic send: the page can reach exactly these
 * channels with exactly these arguments.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { Bridge, CommandResult, ControlSnapshot, EventBatch } from '../shared/control.js';
import type { ServerEvent } from '../shared/events.js';
import { IpcChannel } from '../shared/ipc.js';
import type { Settings } from '../shared/settings.js';

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
    getSnapshot: (): Promise<ControlSnapshot> => ipc.invoke(IpcChannel.getSnapshot),
    getRecentEvents: (): Promise<ServerEvent[]> => ipc.invoke(IpcChannel.getRecentEvents),
    start: (): Promise<CommandResult> => ipc.invoke(IpcChannel.start),
    stop: (): Promise<CommandResult> => ipc.invoke(IpcChannel.stop),
    applySettings: (settings: Settings): Promise<CommandResult> => ipc.invoke(IpcChannel.applySettings, settings),
    disconnectPeer: (id: string): Promise<CommandResult> => ipc.invoke(IpcChannel.disconnectPeer, id),
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
