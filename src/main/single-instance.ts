/** One Switchboard per user: a second launch focuses the running window instead of failing on the port. */
import type { App, BrowserWindow } from 'electron';
import { HIDDEN_ARG } from './autostart.js';

type AppLike = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>;
export type FocusableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** Shows, restores and focuses the window. */
export function focusWindow(window: FocusableWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return true;
}

export interface SingleInstance {
  /**
   * From now on a second launch calls `show` at once. A launch that came before (while the app was
   * still starting, before any window could exist) is not lost: `show` is called here for it.
   */
  ready(show: () => void): void;
}

/**
 * Takes the lock. Returns null (and quits) when another instance holds it. A second launch with
 * --hidden (a login item firing while the app already runs) changes nothing.
 */
export function claimSingleInstance(app: AppLike): SingleInstance | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let show: (() => void) | null = null;
  let pending = false;
  app.on('second-instance', (_event, argv) => {
    if (Array.isArray(argv) && argv.includes(HIDDEN_ARG)) return;
    if (show) show();
    else pending = true;
  });
  return {
    ready(fn) {
      show = fn;
      if (pending) {
        pending = false;
        fn();
      }
    },
  };
}
