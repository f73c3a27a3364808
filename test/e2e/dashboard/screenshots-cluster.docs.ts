/**
 * Renders docs/screenshot-cluster.png: the Cluster view of a three-instance cluster on one real
 * redis-server, a classroom spread over the instances, cross-instance negotiations, and an OFFER
 * waiting in Redis for a student who has not connected. Not part of `npm test` (it writes into docs/):
 * `npm run screenshots` runs it.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../../../src/core/index.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { connect, type TestClient } from '../../helpers/ws-client.js';
import type { LaunchedBrowser } from '../../helpers/chromium.js';
import { launchChromium, openDashboard, startStack, type Stack } from './harness.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fixed ports when free (they are in the test's private network namespace), for a readable shot. */
const PORTS = [9000, 9001, 9002];

describe('docs screenshot: Cluster view', () => {
  let redis: TestRedis | null = null;
  let stack: Stack | null = null;
  let browser: LaunchedBrowser | null = null;
  const others: SignalingServer[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    await browser?.close();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(others.map((s) => s.stop()));
    await stack?.close();
    await redis?.stop();
  });

  it('captures a three-instance classroom', { timeout: 120_000 }, async () => {
    redis = await startRedis();
    stack = await startStack({ redis: redis.url, port: PORTS[0] as number, alive_timeout: 30_000 });
    const ports = [stack.controller.status().state.port as number];
    for (const port of PORTS.slice(1)) {
      const s = createSignalingServer({ host: '127.0.0.1', port, cluster: { redis: redis.url } });
      others.push(s);
      ports.push((await s.start()).port);
    }
    const ids = ['teacher-laptop', 'projector-room-12', 'alice-pixel-8', 'bob-thinkpad', 'carol-ipad', 'dan-chromebook', 'erin-surface', 'farid-macbook', 'gina-galaxy-tab'];
    const peers = new Map<string, TestClient>();
    for (const [i, id] of ids.entries()) {
      const c = await connect(ports[i % ports.length] as number, { id, token: `tok-${id}` });
      await c.next((m) => m.type === 'OPEN');
      clients.push(c);
      peers.set(id, c);
    }
    const heartbeat = setInterval(() => {
      for (const c of peers.values()) c.send({ type: 'HEARTBEAT' });
    }, 4000);
    browser = await launchChromium();
    const page = await openDashboard(browser, stack);
    await page.setViewportSize({ width: 1440, height: 900 });
    try {
      // Negotiations across instances, a few rounds so the rates and percentiles are live.
      for (let round = 0; round < 6; round += 1) {
        for (let i = 0; i < ids.length; i += 1) {
          const from = peers.get(ids[i] as string);
          const to = ids[(i + 1 + round) % ids.length] as string;
          from?.send({ type: 'OFFER', dst: to, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: `dc_${round}_${i}` } });
          for (let k = 0; k < 4; k += 1) from?.send({ type: 'CANDIDATE', dst: to, payload: { candidate: { candidate: `candidate:${k} 1 udp 2122260223 192.168.1.${20 + i} 5${k}000 typ host`, sdpMid: '0' }, type: 'data', connectionId: `dc_${round}_${i}` } });
        }
        await sleep(400);
      }
      peers.get('carol-ipad')?.send({ type: 'OFFER', dst: 'hamid-phone', payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_wait' } });
      await page.getByRole('tab', { name: 'Cluster' }).click();
      await expect.poll(() => page.getByTestId('instance-row').count(), { timeout: 15_000 }).toBe(3);
      await expect.poll(() => page.locator('[data-testid="instance-latency"]').allTextContents(), { timeout: 15_000 }).not.toContain('—');
      await page.locator('[data-testid="instance-ids"]').first().evaluate((el) => el.setAttribute('open', ''));
      await page.locator('[data-testid="instance-ids"]').nth(1).evaluate((el) => el.setAttribute('open', ''));
      await page.emulateMedia({ colorScheme: 'light' });
      await sleep(1200);
      await page.screenshot({ path: `${DOCS}screenshot-cluster.png` });
    } finally {
      clearInterval(heartbeat);
    }
  });
});
