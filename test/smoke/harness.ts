/**
 * Runs the BUILT Electron main process (out/main/index.js) under Node, with `electron` resolved to the
 * fake in test/smoke/fake-electron.ts by a module resolve hook (node:module `register`, `--import`).
 * The fake and test/unit/main/fakes.ts are transpiled with TypeScript into a temporary folder first
 * (type-checked with everything else by `npm run typecheck`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Command } from './fake-electron.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BUNDLE = join(ROOT, 'out/main/index.js');

/** Transpiles the fake into `dir` and writes the loader; returns the `--import` URL. */
export function prepareLoader(dir: string): string {
  for (const rel of ['test/unit/main/fakes.ts', 'test/smoke/fake-electron.ts']) {
    const source = readFileSync(join(ROOT, rel), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: rel,
    });
    const file = join(dir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out.outputText);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const fakeUrl = pathToFileURL(join(dir, 'test/smoke/fake-electron.js')).href;
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  return pathToFileURL(join(dir, 'register.mjs')).href;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface AppOptions {
  args?: string[];
  env?: Record<string, string>;
  /** What `gdbus` answers about the StatusNotifierWatcher: true (a tray host), false, or no gdbus at all. */
  trayHost?: boolean | null;
  /** Settings written to <config>/Switchboard/settings.json before start. */
  settings?: Record<string, unknown>;
}

export interface RunningApp {
  home: string;
  configDir: string;
  child: ChildProcess;
  stderr(): string;
  send<T = unknown>(command: Command): Promise<T>;
  snapshot(): Promise<Snapshot>;
  exited: Promise<number | null>;
  /** The fake's report when the app quit or exited: `{ type: 'exit', code, quitHeld }`. */
  exitReport(): Record<string, unknown> | null;
  stop(): Promise<void>;
}

export interface TrayCallRecord {
  method: 'setImage' | 'setToolTip' | 'setContextMenu';
  t: number;
  value: string;
}

export interface ImageRecord {
  path: string | null;
  empty: boolean;
  template: boolean;
  representations: { scaleFactor: number; kind: string; width: number | null }[];
}

export interface WindowRecord {
  visible: boolean;
  minimized: boolean;
  focused: boolean;
  destroyed: boolean;
  webPreferences: Record<string, unknown>;
  load: { url: string; status: number; contentType: string | null; csp: string | null; assets: { url: string; status: number }[]; preloadExists: boolean; error: string | null } | null;
  bridgeMethods: string[];
  batches: { t: number; dropped: number; state: boolean; peers: number | null }[];
  reloads: number;
}

export interface Snapshot {
  appUserModelId: string | null;
  quitCalls: number;
  quitHeld: boolean[];
  loginItem: { openAtLogin?: boolean; args?: string[]; type?: string; serviceName?: string };
  privileged: { scheme: string; privileges?: Record<string, boolean> }[];
  handled: string[];
  session: { handlers: string[]; headerListeners: number };
  ipcChannels: string[];
  clipboard: string;
  shownInFolder: string[];
  applicationMenu: string[];
  windows: WindowRecord[];
  tray: { image: ImageRecord; tooltip: string; menu: { label: string | null; type: string; enabled: boolean }[]; calls: TrayCallRecord[]; clickListeners: number } | null;
}

export function startApp(loaderUrl: string, options: AppOptions = {}): RunningApp {
  const home = mkdtempSync(join(tmpdir(), 'sb-smoke-'));
  const configDir = join(home, '.config');
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  if (options.trayHost !== undefined && options.trayHost !== null) {
    // A stand-in for GLib's gdbus, answering NameHasOwner(org.kde.StatusNotifierWatcher).
    writeFileSync(join(bin, 'gdbus'), `#!/bin/sh\ncase "$*" in *NameHasOwner*org.kde.StatusNotifierWatcher*) echo "(${options.trayHost},)";; *) exit 1;; esac\n`);
    chmodSync(join(bin, 'gdbus'), 0o755);
  }
  if (options.settings) {
    mkdirSync(join(configDir, 'Switchboard'), { recursive: true });
    writeFileSync(join(configDir, 'Switchboard', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  // Without a tray host answer, neither gdbus nor dbus-send can be found.
  const path = options.trayHost === null || options.trayHost === undefined ? bin : `${bin}:${process.env.PATH ?? ''}`;
  const child = spawn(process.execPath, ['--import', loaderUrl, BUNDLE, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { HOME: home, XDG_CONFIG_HOME: configDir, PATH: path, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (err += d.toString()));
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exitReport: Record<string, unknown> | null = null;
  child.on('message', (message: { type: string; id?: number; result?: unknown; error?: string }) => {
    if (message.type === 'exit') exitReport = message;
    if (message.type !== 'reply' || message.id === undefined) return;
    const p = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) p?.reject(new Error(message.error));
    else p?.resolve(message.result);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`the app exited\n${err}`));
    pending.clear();
  });
  const send = <T>(command: Command): Promise<T> =>
    new Promise<T>((res, rej) => {
      if (child.exitCode !== null || !child.connected) {
        rej(new Error(`the app is not running\n${err}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
      child.send({ id, command });
    });
  return {
    home,
    configDir,
    child,
    stderr: () => err,
    send,
    snapshot: () => send<Snapshot>({ cmd: 'snapshot' }),
    exited,
    exitReport: () => exitReport,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function bundleIsBuilt(): boolean {
  return existsSync(BUNDLE) && existsSync(join(ROOT, 'out/preload/index.cjs')) && existsSync(join(ROOT, 'out/renderer/index.html'));
}
