/**
 * A small, faithful stand-in for the `electron` module, for running the BUILT main process
 * (out/main/index.js) under plain Node (test/smoke/main-bundle.test.ts swaps it in with a module resolve
 * hook). It has only what the main process calls, each part typed against electron.d.ts
 * (`implements Pick<Electron.X, …>`), so a renamed or re-typed Electron API fails `npm run typecheck`.
 * It behaves like Electron where the app depends on it:
 * - `protocol.registerSchemesAsPrivileged` only before `ready`, `protocol.handle` only after;
 * - a window "loads" its URL through the registered protocol handler, fetching the entry and every
 *   script and stylesheet it references, then runs the BUILT preload (out/preload/index.cjs) in a vm
 *   sandbox with `contextBridge`/`ipcRenderer`, and the "page" subscribes through the exposed Bridge;
 * - `app.quit()`: `before-quit` (cancellable) → windows `close` (cancellable) → `will-quit` → exit;
 * - `app.getPath('userData')` is $XDG_CONFIG_HOME/<productName>, as Electron does on Linux;
 * - `nativeImage.createFromPath` gives an empty image for a missing or non-image file.
 * The test drives it over the child-process IPC channel (`process.send`): see `Command` below.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type * as Electron from 'electron';
import { FakeApp, FakeEmitter, FakeIpcMain, FakeWebContents, fakeEvent } from '../unit/main/fakes.js';

// FAKE_ELECTRON_PLATFORM=win32|darwin runs the app's Windows or macOS wiring (read in main(), after
// every import has been evaluated). Node's own modules were loaded for Linux, and stay so.
if (process.env.FAKE_ELECTRON_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.FAKE_ELECTRON_PLATFORM });

const started = Date.now();
const since = (): number => Date.now() - started;

// ---------------------------------------------------------------------------------------------- app

function findPackageJson(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'package.json');
    const up = dirname(dir);
    if (up === dir) throw new Error(`fake electron: no package.json above ${from}`);
    dir = up;
  }
}

const packageJsonPath = findPackageJson(dirname(process.argv[1] ?? process.cwd()));
const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; productName?: string; version: string };

type AppPathName = Parameters<Electron.App['getPath']>[0];

class SmokeApp
  extends FakeApp
  implements Pick<Electron.App, 'getPath' | 'getVersion' | 'getAppPath' | 'whenReady' | 'isReady' | 'setAppUserModelId' | 'exit' | 'requestSingleInstanceLock' | 'quit'>
{
  readonly name = packageJson.productName ?? packageJson.name;
  readonly isPackaged = false;
  appUserModelId: string | null = null;
  /** Whether each quit's before-quit was held (preventDefault), in order. */
  quitHeld: boolean[] = [];
  private ready = false;
  private readyPromise: Promise<void>;

  constructor() {
    super();
    this.lock = process.env.FAKE_ELECTRON_LOCK !== '0';
    // The macOS bundle's login agent (electron-builder.yml mac.extraFiles) is there.
    if (process.env.FAKE_ELECTRON_MAC_AGENT) this.bundledAgents.add(process.env.FAKE_ELECTRON_MAC_AGENT);
    this.readyPromise = new Promise((resolve) => {
      // Like Electron: `ready` comes after the main script has run.
      setTimeout(() => {
        if (process.env.FAKE_ELECTRON_SECOND_INSTANCE_BEFORE_READY === '1') this.emit('second-instance', fakeEvent(), ['switchboard'], process.cwd(), {});
        this.ready = true;
        this.emit('ready', fakeEvent(), {});
        resolve();
      }, 20);
    });
  }
  getPath(name: AppPathName): string {
    const config = process.env.XDG_CONFIG_HOME ?? join(process.env.HOME ?? '/tmp', '.config');
    switch (name) {
      case 'userData':
        return join(config, this.name);
      case 'logs':
        return join(config, this.name, 'logs');
      case 'appData':
        return config;
      case 'home':
        return process.env.HOME ?? '/tmp';
      default:
        throw new Error(`fake electron: app.getPath('${name}') is not used by the app`);
    }
  }
  getVersion(): string {
    return packageJson.version;
  }
  getAppPath(): string {
    return dirname(packageJsonPath);
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  override quit(): void {
    this.quitCalls += 1;
    const event = fakeEvent();
    this.emit('before-quit', event);
    this.quitHeld.push(event.defaultPrevented);
    if (event.defaultPrevented) return;
    for (const window of [...SmokeWindow.all]) {
      if (!window.isDestroyed() && !window.tryClose()) return;
    }
    const willQuit = fakeEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.emit('quit', fakeEvent(), 0);
    report({ type: 'exit', code: 0, quitHeld: this.quitHeld });
    setTimeout(() => process.exit(0), 20);
  }
  exit(code = 0): void {
    report({ type: 'exit', code, quitHeld: this.quitHeld });
    setTimeout(() => process.exit(code), 20);
  }
}

export const app = new SmokeApp();

// ------------------------------------------------------------------------------------ nativeImage

function imageKind(buffer: Buffer): 'png' | 'ico' | null {
  if (buffer.subarray(1, 4).toString('latin1') === 'PNG') return 'png';
  if (buffer.length > 6 && buffer.readUInt16LE(0) === 0 && buffer.readUInt16LE(2) === 1) return 'ico';
  return null;
}

function pngSize(buffer: Buffer): { width: number; height: number } | null {
  return imageKind(buffer) === 'png' ? { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) } : null;
}

export class FakeNativeImage implements Pick<Electron.NativeImage, 'isEmpty' | 'addRepresentation' | 'setTemplateImage' | 'isTemplateImage'> {
  readonly representations: { scaleFactor: number; kind: string; width: number | null }[] = [];
  private template = false;
  constructor(readonly path: string | null, buffer: Buffer | null) {
    const kind = buffer ? imageKind(buffer) : null;
    if (buffer && kind) this.representations.push({ scaleFactor: 1, kind, width: pngSize(buffer)?.width ?? null });
  }
  isEmpty(): boolean {
    return this.representations.length === 0;
  }
  addRepresentation(options: Electron.AddRepresentationOptions): void {
    const buffer = options.buffer ?? null;
    const kind = buffer ? imageKind(buffer) : null;
    if (!buffer || !kind) throw new Error('fake electron: addRepresentation needs a PNG or ICO buffer');
    this.representations.push({ scaleFactor: options.scaleFactor ?? 1, kind, width: pngSize(buffer)?.width ?? null });
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  describe(): { path: string | null; empty: boolean; template: boolean; representations: FakeNativeImage['representations'] } {
    return { path: this.path, empty: this.isEmpty(), template: this.template, representations: this.representations };
  }
}

export const nativeImage: Pick<typeof Electron.nativeImage, 'createFromPath'> = {
  createFromPath(path: string): Electron.NativeImage {
    let buffer: Buffer | null = null;
    try {
      buffer = readFileSync(path);
    } catch {
      // Electron: an empty image
    }
    return new FakeNativeImage(path, buffer) as unknown as Electron.NativeImage;
  },
};

// ------------------------------------------------------------------------------------------- Menu

export class FakeMenu {
  constructor(readonly items: Electron.MenuItemConstructorOptions[]) {}
}

export const Menu = {
  applicationMenu: null as FakeMenu | null,
  buildFromTemplate(template: Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>): Electron.Menu {
    return new FakeMenu(template as Electron.MenuItemConstructorOptions[]) as unknown as Electron.Menu;
  },
  setApplicationMenu(menu: Electron.Menu | null): void {
    Menu.applicationMenu = menu as unknown as FakeMenu | null;
  },
} satisfies Pick<typeof Electron.Menu, 'buildFromTemplate' | 'setApplicationMenu'> & { applicationMenu: FakeMenu | null };

// ------------------------------------------------------------------------------------------- Tray

export interface TrayCall {
  method: 'setImage' | 'setToolTip' | 'setContextMenu';
  t: number;
  value: string;
}

export class FakeTray extends FakeEmitter implements Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy' | 'isDestroyed'> {
  static all: FakeTray[] = [];
  calls: TrayCall[] = [];
  image: FakeNativeImage;
  menu: FakeMenu | null = null;
  tooltip = '';
  private destroyed = false;
  constructor(image: Electron.NativeImage | string) {
    super();
    this.image = typeof image === 'string' ? (nativeImage.createFromPath(image) as unknown as FakeNativeImage) : (image as unknown as FakeNativeImage);
    FakeTray.all.push(this);
  }
  setImage(image: Electron.NativeImage | string): void {
    this.image = typeof image === 'string' ? (nativeImage.createFromPath(image) as unknown as FakeNativeImage) : (image as unknown as FakeNativeImage);
    this.calls.push({ method: 'setImage', t: since(), value: this.image.path ?? '' });
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
    this.calls.push({ method: 'setToolTip', t: since(), value: toolTip });
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.menu = menu as unknown as FakeMenu | null;
    this.calls.push({ method: 'setContextMenu', t: since(), value: (this.menu?.items ?? []).map((i) => i.label ?? `(${i.type ?? 'normal'})`).join(' | ') });
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** A click on the menu item whose label starts with `label`, as the OS would deliver it. */
  clickItem(label: string): boolean {
    const item = this.menu?.items.find((i) => typeof i.label === 'string' && i.label.startsWith(label));
    if (!item || item.enabled === false || !item.click) return false;
    item.click(item as unknown as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent);
    return true;
  }
}

export const Tray = FakeTray;

// -------------------------------------------------------------------------- protocol, session, …

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  privileged: [] as Electron.CustomScheme[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocol.privileged.push(...customSchemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!app.isReady()) throw new Error('protocol.handle cannot be used before the app is ready');
    if (protocol.handlers.has(scheme)) throw new Error(`Protocol '${scheme}' is already handled`);
    protocol.handlers.set(scheme, handler as ProtocolHandler);
  },
} satisfies Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'> & Record<string, unknown>;

class FakeSession implements Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> {
  handlers: string[] = [];
  headerListeners = 0;
  webRequest = {
    onHeadersReceived: (..._args: unknown[]): void => {
      this.headerListeners += 1;
    },
  } as unknown as Pick<Electron.WebRequest, 'onHeadersReceived'>;
  setPermissionRequestHandler(): void {
    this.handlers.push('request');
  }
  setPermissionCheckHandler(): void {
    this.handlers.push('check');
  }
  setDevicePermissionHandler(): void {
    this.handlers.push('device');
  }
}

export const session = { defaultSession: new FakeSession() };

export const clipboard = {
  text: '',
  // Electron 45: asynchronous.
  async writeText(text: string): Promise<void> {
    clipboard.text = text;
  },
  async readText(): Promise<string> {
    return clipboard.text;
  },
} satisfies Pick<Electron.Clipboard, 'writeText' | 'readText'> & { text: string };

export const shell = {
  shown: [] as string[],
  showItemInFolder(fullPath: string): void {
    shell.shown.push(fullPath);
  },
} satisfies Pick<Electron.Shell, 'showItemInFolder'> & { shown: string[] };

export const powerMonitor = new FakeEmitter();

export const ipcMain = new FakeIpcMain();

// --------------------------------------------------------------------------- the page and preload

type IpcListener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

interface Frame {
  url: string;
  parent: null;
}

/** The renderer side of one window: the built preload in a sandbox, and a page that uses its Bridge. */
class FakePage {
  batches: { t: number; dropped: number; state: boolean; peers: number | null }[] = [];
  bridgeMethods: string[] = [];
  private ipcListeners = new Map<string, IpcListener[]>();
  private bridge: Record<string, (...args: unknown[]) => unknown> | null = null;

  constructor(
    readonly contents: SmokeWebContents,
    readonly frame: Frame,
  ) {}

  runPreload(path: string): void {
    const ipcRenderer: Pick<Electron.IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'> = {
      invoke: (channel: string, ...args: unknown[]) => ipcMain.invoke(this.contents, this.frame, channel, ...args),
      send: (channel: string, ...args: unknown[]) => ipcMain.sendFrom(this.contents, this.frame, channel, ...args),
      on: (channel: string, listener: IpcListener) => {
        this.ipcListeners.set(channel, [...(this.ipcListeners.get(channel) ?? []), listener]);
        return ipcRenderer as Electron.IpcRenderer;
      },
      removeListener: (channel: string, listener: IpcListener) => {
        this.ipcListeners.set(channel, (this.ipcListeners.get(channel) ?? []).filter((l) => l !== listener));
        return ipcRenderer as Electron.IpcRenderer;
      },
    };
    const contextBridge = {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (key !== 'switchboard') throw new Error(`fake page: unexpected global ${key}`);
        this.bridge = api as Record<string, (...args: unknown[]) => unknown>;
        this.bridgeMethods = Object.keys(this.bridge).sort();
      },
    } satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'>;
    const module = { exports: {} };
    // A sandboxed preload can require 'electron' and nothing from node_modules.
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return { contextBridge, ipcRenderer };
      throw new Error(`a sandboxed preload cannot require('${name}')`);
    };
    runInNewContext(readFileSync(path, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console }, { filename: path });
  }

  /** What the dashboard does once loaded: subscribe to the batch stream. */
  start(): void {
    if (!this.bridge) throw new Error('fake page: the preload exposed no bridge');
    const subscribe = this.bridge.subscribe as (listener: (batch: Record<string, unknown>) => void) => () => void;
    subscribe((batch) => {
      const peers = batch.peers as unknown[] | undefined;
      this.batches.push({ t: since(), dropped: batch.dropped as number, state: batch.state !== undefined, peers: peers ? peers.length : null });
    });
  }

  call(method: string, args: unknown[]): Promise<unknown> {
    if (!this.bridge?.[method]) return Promise.reject(new Error(`fake page: no bridge method ${method}`));
    return Promise.resolve(this.bridge[method](...args));
  }

  deliver(channel: string, args: unknown[]): void {
    for (const listener of this.ipcListeners.get(channel) ?? []) listener({ sender: null } as unknown as Electron.IpcRendererEvent, ...args);
  }
}

class SmokeWebContents extends FakeWebContents implements Pick<Electron.WebContents, 'send' | 'reload' | 'isDestroyed' | 'getURL' | 'forcefullyCrashRenderer'> {
  page: FakePage | null = null;
  reloads = 0;
  override send(channel: string, ...args: unknown[]): void {
    super.send(channel, ...args);
    this.page?.deliver(channel, args);
    this.sent.length = 0; // the page keeps what it needs; do not grow without bound
  }
  reload(): void {
    this.reloads += 1;
  }
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 9 });
  }
}

interface LoadReport {
  url: string;
  status: number;
  contentType: string | null;
  csp: string | null;
  /** Scripts and stylesheets the entry references, each with the status it was served with. */
  assets: { url: string; status: number }[];
  preloadExists: boolean;
  error: string | null;
}

export class SmokeWindow
  extends FakeEmitter
  implements Pick<Electron.BrowserWindow, 'show' | 'hide' | 'focus' | 'minimize' | 'restore' | 'isVisible' | 'isMinimized' | 'isDestroyed' | 'close' | 'destroy' | 'loadURL'>
{
  static all: SmokeWindow[] = [];
  readonly webContents = new SmokeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  load: LoadReport | null = null;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    if (options.show !== false) this.visible = true;
    SmokeWindow.all.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  show(): void {
    const was = this.visible;
    this.visible = true;
    if (!was) this.emit('show');
  }
  hide(): void {
    const was = this.visible;
    this.visible = false;
    this.focused = false;
    if (was) this.emit('hide');
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  minimize(): void {
    this.visible = true;
    this.minimized = true;
    this.focused = false;
    this.emit('minimize');
  }
  restore(): void {
    const was = this.minimized;
    this.minimized = false;
    if (was) this.emit('restore');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The user (or app.quit) closes the window; returns whether it really closed. */
  tryClose(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  close(): void {
    this.tryClose();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
  }

  async loadURL(url: string): Promise<void> {
    const preload = this.options.webPreferences?.preload ?? '';
    const report: LoadReport = { url, status: 0, contentType: null, csp: null, assets: [], preloadExists: existsSync(preload), error: null };
    this.load = report;
    this.webContents.url = url;
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = protocol.handlers.get(scheme);
    if (!handler) {
      report.error = `no handler for ${scheme}:`;
      throw new Error(`ERR_UNKNOWN_URL_SCHEME (${url})`);
    }
    const response = await handler(new Request(url));
    report.status = response.status;
    report.contentType = response.headers.get('content-type');
    report.csp = response.headers.get('content-security-policy');
    if (!response.ok) throw new Error(`ERR_FILE_NOT_FOUND (${url})`);
    const html = await response.text();
    for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)) {
      const asset = new URL(match[1] as string, url).href;
      const r = await handler(new Request(asset));
      report.assets.push({ url: asset, status: r.status });
    }
    const page = new FakePage(this.webContents, { url, parent: null });
    this.webContents.page = page;
    page.runPreload(preload);
    this.emit('ready-to-show');
    page.start();
  }

  describe(): Record<string, unknown> {
    return {
      visible: this.visible,
      minimized: this.minimized,
      focused: this.focused,
      destroyed: this.destroyed,
      webPreferences: this.options.webPreferences,
      load: this.load,
      bridgeMethods: this.webContents.page?.bridgeMethods ?? [],
      batches: this.webContents.page?.batches ?? [],
      reloads: this.webContents.reloads,
    };
  }
}

export const BrowserWindow = SmokeWindow;

// ------------------------------------------------------------------------- the test's remote control

export type Command =
  | { cmd: 'snapshot' }
  | { cmd: 'tray-item'; label: string }
  | { cmd: 'tray-click' }
  | { cmd: 'second-instance'; argv: string[] }
  | { cmd: 'window'; action: 'close' | 'minimize' | 'restore' | 'hide' }
  | { cmd: 'window-event'; event: 'query-session-end' | 'session-end' }
  | { cmd: 'renderer-gone'; reason: 'crashed' | 'oom' }
  | { cmd: 'quit' }
  | { cmd: 'power'; event: 'shutdown' }
  | { cmd: 'bridge'; method: string; args: unknown[] }
  | { cmd: 'throw-later'; message: string };

function report(message: Record<string, unknown>): void {
  process.send?.(message);
}

function snapshot(): Record<string, unknown> {
  const tray = FakeTray.all[0] ?? null;
  return {
    appUserModelId: app.appUserModelId,
    quitCalls: app.quitCalls,
    quitHeld: app.quitHeld,
    loginItem: app.loginItem,
    privileged: protocol.privileged,
    handled: [...protocol.handlers.keys()],
    session: { handlers: session.defaultSession.handlers, headerListeners: session.defaultSession.headerListeners },
    ipcChannels: [...ipcMain.handlers.keys()].sort(),
    clipboard: clipboard.text,
    shownInFolder: shell.shown,
    applicationMenu: (Menu.applicationMenu?.items ?? []).map((i) => i.label ?? i.role ?? ''),
    windows: SmokeWindow.all.map((w) => w.describe()),
    tray: tray && {
      image: tray.image.describe(),
      tooltip: tray.tooltip,
      menu: (tray.menu?.items ?? []).map((i) => ({ label: i.label ?? null, type: i.type ?? 'normal', enabled: i.enabled !== false })),
      calls: tray.calls,
      clickListeners: tray.listenerCount('click'),
    },
  };
}

async function run(command: Command): Promise<unknown> {
  const window = SmokeWindow.all.at(-1) ?? null;
  switch (command.cmd) {
    case 'snapshot':
      return snapshot();
    case 'tray-item': {
      const ok = FakeTray.all[0]?.clickItem(command.label) ?? false;
      if (!ok) throw new Error(`no enabled tray menu item "${command.label}"`);
      return ok;
    }
    case 'tray-click':
      return FakeTray.all[0]?.emit('click', fakeEvent(), {}, {}) ?? false;
    case 'second-instance':
      return app.emit('second-instance', fakeEvent(), command.argv, process.cwd(), {});
    case 'window':
      if (!window) throw new Error('no window');
      if (command.action === 'close') return window.tryClose();
      window[command.action]();
      return true;
    case 'window-event': {
      if (!window) throw new Error('no window');
      const event = fakeEvent();
      window.emit(command.event, event);
      return event.defaultPrevented;
    }
    case 'renderer-gone':
      window?.webContents.emit('render-process-gone', fakeEvent(), { reason: command.reason, exitCode: 1 });
      return window?.webContents.reloads ?? 0;
    case 'quit':
      app.quit();
      return true;
    case 'power':
      return powerMonitor.emit(command.event, fakeEvent());
    case 'bridge': {
      const page = window?.webContents.page;
      if (!page) throw new Error('no page');
      return page.call(command.method, command.args);
    }
    case 'throw-later':
      setTimeout(() => {
        throw new Error(command.message);
      }, 0);
      setTimeout(() => void Promise.reject(new Error(`${command.message} (rejection)`)), 0);
      return true;
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  run(message.command).then(
    (result) => report({ type: 'reply', id: message.id, result }),
    (err: unknown) => report({ type: 'reply', id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
