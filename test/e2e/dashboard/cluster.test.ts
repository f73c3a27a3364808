/**
 * The Cluster view in real Chromium against two instances sharing a real redis-server: the tab lists
 * both instances with their client counts, cross-instance latency appears after cross-instance
 * traffic, the Peers table and the inspector say which instance holds a peer, and a stopped Redis
 * makes the view (and a banner) say degraded. Outside cluster mode the tab says how to join one.
 */
import { hostname } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../../../src/core/index.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { connect, type TestClient } from '../../helpers/ws-client.js';
import { launchChromium, openDashboard, startStack, type Stack } from './harness.js';
import type { LaunchedBrowser } from '../../helpers/chromium.js';

describe('dashboard: Cluster view', () => {
  let redis: TestRedis;
  let stack: Stack;
  let other: SignalingServer;
  let otherPort: number;
  let browser: LaunchedBrowser;
  let page: Page;
  const remote: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ redis: redis.url });
    other = createSignalingServer({ host: '127.0.0.1', port: 0, cluster: { redis: redis.url } });
    otherPort = (await other.start()).port;
    browser = await launchChromium();
    page = await openDashboard(browser, stack);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(remote.map((c) => c.close().catch(() => undefined)));
    await other?.stop();
    await stack?.close();
    await redis?.stop();
  });

  async function remotePeer(id: string): Promise<TestClient> {
    const c = await connect(otherPort, { id, token: `tok-${id}` });
    remote.push(c);
    await c.next((m) => m.type === 'OPEN');
    return c;
  }

  it('lists both instances with their clients; latency appears after cross-instance traffic', { timeout: 60_000 }, async () => {
    const alice = await stack.peer('alice');
    await stack.peer('carol');
    const bob = await remotePeer('bob');
    await page.getByRole('tab', { name: 'Cluster' }).click();
    const view = page.getByTestId('cluster-view');
    await view.waitFor();
    expect(await page.getByTestId('redis-state').textContent()).toBe('connected');
    const rows = page.getByTestId('instance-row');
    // Each instance publishes its figures with its lease renewal (every 2 s).
    await expect.poll(() => rows.count()).toBe(2);
    const self = page.locator('[data-testid="instance-row"][data-self="true"]');
    const theOther = page.locator('[data-testid="instance-row"]:not([data-self])');
    await expect.poll(() => self.getByTestId('instance-clients').textContent()).toBe('2');
    await expect.poll(() => theOther.getByTestId('instance-clients').textContent()).toBe('1');
    expect(await theOther.locator('th').textContent()).toContain(`${hostname()}:${otherPort}`);
    expect(await self.locator('th').textContent()).toContain(`${hostname()}:${stack.port}`);
    expect(await page.getByTestId('cluster-registry').locator('dd').textContent()).toBe('3');
    expect(await page.getByTestId('cluster-latency').locator('dd').textContent()).toBe('no cross-instance frame yet');
    // Cross-instance traffic both ways.
    for (let i = 0; i < 20; i += 1) {
      alice.send({ type: 'CANDIDATE', dst: 'bob', payload: { candidate: `c${i}` } });
      bob.send({ type: 'CANDIDATE', dst: 'alice', payload: { candidate: `d${i}` } });
    }
    alice.send({ type: 'OFFER', dst: 'bob', payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_x' } });
    await bob.next((m) => m.type === 'OFFER');
    await expect.poll(() => page.getByTestId('cluster-latency').locator('dd').textContent()).toMatch(/^p50 [\d.]+ (ms|s) · p99 [\d.]+ (ms|s)$/);
    await expect.poll(() => self.getByTestId('instance-latency').textContent()).toMatch(/^[\d.]+ (ms|s) \/ [\d.]+ (ms|s)$/);
    await expect.poll(() => theOther.getByTestId('instance-latency').textContent(), { timeout: 15_000 }).toMatch(/^[\d.]+ (ms|s) \/ [\d.]+ (ms|s)$/);
    // The ids each instance holds.
    const lists = await page.getByTestId('instance-ids').allTextContents();
    expect(lists.some((t) => t.includes('bob'))).toBe(true);
  });

  it('shows the instance of each peer: an Instance column in Peers, and both ends in the inspector', { timeout: 60_000 }, async () => {
    await page.getByRole('tab', { name: 'Peers' }).click();
    const grid = page.getByTestId('peers-table');
    await grid.getByRole('columnheader', { name: 'Instance' }).waitFor();
    await expect.poll(() => grid.locator('[data-peer="alice"] [data-testid="peer-instance"]').textContent()).toBe(`${hostname()}:${stack.port}`);
    // The inspector of the OFFER alice → bob: alice here, bob on the other instance.
    await page.getByRole('tab', { name: 'Traffic' }).click();
    await page.getByTestId('filter-type').click();
    await page.getByTestId('type-OFFER').check();
    await page.getByTestId('filter-type').click();
    await page.locator('[data-testid="traffic-list"] [role="option"]').first().click();
    await page.getByTestId('inspector').waitFor();
    expect(await page.locator('[data-testid="inspector-instance"][data-peer="alice"]').textContent()).toBe(`${hostname()}:${stack.port} (this one)`);
    expect(await page.locator('[data-testid="inspector-instance"][data-peer="bob"]').textContent()).toBe(`${hostname()}:${otherPort}`);
  });

  it('says degraded, since when and why, when Redis stops (and shows a banner)', { timeout: 60_000 }, async () => {
    await page.getByRole('tab', { name: 'Cluster' }).click();
    await redis.stop();
    await expect.poll(() => page.getByTestId('redis-state').textContent(), { timeout: 20_000 }).toMatch(/^(degraded|fenced)$/);
    expect(await page.getByTestId('redis-why').textContent()).toMatch(/Redis|lease/);
    expect(await page.getByTestId('redis-link').textContent()).toMatch(/Since \d\d:\d\d:\d\d/);
    await page.getByTestId('cluster-banner').waitFor();
    expect(await page.getByTestId('cluster-banner').textContent()).toMatch(/^Cluster (degraded|fenced):/);
    // Redis cannot be asked: this instance alone, still with its own clients.
    await expect.poll(() => page.getByTestId('instance-row').count()).toBe(1);
    expect(await page.locator('[data-testid="instance-row"][data-self="true"] [data-testid="instance-clients"]').textContent()).toBe('2');
  });
});

describe('dashboard: Cluster tab outside cluster mode', () => {
  let stack: Stack;
  let browser: LaunchedBrowser;
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('says plainly how to join a cluster; the Peers table has no Instance column', { timeout: 60_000 }, async () => {
    stack = await startStack();
    browser = await launchChromium();
    const page = await openDashboard(browser, stack);
    await page.setViewportSize({ width: 1440, height: 900 });
    await stack.peer('alice');
    await page.getByRole('tab', { name: 'Cluster' }).click();
    expect(await page.getByTestId('cluster-none').textContent()).toContain('Not in a cluster — start with --redis <url>');
    await page.getByRole('tab', { name: 'Peers' }).click();
    await page.locator('[data-testid="peers-table"] [data-peer="alice"]').waitFor();
    expect(await page.getByTestId('peers-table').getByRole('columnheader', { name: 'Instance' }).count()).toBe(0);
  });
});
