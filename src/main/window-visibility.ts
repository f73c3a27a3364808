/**
 * When the window is visible: shown on `ready-to-show` (no white flash), unless the app was started
 * hidden (at login); closing it hides it to the tray. Only a real quit (tray or menu Quit, Cmd+Q,
 * session end) lets it close: `before-quit` marks the quit, and `close` is then let through.
 */
import type { App, BrowserWindow } from 'electron';

type AppLike = Pick<App, 'on'>;

export interface QuitFlag {
  readonly quitting: boolean;
}

export function createQuitFlag(app: AppLike): QuitFlag {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  return {
    get quitting() {
      return quitting;
    },
  };
}

export function installCloseToTray(window: Pick<BrowserWindow, 'on' | 'hide'>, flag: QuitFlag): void {
  window.on('close', (event) => {
    if (flag.quitting) return;
    event.preventDefault();
    window.hide();
  });
}

export function showWhenReady(window: Pick<BrowserWindow, 'once' | 'show'>, startHidden: boolean): void {
  window.once('ready-to-show', () => {
    if (!startHidden) window.show();
  });
}
