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

export class FakeApp extends FakeEmitter {
  quitCalls = 0;
  lock = true;
  loginItem: { openAtLogin?: boolean; args?: string[] } = {};
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls += 1;
    // Like Electron: quit() emits before-quit, which a handler may cancel.
    const event = fakeEvent();
    this.emit('before-quit', event);
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[] }): void {
    this.loginItem = { ...settings };
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin === true };
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
