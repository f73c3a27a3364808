/**
 * When the window is visible: shown on `ready-to-show` (no white flash), unless the app was started
 * hidden (at login); closing it hides it to the tray. Only a real quit (tray or menu Quit, Cmd+Q,
 * session end) lets it close: `before-quit` marks the quit, and `close` is then let through.
 * Without a tray to come back from (vanilla GNOME: src/main/tray-host.ts) the window is never hidden:
 * closing minimises it, and a hidden start shows it minimised, so the running server always has a
 * visible window.
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

export function installCloseToTray(window: Pick<BrowserWindow, 'on' | 'hide' | 'minimize'>, flag: QuitFlag, canHide: () => boolean = () => true): void {
  window.on('close', (event) => {
    if (flag.quitting) return;
    event.preventDefault();
    if (canHide()) window.hide();
    else window.minimize();
  });
}

export function showWhenReady(window: Pick<BrowserWindow, 'once' | 'show' | 'minimize'>, startHidden: boolean, canHide: () => boolean = () => true): void {
  window.once('ready-to-show', () => {
    if (startHidden && canHide()) return;
    window.show();
    if (startHidden) window.minimize();
  });
}

/** True when the window is on screen (shown and not minimised). */
export function isOnScreen(window: Pick<BrowserWindow, 'isDestroyed' | 'isVisible' | 'isMinimized'> | null): boolean {
  return window !== null && !window.isDestroyed() && window.isVisible() && !window.isMinimized();
}
