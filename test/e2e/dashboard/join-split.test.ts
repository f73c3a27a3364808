/**
 * A wave of peers joining is not one long task (issue 11: no task over 100 ms while 500 peers join).
 * Chromium traces of the join showed the longest task was the frame that showed the first wave: one
 * React commit that created the new traffic rows and the new Peers rows together, then styled, laid out
 * and painted both. The Peers rows now follow the peers list in a deferred render, committed in a task
 * of its own. Each commit's DOM changes reach a MutationObserver in one callback, so: no callback may add
 * both traffic rows and Peers rows — and both must still appear.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession } from './harness.js';

interface Commit {
  peers: number;
  traffic: number;
}

describe('dashboard: a wave of joining peers', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('creates the traffic rows and the Peers rows in separate commits', { timeout: 60_000 }, async () => {
    await page.evaluate(() => {
      const commits: Commit[] = [];
      (window as unknown as { __commits: Commit[] }).__commits = commits;
      new MutationObserver((records) => {
        const c = { peers: 0, traffic: 0 };
        for (const r of records)
          for (const n of r.addedNodes) {
            if (!(n instanceof Element)) continue;
            if (n.closest('.peers-inner')) c.peers++;
            else if (n.closest('[data-testid="traffic-list"]')) c.traffic++;
          }
        if (c.peers + c.traffic > 0) commits.push(c);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => stack.peer(`wave-${String(i).padStart(2, '0')}`)));
    await expect.poll(() => page.getByTestId('peer-count').textContent()).toBe('50');
    await page.locator('.peers-inner [role="row"][data-peer]').first().waitFor();
    await page.waitForTimeout(300);
    const commits = await page.evaluate(() => (window as unknown as { __commits: Commit[] }).__commits);
    expect(commits.some((c) => c.peers > 0), 'a commit created Peers rows').toBe(true);
    expect(commits.some((c) => c.traffic > 0), 'a commit created traffic rows').toBe(true);
    expect(commits.filter((c) => c.peers > 0 && c.traffic > 0), 'commits that created both').toEqual([]);
    await Promise.all(stack.clients.map((c) => c.close()));
  });
});
