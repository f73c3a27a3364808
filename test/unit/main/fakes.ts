/**
 * Plain stand-ins for the few Electron objects the main-process modules touch (the only mocking the
 * project allows). Each records what was done to it, so tests assert behaviour, not calls to a mock lib.
 */
type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  private listeners = new Map<string, { fn: Listener; once: boolean }[]>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }
  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }
  removeListener(event: string, fn: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l.fn !== fn));
    return this;
  }
  removeAllListeners(event: string): this {
    this.listeners.delete(event);
    return this;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(event, list.filter((l) => !l.once));
    for (const l of list) (l.fn as (...a: unknown[]) => unknown)(...args);
    return list.length > 0;
  }
}

/** An Electron-like event whose preventDefault is observable. */
export function fakeEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type LoginOptions = { type?: string; serviceName?: string; args?: string[] };

/**
 * app, as far as the main process uses it. Login items are kept per service like macOS's SMAppService
 * (the main app, or an agent whose plist may be missing: status 'not-found'), and like Windows's Run key.
 */
export class FakeApp extends FakeEmitter {
  quitCalls = 0;
  lock = true;
  /** Last settings written with setLoginItemSettings (any service). */
  loginItem: { openAtLogin?: boolean; args?: string[]; type?: string; serviceName?: string } = {};
  /** Enabled login items by service ('main', or the agent's plist name). */
  loginServices = new Map<string, boolean>();
  /** Agents present in the bundle (macOS); others answer status 'not-found'. */
  bundledAgents = new Set<string>();
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls += 1;
    // Like Electron: quit() emits before-quit, which a handler may cancel.
    const event = fakeEvent();
    this.emit('before-quit', event);
  }
  private service(options: LoginOptions | undefined): string {
    return options?.type && options.type !== 'mainAppService' ? (options.serviceName ?? '') : 'main';
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean } & LoginOptions): void {
    this.loginItem = { ...settings };
    const service = this.service(settings);
    if (service !== 'main' && !this.bundledAgents.has(service)) return; // SMAppService: plist not found
    this.loginServices.set(service, settings.openAtLogin === true);
  }
  getLoginItemSettings(options?: LoginOptions): { openAtLogin: boolean; status: 'not-registered' | 'enabled' | 'not-found'; executableWillLaunchAtLogin: boolean } {
    const service = this.service(options);
    if (service !== 'main' && !this.bundledAgents.has(service)) return { openAtLogin: false, status: 'not-found', executableWillLaunchAtLogin: false };
    const on = this.loginServices.get(service) === true;
    return { openAtLogin: on, status: on ? 'enabled' : 'not-registered', executableWillLaunchAtLogin: on };
  }
}

export class FakeWindow extends FakeEmitter {
  visible = false;
  minimized = false;
  destroyed = false;
  focused = false;
  hide(): void {
    this.visible = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Simulates the user closing the window; returns whether the close went through. */
  userClose(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
    return !event.defaultPrevented;
  }
}

export class FakeWebContents extends FakeEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

/** ipcMain: `handle` handlers and `on` listeners, callable from tests as a renderer would. */
export class FakeIpcMain extends FakeEmitter {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Like ipcRenderer.invoke: the handler's throw becomes a rejection. */
  async invoke(sender: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn({ sender, senderFrame: frame }, ...args);
  }
  sendFrom(sender: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender, senderFrame: frame }, ...args);
  }
}

/** Hands a fake to a function typed with Electron's types (they only differ in overload signatures). */
export function as<T>(fake: unknown): T {
  return fake as T;
}
