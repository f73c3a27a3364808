/**
 * Keyboard in the Problems list: one tab stop for the whole list however many entries it has (its
 * buttons are not tab stops); arrow keys, Home and End move the active entry (aria-activedescendant, as
 * in the Peers and traffic tables); Enter opens the active entry's traffic row.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connect } from '../../helpers/ws-client.js';
import { type Stack, useDashboardSession } from './harness.js';

/** The peer of the list's active entry (through `aria-activedescendant`). */
const activePeer = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('[data-testid="problems-list"]');
    const id = list?.getAttribute('aria-activedescendant');
    const row = id ? document.getElementById(id) : null;
    return row?.closest('[data-problem-peer]')?.getAttribute('data-problem-peer') ?? null;
  });

describe('dashboard: Problems list keyboard', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('is one tab stop; arrow keys move between entries; Enter opens the entry’s traffic row', { timeout: 60_000 }, async () => {
    // Six refused connections (wrong key): six peers, one entry each.
    for (let i = 0; i < 6; i++) {
      const c = await connect(stack.port, { id: `kbp-${i}`, token: 'x', key: `wrong${i}` }).catch(() => null);
      await c?.closed;
    }
    await page.getByRole('tab', { name: 'Problems' }).click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('6');
    const entries = page.locator('[data-problem-peer] [data-kind]');
    await expect.poll(() => entries.count()).toBe(6);

    // Tab from the Problems tab walks the toolbar, then the list once, then leaves the panel.
    await page.getByRole('tab', { name: 'Problems' }).focus();
    const stops: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !el.closest('[data-testid="problems"]')) return null;
        return el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.tagName;
      });
      if (where === null) break;
      stops.push(where);
    }
    expect(stops.filter((s) => /traffic row|flow of/i.test(s))).toEqual([]);
    expect(stops).toContain('problems-list');
    expect(stops.length).toBeLessThanOrEqual(3);

    // The groups in the order shown (newest first).
    const order = await page.locator('[data-problem-peer]').evaluateAll((els) => els.map((el) => el.getAttribute('data-problem-peer')));
    expect([...order].sort()).toEqual(['kbp-0', 'kbp-1', 'kbp-2', 'kbp-3', 'kbp-4', 'kbp-5']);
    const list = page.getByTestId('problems-list');
    await list.focus();
    await page.keyboard.press('Home');
    expect(await activePeer(page)).toBe(order[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activePeer(page)).toBe(order[2]);
    await page.keyboard.press('ArrowUp');
    expect(await activePeer(page)).toBe(order[1]);
    await page.keyboard.press('End');
    expect(await activePeer(page)).toBe(order[5]);
    // The focus stays on the list (one tab stop), the active entry is marked for sighted users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('problems-list');
    expect(await page.locator(`[data-problem-peer="${order[5]}"] .problem.active`).count()).toBe(1);

    // Enter opens the active entry's traffic row: the Traffic tab, the refusal in the inspector.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Traffic', selected: true }).waitFor();
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    expect(await inspector.textContent()).toContain(order[4]);
    expect(await inspector.textContent()).toMatch(/refused|invalid-key/);
  });
});
