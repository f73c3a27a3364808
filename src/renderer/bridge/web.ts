/**
 * The web bridge: the headless CLI's admin WebSocket (JSON-RPC requests, pushed batches). Its command
 * methods are generated from the command table (src/shared/commands.ts).
 * Reconnects with back-off; commands made while the link is down answer `{ ok: false }`.
 */
import { ADMIN_SOCKET_PATH, type AdminMethod, type AdminResults, type AdminServerMessage } from '../../shared/admin-protocol.js';
import { argNames, commandMethods, type CommandName } from '../../shared/commands.js';
import type { Bridge, ControlApi, EventBatch } from '../../shared/control.js';
import type { LinkAware, LinkListener, TokenAware } from './link.js';

const REQUEST_TIMEOUT_MS = 15_000;
/** The lost-link reason when the server no longer takes this page's token (the banner offers the entry page). */
export const TOKEN_REFUSED =
  'The dashboard token was refused: it was regenerated (or Switchboard now uses another one). Enter the current token to go on.';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

type CommandMethods = Pick<ControlApi, CommandName>;

// The command methods are generated from the command table in the constructor (one per command, each
// sending its own method name); this interface declares them on the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface WebBridge extends CommandMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WebBridge implements Bridge, LinkAware, TokenAware {
  readonly kind = 'web' as const;
  private socket: WebSocket | null = null;
  private opened: Promise<WebSocket> | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private batchListeners = new Set<(batch: EventBatch) => void>();
  private linkListeners = new Set<LinkListener>();
  private retryMs = 500;
  /** The one pending reconnect (a failed command's own attempt never starts a second one). */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly url: string) {
    Object.assign(this, commandMethods((name, args) => this.call(name, Object.fromEntries(argNames(name).map((arg, i) => [arg, args[i]]))), true));
  }

  static fromLocation(token: string | null): WebBridge {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    return new WebBridge(`${proto}//${location.host}${ADMIN_SOCKET_PATH}${query}`);
  }

  onLink(listener: LinkListener): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  private connect(): Promise<WebSocket> {
    if (this.opened) return this.opened;
    this.opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.socket = ws;
      let isOpen = false;
      ws.onopen = () => {
        isOpen = true;
        this.retryMs = 500;
        resolve(ws);
        if (this.batchListeners.size > 0) void this.call('subscribe').catch(() => undefined);
        for (const l of this.linkListeners) l('open', null);
      };
      ws.onmessage = (msg) => this.onMessage(msg.data);
      ws.onerror = () => undefined; // a close event follows and says what to do
      ws.onclose = () => {
        const reason = 'Lost the link to the Switchboard server';
        this.opened = null;
        this.socket = null;
        for (const [, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new Error(reason));
        }
        this.pending.clear();
        if (isOpen) return this.linkLost(reason, true);
        reject(new Error(reason));
        // A refused upgrade looks like any lost link to a page (code 1006): ask the server why.
        void this.tokenRefused().then((refused) => (refused ? this.linkLost(TOKEN_REFUSED, false) : this.linkLost(reason, true)));
      };
    });
    return this.opened;
  }

  /** Tells the page, and retries with back-off unless retrying cannot help. */
  private linkLost(reason: string, retry: boolean): void {
    for (const l of this.linkListeners) l('lost', reason);
    if (!retry || this.closed || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) void this.connect().catch(() => undefined);
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  }

  /** True when the dashboard server answers 401 to this token (it restarted with a new one, say). */
  private async tokenRefused(): Promise<boolean> {
    try {
      const page = this.url.replace(/^ws/, 'http').replace(ADMIN_SOCKET_PATH, '/');
      return (await fetch(page, { method: 'HEAD', cache: 'no-store' })).status === 401;
    } catch {
      return false;
    }
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: AdminServerMessage;
    try {
      msg = JSON.parse(data) as AdminServerMessage;
    } catch {
      return;
    }
    if ('type' in msg) {
      if (msg.type === 'batch') for (const l of this.batchListeners) l(msg.batch);
      return;
    }
    if (msg.id === null) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if ('error' in msg) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  }

  private async call<M extends AdminMethod>(method: M, params?: Record<string, unknown>): Promise<AdminResults[M]> {
    const ws = await this.connect();
    const id = this.nextId++;
    return new Promise<AdminResults[M]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from the server`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const named = params !== undefined && Object.keys(params).length > 0;
      ws.send(JSON.stringify(named ? { id, method, params } : { id, method }));
    });
  }

  /** A new dashboard token; the server ends every session (this one too): reload with the new token. */
  async regenerateToken(): Promise<{ ok: true; token: string } | { ok: false; error: string }> {
    try {
      return await this.call('regenerateToken');
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  subscribe(listener: (batch: EventBatch) => void): () => void {
    const first = this.batchListeners.size === 0;
    this.batchListeners.add(listener);
    if (first) void this.call('subscribe').catch(() => undefined);
    return () => {
      this.batchListeners.delete(listener);
      if (this.batchListeners.size === 0 && this.socket) void this.call('unsubscribe').catch(() => undefined);
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close();
  }
}
