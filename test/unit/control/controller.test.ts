import { spawnSync } from 'node:child_process';
import { createServer as createNetServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createFileSettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import type { EventBatch } from '../../../src/shared/control.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { portIsFree } from '../../helpers/net.js';

const DIST_CONTROL = fileURLToPath(new URL('../../../dist/control/index.js', import.meta.url));
const DIST_CORE = fileURLToPath(new URL('../../../dist/core/index.js', import.meta.url));

let dir: string;
let controller: Controller | null = null;
const sockets: WebSocket[] = [];
const blockers: Server[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-controller-'));
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await controller?.dispose();
  controller = null;
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

const LOCAL: Settings = { ...DEFAULT_SETTINGS, host: '127.0.0.1', start_on_launch: false };

function make(settings: Settings = LOCAL, extra: { port0?: boolean; batchMaxEvents?: number } = {}): Controller {
  const store = createFileSettingsStore(join(dir, 'settings.json'));
  // The store starts from what is on disk: write the test's settings first.
  return createController({
    createServer: createSignalingServer,
    settingsStore: { load: () => ({ settings, notice: null }), save: (s) => store.save(s) },
    overrides: extra.port0 === false ? {} : { port: 0 },
    batchMaxEvents: extra.batchMaxEvents,
  });
}

function listenBlocker(host = '127.0.0.1'): Promise<number> {
  const s = createNetServer();
  blockers.push(s);
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, host, () => resolve((s.address() as { port: number }).port));
  });
}

function connect(port: number, id: string, key = 'peerjs'): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=${key}&id=${id}&token=t-${id}`);
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string };
      if (msg.type === 'OPEN') resolve(ws);
      else reject(new Error(`expected OPEN, got ${String(data)}`));
    });
    ws.once('error', reject);
  });
}

function nextBatch(batches: EventBatch[], predicate: (b: EventBatch) => boolean): Promise<EventBatch> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = batches.find(predicate);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > 10_000) {
        clearInterval(poll);
        reject(new Error('no matching batch within 10 s'));
      }
    }, 20);
  });
}

describe('controller with the real core', () => {
  it('starts, reports state and addresses, streams batches, disconnects a peer and stops freeing the port', async () => {
    controller = make();
    const batches: EventBatch[] = [];
    const unsubscribe = controller.subscribe((b) => batches.push(b));
    expect(await controller.start()).toEqual({ ok: true });
    const snap = await controller.getSnapshot();
    expect(snap.state.status).toBe('running');
    expect(snap.state.host).toBe('127.0.0.1');
    const port = snap.state.port ?? 0;
    expect(port).toBeGreaterThan(0);
    expect(snap.state.addresses).toEqual([`http://127.0.0.1:${port}/`]);
    expect(snap.readOnly).toBe(false);

    await connect(port, 'alice');
    const withPeer = await nextBatch(batches, (b) => (b.peers ?? []).some((p) => p.id === 'alice'));
    expect(withPeer.stats.peers).toBe(1);
    const all = batches.flatMap((b) => b.events);
    expect(all.some((e) => e.kind === 'connection-opened' && e.id === 'alice')).toBe(true);
    expect(batches.some((b) => b.state?.status === 'running')).toBe(true);
    expect(controller.status().peerCount).toBe(1);

    expect(await controller.disconnectPeer('nobody')).toMatchObject({ ok: false, error: expect.stringMatching(/nobody/) });
    expect(await controller.disconnectPeer('alice')).toEqual({ ok: true });
    await nextBatch(batches, (b) => b.events.some((e) => e.kind === 'connection-closed' && e.reason === 'kicked'));

    expect((await controller.getRecentEvents()).some((e) => e.kind === 'connection-opened')).toBe(true);
    expect(await controller.stop()).toEqual({ ok: true });
    expect((await controller.getSnapshot()).state.status).toBe('stopped');
    expect(await portIsFree(port)).toBe(true);
    expect(await controller.disconnectPeer('alice')).toMatchObject({ ok: false });
    unsubscribe();
  });

  it('caps a batch and counts the rest as dropped; stops delivering after unsubscribe', async () => {
    controller = make(LOCAL, { batchMaxEvents: 3 });
    await controller.start();
    const port = (await controller.getSnapshot()).state.port ?? 0;
    const batches: EventBatch[] = [];
    const unsubscribe = controller.subscribe((b) => batches.push(b));
    const a = await connect(port, 'a');
    await connect(port, 'b');
    for (let i = 0; i < 20; i++) a.send(JSON.stringify({ type: 'CANDIDATE', dst: 'b', payload: { i } }));
    await nextBatch(batches, (b) => b.dropped > 0);
    for (const b of batches) expect(b.events.length).toBeLessThanOrEqual(3);
    unsubscribe();
    const count = batches.length;
    for (let i = 0; i < 5; i++) a.send(JSON.stringify({ type: 'CANDIDATE', dst: 'b', payload: { i } }));
    await new Promise((r) => setTimeout(r, 400));
    expect(batches.length).toBe(count);
  });

  it('does not buffer events while nobody is subscribed', async () => {
    controller = make();
    await controller.start();
    const port = (await controller.getSnapshot()).state.port ?? 0;
    await connect(port, 'early');
    const batches: EventBatch[] = [];
    controller.subscribe((b) => batches.push(b));
    await connect(port, 'late');
    await nextBatch(batches, (b) => b.events.some((e) => e.kind === 'connection-opened' && e.id === 'late'));
    const ids = batches.flatMap((b) => b.events).flatMap((e) => (e.kind === 'connection-opened' ? [e.id] : []));
    expect(ids).toEqual(['late']);
  });

  it('turns "port in use" into an error state with a clear message, then recovers with new settings', async () => {
    const busy = await listenBlocker();
    controller = make({ ...LOCAL, port: busy }, { port0: false });
    const seen: string[] = [];
    controller.watch((s) => seen.push(s.state.status));
    const result = await controller.start();
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`Port ${busy} is already in use`)) });
    const state = (await controller.getSnapshot()).state;
    expect(state.status).toBe('error');
    expect(state.error).toMatch(/already in use/);
    expect(seen).toEqual(['starting', 'error']);

    const free = await listenBlocker();
    await new Promise((r) => blockers.pop()?.close(r));
    const applied = await controller.applySettings({ ...LOCAL, port: free });
    expect(applied).toEqual({ ok: true });
    expect((await controller.getSnapshot()).state).toMatchObject({ status: 'running', port: free, error: null });
  });

  it('turns a bind address that is not ours into an error state', async () => {
    controller = make({ ...LOCAL, host: '203.0.113.7' });
    const result = await controller.start();
    expect(result.ok).toBe(false);
    const state = (await controller.getSnapshot()).state;
    expect(state.status).toBe('error');
    expect(state.error).toMatch(/203\.0\.113\.7/);
  });

  it('turns "permission denied" (port 80 as a normal user) into an error state', async () => {
    if (process.getuid?.() !== 0) {
      controller = make({ ...LOCAL, port: 80 }, { port0: false });
      expect(await controller.start()).toMatchObject({ ok: false, error: expect.stringMatching(/Permission denied/) });
      return;
    }
    // Root may bind port 80, so run the same check in a user namespace (no capabilities over this network
    // namespace, files still readable as their owner) against the built code (npm test builds first).
    const script = [
      `import { createController, createMemorySettingsStore } from ${JSON.stringify(DIST_CONTROL)};`,
      `import { createSignalingServer } from ${JSON.stringify(DIST_CORE)};`,
      `const c = createController({ createServer: createSignalingServer, settingsStore: createMemorySettingsStore(${JSON.stringify({ ...LOCAL, port: 80 })}) });`,
      'const r = await c.start(); const s = (await c.getSnapshot()).state; await c.dispose();',
      'process.stdout.write(JSON.stringify({ r, s }));',
    ].join('\n');
    const child = spawnSync('unshare', ['--user', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(child.status, child.stderr).toBe(0);
    const { r, s } = JSON.parse(child.stdout) as { r: { ok: boolean; error?: string }; s: { status: string; error: string } };
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/Permission denied/) });
    expect(s.status).toBe('error');
  });

  it('refuses invalid settings and changes nothing; valid settings are saved and restart the server', async () => {
    controller = make();
    await controller.start();
    const before = await controller.getSnapshot();
    const bad = await controller.applySettings({ ...LOCAL, key: '', expire_timeout: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues?.map((i) => i.field).sort()).toEqual(['expire_timeout', 'key']);
    const after = await controller.getSnapshot();
    expect(after.settings).toEqual(before.settings);
    expect(after.state).toEqual(before.state);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);

    const good = await controller.applySettings({ ...LOCAL, key: 'classroom' });
    expect(good).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).key).toBe('classroom');
    const restarted = await controller.getSnapshot();
    expect(restarted.state.status).toBe('running');
    expect(restarted.settings.key).toBe('classroom');
    await connect(restarted.state.port ?? 0, 'student', 'classroom');
  });

  it('keeps the server (and its peers) up when only app settings change', async () => {
    controller = make();
    await controller.start();
    const port = (await controller.getSnapshot()).state.port ?? 0;
    await connect(port, 'stays');
    expect(await controller.applySettings({ ...LOCAL, start_at_login: true, start_on_launch: true })).toEqual({ ok: true });
    const snap = await controller.getSnapshot();
    expect(snap.settings.start_at_login).toBe(true);
    expect(snap.peers.map((p) => p.id)).toEqual(['stays']);
  });

  it('applies settings without starting a stopped server', async () => {
    controller = make();
    expect(await controller.applySettings({ ...LOCAL, max_queue: 5 })).toEqual({ ok: true });
    expect((await controller.getSnapshot()).state.status).toBe('stopped');
  });

  it('refuses every command in read-only mode', async () => {
    const store = createFileSettingsStore(join(dir, 'settings.json'));
    controller = createController({ createServer: createSignalingServer, settingsStore: store, readOnly: true });
    for (const r of [await controller.start(), await controller.stop(), await controller.applySettings(LOCAL), await controller.disconnectPeer('x')]) {
      expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    }
    expect((await controller.getSnapshot()).readOnly).toBe(true);
  });
});
