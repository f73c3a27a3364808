/**
 * The dashboard window. The web preferences are written out literally here (not built by a helper) so
 * that Electronegativity, which reads the built code, can see every one of them.
 */
import { BrowserWindow, type NativeImage } from 'electron';
import type { AppLocation } from './app-url.js';
import { installRendererRecovery } from './renderer-recovery.js';
import { installCloseToTray, showWhenReady, type QuitFlag } from './window-visibility.js';

export interface MainWindowInput {
  preloadPath: string;
  icon: NativeImage;
  location: AppLocation;
  quitFlag: QuitFlag;
  startHidden: boolean;
  /** False when there is no tray to come back from: the window then minimises instead of hiding. */
  canHide: () => boolean;
  log: (message: string) => void;
}

export function createMainWindow(input: MainWindowInput): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Switchboard',
    icon: input.icon,
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  showWhenReady(window, input.startHidden, input.canHide);
  installCloseToTray(window, input.quitFlag, input.canHide);
  installRendererRecovery(window.webContents, { log: input.log });
  window.loadURL(input.location.url).catch((err: unknown) => {
    input.log(`Switchboard: could not load the dashboard from ${input.location.url} (${err instanceof Error ? err.message : String(err)}); run \`npm run build\``);
  });
  return window;
}
