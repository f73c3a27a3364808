/**
 * A clean quit: the first `before-quit` is held until the controller has stopped the server (every
 * socket closed, port freed), then the app quits for real. A stop that hangs cannot block the quit
 * forever: after `timeoutMs` the app quits anyway.
 *
 * At the end of a session (shutdown, restart, logout) the quit must never be held: on macOS a
 * `preventDefault` in `before-quit` cancels the logout, and Windows does not even emit `before-quit`.
 * So `installSessionEnd` listens where each OS tells (powerMonitor `shutdown` on Linux and macOS, the
 * window's `query-session-end`/`session-end` on Windows), stops the server and lets the quit through.
 */
import type { App, BrowserWindow, PowerMonitor } from 'electron';

type AppLike = Pick<App, 'on' | 'quit'>;

export interface CleanQuit {
  /** The session is ending: the next quit is not held, and the server is being stopped. */
  sessionEnding(): Promise<void>;
}

export function installCleanQuit(app: AppLike, shutdown: () => Promise<void>, options: { timeoutMs?: number; log?: (m: string, e?: unknown) => void } = {}): CleanQuit {
  const timeoutMs = options.timeoutMs ?? 5000;
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  let phase: 'running' | 'stopping' | 'done' = 'running';
  let stopping: Promise<void> | null = null;

  /** Stops the server once, bounded by the timeout. */
  function stopServer(): Promise<void> {
    if (stopping) return stopping;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`Switchboard: the server did not stop within ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    stopping = Promise.race([shutdown().catch((err: unknown) => log('Switchboard: error while stopping the server', err)), timeout]).finally(() => clearTimeout(timer));
    return stopping;
  }

  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    void stopServer().finally(() => {
      phase = 'done';
      app.quit();
    });
  });

  return {
    sessionEnding() {
      phase = 'done';
      return stopServer();
    },
  };
}

type PowerMonitorLike = Pick<PowerMonitor, 'on'>;
type SessionWindow = Pick<BrowserWindow, 'on'>;

export interface SessionEndWiring {
  /** Call for every window created (Windows sends the session-end events to windows). */
  watchWindow(window: SessionWindow): void;
}

export function installSessionEnd(input: {
  platform: NodeJS.Platform;
  app: Pick<App, 'quit' | 'exit'>;
  powerMonitor: PowerMonitorLike;
  cleanQuit: CleanQuit;
  log: (message: string) => void;
}): SessionEndWiring {
  const { app, cleanQuit, log } = input;
  // electron.d.ts types this listener without arguments, but Electron passes an Event whose
  // preventDefault() delays the shutdown (docs/api/power-monitor.md, "Event: 'shutdown'").
  input.powerMonitor.on('shutdown', (...args: unknown[]) => {
    log('The system is shutting down or the user is logging out: stopping the server and quitting.');
    // Linux: delays the shutdown (a logind inhibitor) until we quit. macOS: never block a logout.
    const event = args[0] as { preventDefault?: () => void } | undefined;
    if (input.platform === 'linux') event?.preventDefault?.();
    void cleanQuit.sessionEnding().finally(() => app.quit());
  });
  return {
    watchWindow(window) {
      if (input.platform !== 'win32') return;
      // Never preventDefault here: that would block the logout.
      window.on('query-session-end', () => {
        log('Windows asks to end the session: stopping the server.');
        void cleanQuit.sessionEnding();
      });
      window.on('session-end', () => {
        log('Windows is ending the session: quitting.');
        void cleanQuit.sessionEnding().finally(() => app.exit(0));
      });
    },
  };
}
