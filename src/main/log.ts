/**
 * The main process's log: one line per entry, appended to `main.log` in the app's logs folder
 * (app.getPath('logs')), rotated to `main.old.log` when it passes `maxBytes` (one old file is kept, like
 * electron-log). A double-clicked app has no console, so this file is where problems are told. Writing
 * never throws: a log that cannot be written falls back to stderr.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';

export type LogLevel = 'info' | 'warn' | 'error';

export interface MainLog {
  /** Absolute path of the current log file. */
  readonly file: string;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface MainLogOptions {
  dir: string;
  /** @default 'main.log' */
  fileName?: string;
  /** Size at which the file is rotated. @default 1_048_576 (1 MiB) */
  maxBytes?: number;
  /** Also write to stderr (development). @default false */
  echo?: boolean;
  now?: () => Date;
}

export function createMainLog(options: MainLogOptions): MainLog {
  const fileName = options.fileName ?? 'main.log';
  const file = join(options.dir, fileName);
  const old = join(options.dir, fileName.replace(/\.log$/, '') + '.old.log');
  const maxBytes = options.maxBytes ?? 1_048_576;
  const now = options.now ?? (() => new Date());
  let size = -1;

  function write(level: LogLevel, message: string, details: unknown[]): void {
    const line = `[${now().toISOString()}] [${level}] ${formatWithOptions({ breakLength: Infinity }, message, ...details)}\n`;
    if (options.echo) process.stderr.write(line);
    try {
      if (size < 0) {
        mkdirSync(options.dir, { recursive: true });
        try {
          size = statSync(file).size;
        } catch {
          size = 0;
        }
      }
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
        rmSync(old, { force: true });
        renameSync(file, old);
        size = 0;
      }
      appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch (err) {
      size = -1;
      if (!options.echo) process.stderr.write(line);
      process.stderr.write(`Switchboard: could not write the log file ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  return {
    file,
    info: (message, ...details) => write('info', message, details),
    warn: (message, ...details) => write('warn', message, details),
    error: (message, ...details) => write('error', message, details),
  };
}

/**
 * Last resort for the main process: an exception or rejection nobody caught is logged and the app keeps
 * serving (Electron would otherwise show a modal error box, and the signaling server is the whole app).
 */
export function installProcessGuards(log: Pick<MainLog, 'error'>, target: Pick<NodeJS.Process, 'on'> = process): void {
  target.on('uncaughtException', (err: Error) => log.error('Uncaught exception (the app keeps running):', err));
  target.on('unhandledRejection', (reason: unknown) => log.error('Unhandled promise rejection (the app keeps running):', reason));
}
