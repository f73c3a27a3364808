/** The Electron bridge: the preload script exposes the control API as `window.switchboard`. */
import type { Bridge, ControlApi } from '../../shared/control.js';

declare global {
  interface Window {
    /** Set by the desktop app's preload (contextBridge); absent in a browser. */
    switchboard?: ControlApi;
  }
}

export function electronApi(): ControlApi | null {
  return typeof window !== 'undefined' && window.switchboard ? window.switchboard : null;
}

export function createElectronBridge(api: ControlApi): Bridge {
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
