/**
 * Keyboard: a skip link; the Peers table is one tab stop however many peers there are (arrow keys
 * inside, Enter shows the peer's traffic, Delete disconnects); the tabs are reached in a few presses.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession } from './harness.js';

describe('dashboard: keyboard', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('offers a skip link first, and reaches the tabs in a few presses with 40 peers', { timeout: 60_000 }, async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => stack.peer(`kb-${String(i).padStart(2, '0')}`)));
    await expect.poll(() => page.getByTestId('peer-count').textContent()).toBe('40');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Skip to');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('workspace');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');

    // From the top, the Traffic tab is reached in a bounded number of presses (no stop per peer).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let presses = 0;
    for (; presses < 60; presses++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')) break;
    }
    expect(presses).toBeLessThan(25);
    const stopsInPeers = await page.evaluate(() => [...document.querySelectorAll('.peers-card [tabindex="0"], .peers-card button:not([tabindex="-1"]), .peers-card input, .peers-card select')].length);
    expect(stopsInPeers).toBeLessThanOrEqual(5);
  });

  it('moves inside the peers table with arrow keys; Enter filters the traffic to the peer; Delete disconnects', async () => {
    await page.getByTestId('peer-sort').selectOption('id');
    const grid = page.getByTestId('peers-table').first();
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(() => {
      const g = document.querySelector('[data-testid="peers-table"]');
      const id = g?.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.getAttribute('data-peer') : null;
    });
    expect(active).toBe('kb-02');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('filter-peer').inputValue()).toBe('kb-02');
    await grid.focus();
    await page.keyboard.press('Delete');
    await page.locator('[data-peer="kb-02"]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-departed="kb-02"]').textContent()).toContain('disconnected from the dashboard');
  });
});
