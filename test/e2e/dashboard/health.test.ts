/**
 * Health follows the heartbeat cadence observed per peer: a client that stops beating turns amber
 * (a beat overdue), then red, and leaves the table at alive_timeout; a client beating on time stays
 * green even when alive_timeout is only twice its interval.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setTypes, type Stack, useDashboardSession } from './harness.js';

const ALIVE_TIMEOUT = 3000;

describe('dashboard: peer health against alive_timeout', () => {
  let stack: Stack;
  let page: Page;

  useDashboardSession({ alive_timeout: ALIVE_TIMEOUT }, (session) => ({ stack, page } = session));

  it('goes green → amber → red for a silent client, which then leaves; a chatty one stays green', async () => {
    const silent = await stack.peer('silent-sam');
    const chatty = await stack.peer('chatty-cat');
    const beat = setInterval(() => chatty.send({ type: 'HEARTBEAT' }), 400);
    // silent-sam beats every 700 ms four times (its cadence), then goes silent.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 700));
      silent.send({ type: 'HEARTBEAT' });
    }
    try {
      const t0 = Date.now();
      const badge = page.locator('[data-peer="silent-sam"] [data-testid="health"]');
      await badge.waitFor();
      const seen: { health: string; at: number }[] = [];
      let last = '';
      // Watch the badge until the row is gone (bounded by a generous deadline).
      while (Date.now() - t0 < ALIVE_TIMEOUT * 4) {
        const health = await badge.getAttribute('data-health', { timeout: 500 }).catch(() => null);
        if (health === null) break;
        if (health !== last) {
          seen.push({ health, at: Date.now() - t0 });
          last = health;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(`silent peer badge: ${seen.map((s) => `${s.health}@${s.at}ms`).join(' → ')}; gone by ${Date.now() - t0} ms`);
      expect(seen.map((s) => s.health)).toEqual(['ok', 'late', 'dying']);
      await page.locator('[data-peer="silent-sam"]').waitFor({ state: 'detached', timeout: ALIVE_TIMEOUT * 2 });
      const closed = await silent.closed;
      expect(closed.code).toBeGreaterThanOrEqual(1000);
      // On time, it is green. Polled: a beat the loaded test process itself sent late may show amber for one beat.
      await expect.poll(() => page.locator('[data-peer="chatty-cat"] [data-testid="health"]').getAttribute('data-health')).toBe('ok');
      // The traffic shows why it left.
      await setTypes(page, ['closed']);
      await expect.poll(() => page.locator('[data-testid="traffic-list"] [role="option"]').allTextContents()).toEqual([expect.stringContaining('timeout')]);
    } finally {
      clearInterval(beat);
    }
  });
});
