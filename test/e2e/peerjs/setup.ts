/**
 * The end-to-end rig for the real PeerJS client: a signaling server in-process, a static server on another
 * port (so the client's fetches are cross-origin and CORS is exercised for real) serving the PeerJS bundle
 * and fixtures/harness.js, and Debian Chromium with WebRTC on loopback. Needs the private network namespace
 * that `npm test` sets up (only `lo` up).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createSignalingServer, type FrameInEvent, type FrameOutEvent, type SignalingOptions, type SignalingServer } from '../../../src/core/index.js';
import { findChromium, launchChromium, type LaunchedBrowser } from '../../helpers/chromium.js';

/** Deadline for one step inside a page (open, connect, receive); well under the tests' own timeouts. */
export const STEP_MS = 15_000;

/** What a page sends or receives, as harness.js describes it. */
export type Item =
  | { t: 'string'; v: string }
  | { t: 'arraybuffer'; bytes: number[] }
  | { t: 'uint8array'; bytes: number[] }
  | { t: 'object'; v: unknown };

export type OpenResult = { ok: true; id: string } | { ok: false; type: string; message: string };
export type ConnectResult = { ok: true; peer: string } | { ok: false; type: string; message: string };
export interface ClientError {
  name: string;
  type: string;
  message: string;
}
export interface PeerState {
  id: string | null;
  open: boolean;
  disconnected: boolean;
  destroyed: boolean;
}

/** What a Peer went through while dialling an absent id over and over (harness.js `storm`). */
export interface StormResult {
  disconnected: boolean;
  errorTypes: string[];
  /** Dials connect() refused (it returns nothing once the Peer is disconnected). */
  refusedDials: number;
  dials: number;
}

/** The client options a page passes to `new peerjs.Peer(...)`. */
export interface ClientOptions {
  host: string;
  port: number;
  path: string;
  key: string;
  config: { iceServers: [] };
  debug: number;
}

interface Harness {
  openPeer(name: string, id: string | null, options: ClientOptions, ms: number): Promise<OpenResult>;
  connect(name: string, remoteId: string, ms: number): Promise<ConnectResult>;
  waitIncoming(name: string, ms: number): Promise<string>;
  waitDisconnected(name: string, ms: number): Promise<true>;
  reconnect(name: string, ms: number): Promise<OpenResult>;
  storm(name: string, remoteId: string, times: number, intervalMs: number): Promise<StormResult>;
  send(name: string, items: Item[]): Promise<number>;
  waitReceived(name: string, count: number, ms: number): Promise<Item[]>;
  listAllPeers(name: string, ms: number): Promise<string[]>;
  destroy(name: string): void;
  state(name: string): PeerState;
  errors(): ClientError[];
}

declare global {
  interface Window {
    sb: Harness;
  }
}

const FIXTURES = new URL('./fixtures/', import.meta.url);
const PEERJS_BUNDLE = new URL('../../../node_modules/peerjs/dist/peerjs.js', import.meta.url);

/** Serves the fixture page, harness.js and the PeerJS bundle on 127.0.0.1 (its own port). */
export async function startStaticServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const files: Record<string, { body: Buffer; type: string }> = {
    '/': { body: readFileSync(fileURLToPath(new URL('index.html', FIXTURES))), type: 'text/html; charset=utf-8' },
    '/harness.js': { body: readFileSync(fileURLToPath(new URL('harness.js', FIXTURES))), type: 'text/javascript' },
    '/peerjs.js': { body: readFileSync(fileURLToPath(PEERJS_BUNDLE)), type: 'text/javascript' },
  };
  const server: Server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0] ?? '/'];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One browser page running the harness, with typed calls into it. */
export class PeerPage {
  /** Uncaught page errors and console errors, for assertion messages. */
  readonly pageErrors: string[] = [];
  /**
   * Bodies of the responses to GET <key>/id this page received. Playwright may report a response a little
   * after the page used it, so poll issuedIds().
   */
  private readonly idBodies: Promise<string>[] = [];

  constructor(
    readonly page: Page,
    private readonly options: ClientOptions,
  ) {
    page.on('pageerror', (e) => this.pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.endsWith(`/${options.key}/id`)) {
        this.idBodies.push(r.text().catch((e: unknown) => `<unreadable: ${String(e)}>`));
      }
    });
  }

  /** The ids the server issued to this page so far (GET <key>/id response bodies). */
  issuedIds(): Promise<string[]> {
    return Promise.all(this.idBodies);
  }

  /** Client errors and page errors, for assertion messages. */
  async diagnostics(): Promise<string> {
    const clientErrors = await this.page.evaluate(() => window.sb.errors()).catch((e: unknown) => [String(e)]);
    return JSON.stringify({ clientErrors, pageErrors: this.pageErrors });
  }

  openPeer(name: string, id: string | null, options: ClientOptions = this.options): Promise<OpenResult> {
    return this.page.evaluate(([n, i, o, ms]) => window.sb.openPeer(n, i, o, ms), [name, id, options, STEP_MS] as const);
  }

  connect(name: string, remoteId: string): Promise<ConnectResult> {
    return this.page.evaluate(([n, r, ms]) => window.sb.connect(n, r, ms), [name, remoteId, STEP_MS] as const);
  }

  storm(name: string, remoteId: string, times: number, intervalMs: number): Promise<StormResult> {
    return this.page.evaluate(([n, r, t, i]) => window.sb.storm(n, r, t, i), [name, remoteId, times, intervalMs] as const);
  }

  waitDisconnected(name: string): Promise<true> {
    return this.page.evaluate(([n, ms]) => window.sb.waitDisconnected(n, ms), [name, STEP_MS] as const);
  }

  reconnect(name: string): Promise<OpenResult> {
    return this.page.evaluate(([n, ms]) => window.sb.reconnect(n, ms), [name, STEP_MS] as const);
  }

  waitIncoming(name: string): Promise<string> {
    return this.page.evaluate(([n, ms]) => window.sb.waitIncoming(n, ms), [name, STEP_MS] as const);
  }

  send(name: string, items: Item[]): Promise<number> {
    return this.page.evaluate(([n, list]) => window.sb.send(n, list), [name, items] as const);
  }

  waitReceived(name: string, count: number): Promise<Item[]> {
    return this.page.evaluate(([n, c, ms]) => window.sb.waitReceived(n, c, ms), [name, count, STEP_MS] as const);
  }

  listAllPeers(name: string): Promise<string[]> {
    return this.page.evaluate(([n, ms]) => window.sb.listAllPeers(n, ms), [name, STEP_MS] as const);
  }

  destroy(name: string): Promise<void> {
    return this.page.evaluate((n) => window.sb.destroy(n), name);
  }

  state(name: string): Promise<PeerState> {
    return this.page.evaluate((n) => window.sb.state(n), name);
  }
}

/** Frames the server saw and sent, from its traffic tap. */
export interface FrameLog {
  in: FrameInEvent[];
  out: FrameOutEvent[];
}

export interface Rig {
  server: SignalingServer;
  port: number;
  frames: FrameLog;
  clientOptions: ClientOptions;
  pageA: PeerPage;
  pageB: PeerPage;
  /** Opens another page on the fixture (closed with the browser). */
  newPage(): Promise<PeerPage>;
  close(): Promise<void>;
}

/**
 * Starts everything; on a failure half-way, closes what was started and rethrows.
 * Chromium missing is a failure with a clear message, never a skip.
 */
export async function startRig(serverOptions: Partial<SignalingOptions>): Promise<Rig> {
  if (findChromium() === null) {
    throw new Error('Chromium not found: the PeerJS end-to-end tests need it (apt-get install -y chromium, or set CHROMIUM_PATH)');
  }
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const fn of closers.reverse()) await fn().catch(() => undefined);
    closers.length = 0;
  };
  try {
    const server = createSignalingServer({ host: '127.0.0.1', port: 0, ...serverOptions });
    const frames: FrameLog = { in: [], out: [] };
    server.on('frame-in', (e) => frames.in.push(e));
    server.on('frame-out', (e) => frames.out.push(e));
    const { port } = await server.start();
    closers.push(() => server.stop());

    const statics = await startStaticServer();
    closers.push(() => statics.close());

    const browser: LaunchedBrowser = await launchChromium({ webrtc: true });
    closers.push(() => browser.close());

    const clientOptions: ClientOptions = {
      host: '127.0.0.1',
      port,
      path: server.options.path,
      key: server.options.key,
      config: { iceServers: [] },
      debug: 1,
    };
    const newPage = async (): Promise<PeerPage> => {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(STEP_MS + 5_000);
      const peerPage = new PeerPage(page, clientOptions);
      await page.goto(`${statics.origin}/`);
      const loaded = await page.evaluate(() => typeof window.sb === 'object' && typeof (window as { peerjs?: unknown }).peerjs === 'object');
      if (!loaded) throw new Error(`fixture page did not load peerjs.js and harness.js: ${peerPage.pageErrors.join('; ')}`);
      return peerPage;
    };
    const pageA = await newPage();
    const pageB = await newPage();
    return { server, port, frames, clientOptions, pageA, pageB, newPage, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A readable id that passes the PeerJS id rule. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Opens Peer `a` on page A and `b` on page B with server-issued ids; fails with what the clients saw. */
export async function openPair(rig: Rig, a: string, b: string): Promise<{ idA: string; idB: string }> {
  const [ra, rb] = await Promise.all([rig.pageA.openPeer(a, null), rig.pageB.openPeer(b, null)]);
  if (!ra.ok || !rb.ok) {
    throw new Error(`peers did not open: ${JSON.stringify({ ra, rb })}; A ${await rig.pageA.diagnostics()}; B ${await rig.pageB.diagnostics()}`);
  }
  return { idA: ra.id, idB: rb.id };
}

/** Opens a pair and a reliable DataConnection from `a` to `b`; fails with what the clients saw. */
export async function connectPair(rig: Rig, a: string, b: string): Promise<{ idA: string; idB: string }> {
  const ids = await openPair(rig, a, b);
  const [dialled, incoming] = await Promise.all([rig.pageA.connect(a, ids.idB), rig.pageB.waitIncoming(b)]);
  if (!dialled.ok || incoming !== ids.idA) {
    throw new Error(
      `DataConnection did not open: ${JSON.stringify({ dialled, incoming })}; A ${await rig.pageA.diagnostics()}; B ${await rig.pageB.diagnostics()}`,
    );
  }
  return ids;
}

/**
 * An item as compared on arrival: bytes and kind must match exactly, but binary is just "binary", since the
 * client's binary serializer chooses the container (a typed array arrives as an ArrayBuffer, a chunked one,
 * over 16300 bytes, is reassembled into a Uint8Array).
 */
export type Arrived = { t: 'binary'; bytes: number[] } | Extract<Item, { t: 'string' | 'object' }>;

export function asArrived(item: Item): Arrived {
  return item.t === 'arraybuffer' || item.t === 'uint8array' ? { t: 'binary', bytes: item.bytes } : item;
}

/** A mixed payload: strings (incl. non-ASCII and empty), binary (small and chunked) and structured objects. */
export function samplePayload(from: string): Item[] {
  const big = Array.from({ length: 40_000 }, (_, i) => (i * 31 + from.length) % 256);
  return [
    { t: 'string', v: `hello from ${from}` },
    { t: 'string', v: 'ünïcødé ✓ 𝄞 日本' },
    { t: 'string', v: '' },
    { t: 'arraybuffer', bytes: [0, 1, 2, 127, 128, 254, 255] },
    { t: 'uint8array', bytes: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] },
    { t: 'uint8array', bytes: big },
    { t: 'object', v: { from, n: 42, pi: 3.25, neg: -7, ok: true, none: null, list: [1, 'two', { three: 3 }], nested: { deep: { s: 'x' } } } },
    { t: 'object', v: [1, 2, 3, 'four'] },
  ];
}

/**
 * Sends a sample payload each way over an open DataConnection (`a` holds it under `aLabel`, `b` under `bLabel`) and
 * expects each side to receive exactly what the other sent, in order.
 */
export async function expectDataBothWays(a: PeerPage, aLabel: string, b: PeerPage, bLabel: string): Promise<void> {
  const fromA = samplePayload(aLabel);
  const fromB = samplePayload(bLabel);
  await a.send(aLabel, fromA);
  await b.send(bLabel, fromB);
  expect((await b.waitReceived(bLabel, fromA.length)).map(asArrived)).toEqual(fromA.map(asArrived));
  expect((await a.waitReceived(aLabel, fromB.length)).map(asArrived)).toEqual(fromB.map(asArrived));
}
