/** The Electron bridge: the desktop app's preload exposes the control API as `window.switchboard`. */
import type { Bridge } from '../../shared/control.js';
import { BRIDGE_GLOBAL } from '../../shared/ipc.js';

declare global {
  interface Window {
    /** Set by the desktop app's preload (contextBridge, name BRIDGE_GLOBAL); absent in a browser. */
    switchboard?: Bridge;
  }
}

export function electronApi(): Bridge | null {
  if (typeof window === 'undefined') return null;
  const exposed = (window as unknown as Record<string, Bridge | undefined>)[BRIDGE_GLOBAL];
  return exposed ?? null;
}

/** Wraps the preload object so the renderer never depends on more than the Bridge methods. */
export function createElectronBridge(api: Bridge): Bridge {
  return {
    kind: 'electron',
    getSnapshot: () => api.getSnapshot(),
    getRecentEvents: () => api.getRecentEvents(),
    start: () => api.start(),
    stop: () => api.stop(),
    applySettings: (settings) => api.applySettings(settings),
    disconnectPeer: (id) => api.disconnectPeer(id),
    subscribe: (listener) => api.subscribe(listener),
  };
}
