/** One Switchboard per user: a second launch focuses the running window instead of failing on the port. */
import type { App, BrowserWindow } from 'electron';

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

/**
 * Takes the lock. Returns false (and quits) when another instance holds it; otherwise every later
 * launch calls `onSecondInstance` (which should open or focus the window).
 */
export function claimSingleInstance(app: AppLike, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
