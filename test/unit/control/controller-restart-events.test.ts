/**
 * Pull mode across a restart: the events of the old server that no batch has carried yet (its peers
 * closing with reason server-stop) still reach subscribers when a new server takes its place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import type { EventBatch } from '../../../src/shared/control.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

let controller: Controller | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await controller?.dispose();
  controller = null;
});

function open(port: number, id: string): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t-${id}`);
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('controller pull mode across a restart', () => {
  it('delivers the old server\'s last events when applySettings restarts it', async () => {
    const settings = { ...DEFAULT_SETTINGS, host: '127.0.0.1', start_on_launch: false };
    controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore(settings),
      overrides: { port: 0 },
      // Long enough that no timer flush falls between the old server's stop and the new one's start.
      batchIntervalMs: 1500,
    });
    const batches: EventBatch[] = [];
    controller.subscribe((b) => batches.push(b));
    expect(await controller.start()).toEqual({ ok: true });
    const port = (await controller.getSnapshot()).state.port ?? 0;
    await open(port, 'alice');
    const events = () => batches.flatMap((b) => b.events);
    await waitFor(() => events().some((e) => e.kind === 'connection-opened' && e.id === 'alice'), 'alice opened');

    expect(await controller.applySettings({ ...settings, key: 'other' })).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 1600)); // one timer flush after the restart
    expect(events().some((e) => e.kind === 'connection-closed' && e.id === 'alice' && e.reason === 'server-stop')).toBe(true);
  });
});
