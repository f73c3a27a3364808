/**
 * A crashed or hung dashboard must not stay blank until the app is restarted. A renderer that is gone
 * (crash, OOM, killed) is reloaded; one that stays unresponsive for `hangMs` is ended and then reloaded.
 * A renderer that keeps crashing (`maxCrashes` within `windowMs`) is left alone, and logged, rather than
 * reloaded in a loop. The server runs in the main process and is not touched by any of this.
 */
import type { WebContents } from 'electron';

type ContentsLike = Pick<WebContents, 'on' | 'reload' | 'isDestroyed' | 'forcefullyCrashRenderer'>;

export interface RecoveryOptions {
  log: (message: string) => void;
  /** @default 10_000 */
  hangMs?: number;
  /** @default 3 */
  maxCrashes?: number;
  /** @default 60_000 */
  windowMs?: number;
  now?: () => number;
}

export function installRendererRecovery(contents: ContentsLike, options: RecoveryOptions): void {
  const hangMs = options.hangMs ?? 10_000;
  const maxCrashes = options.maxCrashes ?? 3;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let crashes: number[] = [];
  let hangTimer: NodeJS.Timeout | null = null;

  const clearHang = (): void => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  };

  contents.on('render-process-gone', (_event, details) => {
    clearHang();
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    const t = now();
    crashes = [...crashes.filter((at) => t - at < windowMs), t];
    if (crashes.length > maxCrashes) {
      options.log(`The dashboard stopped (${details.reason}, exit code ${details.exitCode}) ${crashes.length} times within ${windowMs / 1000} s; not reloading it again. The server keeps running; reopen the window from the tray.`);
      return;
    }
    options.log(`The dashboard stopped (${details.reason}, exit code ${details.exitCode}); reloading it.`);
    contents.reload();
  });
  contents.on('unresponsive', () => {
    options.log(`The dashboard is not responding; it will be restarted if it does not recover within ${hangMs / 1000} s.`);
    clearHang();
    hangTimer = setTimeout(() => {
      hangTimer = null;
      if (contents.isDestroyed()) return;
      options.log('The dashboard did not recover; restarting it.');
      // Ends the renderer; 'render-process-gone' then reloads it.
      contents.forcefullyCrashRenderer();
    }, hangMs);
    hangTimer.unref?.();
  });
  contents.on('responsive', () => {
    if (hangTimer) options.log('The dashboard is responding again.');
    clearHang();
  });
  contents.on('destroyed', clearHang);
}
