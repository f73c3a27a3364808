/**
 * Applying settings is a transaction: the new server binds before the old one closes; when it cannot
 * (port in use), the old server keeps serving every peer, nothing is saved, the error names the field,
 * and Start afterwards uses the saved settings, never the ones that failed.
 */
import { createServer as createNetServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import type { SignalingOptions } from '../../../src/core/options.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { freePort, portIsFree } from '../../helpers/net.js';

let controller: Controller | null = null;
const sockets: WebSocket[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await controller?.dispose();
  controller = null;
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function blocker(): Promise<number> {
  const s = createNetServer();
  blockers.push(s);
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
  });
}

function peer(port: number, id: string, key = 'peerjs'): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=${key}&id=${id}&token=t-${id}`);
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => (JSON.parse(String(data)).type === 'OPEN' ? resolve(ws) : reject(new Error(String(data)))));
    ws.once('error', reject);
  });
}

async function setup(overrides: Partial<Settings> = {}, factory?: (o: Partial<SignalingOptions>) => ReturnType<typeof createSignalingServer>) {
  const port = await freePort();
  const settings: Settings = { ...DEFAULT_SETTINGS, host: '127.0.0.1', port, start_on_launch: false, ...overrides };
  const store = createMemorySettingsStore(settings);
  let saves = 0;
  controller = createController({
    createServer: factory ?? createSignalingServer,
    settingsStore: { load: store.load, save: async (s) => { saves++; await store.save(s); } },
    logError: () => undefined,
  });
  return { port, settings, store, saves: () => saves, c: controller };
}

describe('controller: applying settings is a transaction', () => {
  it('a port in use: the old server keeps running with its peers, nothing saved, the error is on the port field', async () => {
    const { port, settings, store, saves, c } = await setup();
    expect(await c.start()).toEqual({ ok: true });
    const a = await peer(port, 'alice');
    const busy = await blocker();

    const result = await c.applySettings({ ...settings, port: busy, alive_timeout: 45_000 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`Port ${busy} is already in use`)) });
    expect(result.ok === false && result.issues).toEqual([{ field: 'port', message: expect.stringMatching(/already in use/) }]);

    const snap = await c.getSnapshot();
    expect(snap.state).toMatchObject({ status: 'running', port, error: null });
    expect(snap.settings).toEqual(settings);
    expect(snap.peers.map((p) => p.id)).toEqual(['alice']);
    expect(a.readyState).toBe(WebSocket.OPEN);
    expect(saves()).toBe(0);
    expect(store.current()).toEqual(settings);
    // The old server still relays: a second peer joins and reaches alice.
    const b = await peer(port, 'bob');
    const got = new Promise<string>((resolve) => a.on('message', (d) => resolve(String(d))));
    b.send(JSON.stringify({ type: 'OFFER', dst: 'alice', payload: { x: 1 } }));
    expect(JSON.parse(await got)).toMatchObject({ type: 'OFFER', src: 'bob' });

    // Start after a Stop uses the saved port, not the one that failed.
    expect(await c.stop()).toEqual({ ok: true });
    expect(await c.start()).toEqual({ ok: true });
    expect((await c.getSnapshot()).state).toMatchObject({ status: 'running', port });
  });

  it('a free port: the new server listens before the old one closes, then the settings are saved', async () => {
    const { port, settings, store, c } = await setup();
    await c.start();
    const states: string[] = [];
    c.watch((s) => states.push(`${s.state.status}:${s.state.port}`));
    const next = await freePort();
    expect(await c.applySettings({ ...settings, port: next })).toEqual({ ok: true });
    expect((await c.getSnapshot()).state).toMatchObject({ status: 'running', port: next });
    expect(store.current().port).toBe(next);
    expect(await portIsFree(port)).toBe(true);
    // Never "stopped" or "starting" in between: the service moved without a gap.
    expect(states.every((s) => s.startsWith('running'))).toBe(true);
    await peer(next, 'carol');
  });

  it('the same port (e.g. a new key): restarts in place; if the new server fails, the old settings take the port back', async () => {
    let failKey: string | null = null;
    const factory = (o: Partial<SignalingOptions>) => {
      const server = createSignalingServer(o);
      if (o.key !== failKey) return server;
      return { ...server, start: () => Promise.reject(Object.assign(new Error('boom'), { code: 'ERR_LISTEN' })) } as typeof server;
    };
    const { port, settings, store, c } = await setup({}, factory);
    await c.start();
    expect(await c.applySettings({ ...settings, key: 'class room ü' })).toEqual({ ok: true });
    await peer(port, 'dave', encodeURIComponent('class room ü'));
    expect(store.current().key).toBe('class room ü');

    failKey = 'broken';
    const result = await c.applySettings({ ...settings, key: 'broken' });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/boom/) });
    const snap = await c.getSnapshot();
    expect(snap.state).toMatchObject({ status: 'running', port });
    expect(snap.settings.key).toBe('class room ü');
    expect(store.current().key).toBe('class room ü');
    await peer(port, 'erin', encodeURIComponent('class room ü'));
  });

  it('from an error state: failing new settings are not saved; Start retries the saved ones', async () => {
    const busy = await blocker();
    const { store, c, settings } = await setup({ port: busy });
    expect((await c.start()).ok).toBe(false);
    const busy2 = await blocker();
    const result = await c.applySettings({ ...settings, port: busy2 });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'port' }] });
    expect(store.current().port).toBe(busy);
    expect((await c.getSnapshot()).settings.port).toBe(busy);
    // Free the saved port: Start now works with it (it never "remembers" busy2).
    await new Promise((r) => blockers[0]?.close(r));
    expect(await c.start()).toEqual({ ok: true });
    expect((await c.getSnapshot()).state).toMatchObject({ status: 'running', port: busy });
  });

  it('a bind address that is not ours is reported on the host field; the snapshot lists this computer\'s addresses', async () => {
    const { settings, c } = await setup();
    await c.start();
    const result = await c.applySettings({ ...settings, host: '203.0.113.7', port: await freePort() });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'host', message: expect.stringMatching(/not an address of this computer/) }] });
    const snap = await c.getSnapshot();
    expect(snap.state.status).toBe('running');
    expect(snap.localAddresses).toContain('127.0.0.1');
  });
});
