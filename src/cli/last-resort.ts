/**
 * The headless process's last resort: an exception or rejection nothing caught is logged, and the server
 * keeps serving. The core already contains every per-frame and per-connection failure; this is for what a
 * bug might still let through (a listener, a timer), since ending the process would cut off every client.
 * (The desktop app's main process installs its own.)
 */

export interface LastResort {
  /** Removes the handlers again (tests). */
  uninstall(): void;
}

/**
 * Installs `uncaughtException` and `unhandledRejection` handlers that log with `log` and let the process
 * go on. Repeated identical failures are logged once per `quietMs` (a failure in a hot path must not
 * flood the log), with a count of the ones left out.
 */
export function installLastResort(log: (line: string) => void, quietMs = 10_000): LastResort {
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  const report = (what: string, err: unknown): void => {
    const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    const key = `${what}\n${text.split('\n', 1)[0] ?? ''}`;
    const now = Date.now();
    const seen = lastLogged.get(key);
    if (seen && now - seen.at < quietMs) {
      seen.suppressed += 1;
      return;
    }
    const more = seen && seen.suppressed > 0 ? ` (${seen.suppressed} more like it not shown)` : '';
    if (lastLogged.size > 100) lastLogged.clear();
    lastLogged.set(key, { at: now, suppressed: 0 });
    log(`switchboard: ${what}, kept serving${more}: ${text}`);
  };
  const onException = (err: Error): void => report('internal error', err);
  const onRejection = (reason: unknown): void => report('unhandled promise rejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
