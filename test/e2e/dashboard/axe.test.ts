/**
 * axe-core (injected from node_modules) finds no serious or critical violation on any tab, in light
 * and dark, at 900 px and 1440 px wide, on a dashboard with peers, traffic, problems and a flow; and on
 * the Cluster view and the Peers table of a 2-instance cluster (real redis-server), connected and degraded.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../../../src/core/index.js';
import type { Settings } from '../../../src/shared/settings.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { connect } from '../../helpers/ws-client.js';
import { classroom, type Classroom } from './classroom.js';
import { type Stack, useDashboardSession } from './harness.js';
import { negotiate } from './negotiation.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TABS = ['Traffic', 'Problems', 'Peers', 'Flows', 'Stats', 'Cluster', 'Settings'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the dashboard's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('dashboard: accessibility (axe-core)', () => {
  let stack: Stack;
  let page: Page;
  let room: Classroom;
  useDashboardSession({ alive_timeout: 2500, expire_timeout: 1500 }, (session) => ({ stack, page } = session));

  it('has no serious or critical violation on any tab, light and dark, at 900 and 1440 px', { timeout: 240_000 }, async () => {
    room = await classroom(stack, 6);
    const a = await stack.peer('axe-a');
    const b = await stack.peer('axe-b');
    await negotiate(a, 'axe-a', b, 'axe-b');
    await page.locator('[data-departed="mallory-old-tablet"]').waitFor({ timeout: 15_000 });
    const report: string[] = [];
    for (const width of [900, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const tab of TABS) {
          await page.getByRole('tab', { name: tab, exact: false }).first().click();
          if (tab === 'Traffic') await page.locator('[data-testid="traffic-list"] [role="option"]').first().click();
          if (tab === 'Flows') await page.locator('[data-testid="ladder"] [data-step]').first().click();
          await page.waitForTimeout(150);
          for (const v of await seriousViolations(page)) {
            report.push(`${width}px ${scheme} ${tab}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n    ')}`);
          }
        }
      }
    }
    room.stopHeartbeats();
    expect(report, report.join('\n')).toEqual([]);
  });
});

describe('dashboard: accessibility of the Cluster view (axe-core)', () => {
  let stack: Stack;
  let page: Page;
  let redis: TestRedis;
  let other: SignalingServer;
  const settings: Partial<Settings> = {};
  beforeAll(async () => {
    redis = await startRedis();
    settings.redis = redis.url;
    other = createSignalingServer({ host: '127.0.0.1', port: 0, cluster: { redis: redis.url } });
  });
  useDashboardSession(settings, (session) => ({ stack, page } = session));
  afterAll(async () => {
    await other.stop();
    await redis.stop();
  });

  it('has no serious or critical violation on Cluster and Peers, light and dark, connected and degraded', { timeout: 120_000 }, async () => {
    const port = (await other.start()).port;
    const a = await stack.peer('axe-a');
    const b = await connect(port, { id: 'axe-b', token: 't' });
    await b.next((m) => m.type === 'OPEN');
    for (let i = 0; i < 5; i += 1) a.send({ type: 'CANDIDATE', dst: 'axe-b', payload: i });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('tab', { name: 'Cluster' }).click();
    await expect.poll(() => page.getByTestId('instance-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('cluster-latency').locator('dd').textContent()).toMatch(/^p50/);
    const report: string[] = [];
    const check = async (when: string) => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const tab of ['Cluster', 'Peers']) {
          await page.getByRole('tab', { name: tab }).click();
          if (tab === 'Cluster') for (const d of await page.locator('[data-testid="instance-ids"]').all()) await d.evaluate((el) => el.setAttribute('open', ''));
          await page.waitForTimeout(150);
          for (const v of await seriousViolations(page)) report.push(`${when} ${scheme} ${tab}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
        }
      }
    };
    await check('connected');
    await redis.stop();
    await page.getByRole('tab', { name: 'Cluster' }).click();
    await expect.poll(() => page.getByTestId('redis-state').textContent(), { timeout: 20_000 }).toMatch(/degraded|fenced/);
    await check('degraded');
    await b.close();
    expect(report, report.join('\n')).toEqual([]);
  });
});
