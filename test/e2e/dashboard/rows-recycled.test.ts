/**
 * The virtualised lists stay cheap to scroll (issue 11, Peers scroll p95 ≤ 20 ms): a Peers row is a few
 * elements (no hidden label box, no wrapper per cell), and rows scrolled in — or new traffic streaming in —
 * reuse the row elements of the rows that left instead of creating new ones. Chromium traces showed that
 * creating, styling, laying out and painting each entering row cost ~1.5 ms.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession, visibleRows } from './harness.js';

/** Marks every row element of `selector` now in the page; returns how many there are. */
const mark = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => {
    for (const el of els) (el as HTMLElement & { seen?: boolean }).seen = true;
    return els.length;
  });
/** Rows of `selector` that are new elements (not marked) and the items they show. */
const fresh = (page: Page, selector: string, attr: string) =>
  page.$$eval(
    selector,
    (els, a) => ({ created: els.filter((el) => !(el as HTMLElement & { seen?: boolean }).seen).length, shown: els.map((el) => el.getAttribute(a) ?? '') }),
    attr,
  );

describe('dashboard: light, recycled list rows', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('keeps a Peers row to 13 elements, and scrolls by reusing row elements', { timeout: 90_000 }, async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => stack.peer(`row-${String(i).padStart(3, '0')}`)));
    await page.getByRole('tab', { name: 'Peers', exact: true }).click();
    await expect.poll(() => page.getByTestId('peer-count-full').textContent()).toBe('120');
    await page.getByTestId('peer-sort').last().selectOption('id');
    const rows = '.peers-full .peers-inner [role="row"]';
    await page.locator(`${rows}[data-peer="row-000"]`).waitFor();

    const sizes = await page.$$eval(rows, (els) => els.map((el) => el.querySelectorAll('*').length + 1));
    expect(Math.max(...sizes), 'elements per Peers row').toBeLessThanOrEqual(13);
    expect(await page.locator(`${rows} .visually-hidden`).count(), 'hidden label boxes in rows').toBe(0);
    // Still named for assistive technology and still a Disconnect button per connected row.
    expect(await page.locator(`${rows}[data-peer="row-001"] [data-testid="health"]`).getAttribute('aria-label')).toMatch(/^healthy/i);
    expect(await page.getByRole('button', { name: 'Disconnect row-001' }).count()).toBe(1);

    const grid = page.locator('.peers-full [data-testid="peers-table"]');
    const box = await grid.boundingBox();
    if (!box) throw new Error('no Peers grid');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    // Off the top first (the rows rendered above the viewport are then there too), then the measured step.
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(300);
    const before = await mark(page, rows);
    const shownBefore = (await fresh(page, rows, 'data-peer')).shown;
    await page.mouse.wheel(0, 600);
    await page.locator(`${rows}[data-peer="row-000"]`).waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    const after = await fresh(page, rows, 'data-peer');
    expect(after.shown.filter((id) => !shownBefore.includes(id)).length, 'peers scrolled in').toBeGreaterThanOrEqual(15);
    expect(after.created, `row elements created by a 600 px scroll (of ${before})`).toBe(0);
    // The rows still say where they are: drawn top to bottom in id order, whatever their DOM order.
    const order = await page.$$eval(rows, (els) =>
      els
        .map((el) => ({ y: el.getBoundingClientRect().top, id: el.getAttribute('data-peer') ?? '', index: Number(el.getAttribute('aria-rowindex')) }))
        .sort((a, b) => a.y - b.y),
    );
    expect(order.map((r) => r.id)).toEqual([...order.map((r) => r.id)].sort());
    expect(order.map((r) => r.index)).toEqual([...order.map((r) => r.index)].sort((a, b) => a - b));
    await Promise.all(stack.clients.map((c) => c.close()));
  });

  it('streams new traffic into the row elements already there, each row drawing only the detail that fits', { timeout: 60_000 }, async () => {
    await page.getByRole('tab', { name: 'Traffic' }).click();
    const a = await stack.peer('stream-a');
    await stack.peer('stream-b');
    for (let i = 0; i < 200; i++) a.send({ type: 'CANDIDATE', dst: 'stream-b', payload: { n: i, connectionId: 'dc_1' } });
    const rows = '[data-testid="traffic-list"] [role="option"]';
    await expect.poll(async () => (await visibleRows(page)).at(-1), { timeout: 10_000 }).toContain('CANDIDATE stream-a → stream-b');
    await page.waitForTimeout(500);
    const before = await mark(page, rows);
    const seqs = (await fresh(page, rows, 'data-seq')).shown;
    // Frames longer than any row can show (a real SDP is kilobytes).
    const long = 'candidate:1 1 udp 2122260223 192.168.1.23 50968 typ host '.repeat(8);
    for (let i = 0; i < 200; i++) a.send({ type: 'CANDIDATE', dst: 'stream-b', payload: { n: 200 + i, connectionId: 'dc_1', candidate: long } });
    await expect.poll(async () => (await fresh(page, rows, 'data-seq')).shown.every((s) => !seqs.includes(s)), { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(300);
    const after = await fresh(page, rows, 'data-seq');
    expect(after.created, `traffic row elements created by 200 new rows (of ${before})`).toBe(0);
    // Text is laid out (shaped) whole, clipped or not: a row holds no more detail than the list is wide.
    const { width, longest } = await page.$eval('[data-testid="traffic-list"]', (el) => ({
      width: el.clientWidth,
      longest: Math.max(...[...el.querySelectorAll('[role="option"] .detail')].map((d) => d.textContent?.length ?? 0)),
    }));
    expect(longest, `detail characters in a ${width} px list`).toBeGreaterThan(width / 8);
    expect(longest, `detail characters in a ${width} px list`).toBeLessThanOrEqual(Math.ceil(width / 6));
  });
});
