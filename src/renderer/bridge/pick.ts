/** Chooses the bridge at startup: the Electron preload API when present, else the admin WebSocket. */
import type { Bridge } from '../../shared/control.js';
import { createElectronBridge, electronApi } from './electron.js';
import { tokenFromLocation } from './token.js';
import { WebBridge } from './web.js';

export function pickBridge(): Bridge {
  const api = electronApi();
  if (api) return createElectronBridge(api);
  return WebBridge.fromLocation(tokenFromLocation(location.search, location.hash));
}
