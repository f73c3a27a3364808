/**
 * The controller carries the Cluster view to UIs: in the snapshot, and in batches about once per
 * interval while someone is subscribed to a cluster member; a batch says null when the server stops.
 * Without a Redis the snapshot says null and no batch carries a view. Real redis-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createController, createMemorySettingsStore, type Controller } from '../../../src/control/index.js';
import { createSignalingServer } from '../../../src/core/index.js';
import type { EventBatch } from '../../../src/shared/control.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { sleep } from '../../helpers/ws-client.js';

let redis: TestRedis;
let controller: Controller | null = null;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await controller?.dispose();
  controller = null;
});

function make(redisUrl: string): Controller {
  return createController({
    createServer: createSignalingServer,
    settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1', redis: redisUrl }),
    overrides: { port: 0 },
    clusterIntervalMs: 200,
    logError: () => undefined,
  });
}

describe('controller: the Cluster view', () => {
  it('is in the snapshot and in batches at the cluster interval; null once the server stops', async () => {
    controller = make(redis.url);
    expect((await controller.start()).ok).toBe(true);
    const snap = await controller.getSnapshot();
    expect(snap.cluster?.redis.state).toBe('connected');
    expect(snap.cluster?.instances[0]?.self).toBe(true);
    const batches: EventBatch[] = [];
    const off = controller.subscribe((b) => batches.push(b));
    await sleep(1100);
    const views = batches.filter((b) => b.cluster !== undefined);
    // 200 ms interval over ~1.1 s: a handful, never one per 100 ms batch.
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(views.length).toBeLessThanOrEqual(7);
    expect(views.every((b) => b.cluster?.instance === snap.cluster?.instance)).toBe(true);
    await controller.stop();
    await sleep(300);
    expect(batches.find((b) => b.state?.status === 'stopped')?.cluster).toBeNull();
    const after = batches.length;
    await sleep(500);
    expect(batches.slice(after).filter((b) => b.cluster !== undefined)).toEqual([]);
    expect((await controller.getSnapshot()).cluster).toBeNull();
    off();
  });

  it('says null without a Redis, and no batch carries a view', async () => {
    controller = make('');
    expect((await controller.start()).ok).toBe(true);
    expect((await controller.getSnapshot()).cluster).toBeNull();
    const batches: EventBatch[] = [];
    const off = controller.subscribe((b) => batches.push(b));
    await sleep(600);
    expect(batches.filter((b) => b.cluster !== undefined)).toEqual([]);
    off();
  });
});
