/**
 * A clean quit: the first `before-quit` is held until the controller has stopped the server (every
 * socket closed, port freed), then the app quits for real. A stop that hangs cannot block the quit
 * forever: after `timeoutMs` the app quits anyway.
 */
import type { App } from 'electron';

type AppLike = Pick<App, 'on' | 'quit'>;

export function installCleanQuit(app: AppLike, shutdown: () => Promise<void>, options: { timeoutMs?: number; log?: (m: string, e?: unknown) => void } = {}): void {
  const timeoutMs = options.timeoutMs ?? 5000;
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  let phase: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`Switchboard: the server did not stop within ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    Promise.race([shutdown().catch((err: unknown) => log('Switchboard: error while stopping the server', err)), timeout]).finally(() => {
      clearTimeout(timer);
      phase = 'done';
      app.quit();
    });
  });
}
