/**
 * Pause freezes exactly what is on screen: the rows stay even after the ring buffer has moved far past
 * them, with a count of what arrived since; Resume shows the live list again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession, visibleRows } from './harness.js';
import { waitCount } from './negotiation.js';

const RING = 300;

describe('dashboard: pause during a burst', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session), { history: { maxEvents: RING, maxBytes: 16 * 1024 * 1024 } });

  it('keeps the paused rows aside from the ring buffer and counts what arrived since', { timeout: 60_000 }, async () => {
    const a = await stack.peer('pause-a');
    const b = await stack.peer('pause-b');
    for (let i = 0; i < 100; i++) a.send({ type: 'CANDIDATE', dst: 'pause-b', payload: { n: i } });
    await waitCount(b, 'CANDIDATE', 100);
    const count = page.getByTestId('row-count');
    await expect.poll(() => count.textContent()).toMatch(/^10[0-9] shown/);
    const before = await visibleRows(page);
    const shown = Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    await page.getByTestId('pause').click();
    // Ten ring buffers' worth of newer traffic.
    for (let i = 0; i < RING * 10; i++) b.send({ type: 'ANSWER', dst: 'pause-a', payload: { n: i } });
    await waitCount(a, 'ANSWER', RING * 10, 0, 20_000);
    await expect.poll(async () => Number(/(\d[\d,]*) arrived since/.exec((await count.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0)).toBeGreaterThanOrEqual(RING * 10 * 2);
    expect(await count.textContent()).toContain(`Paused: ${shown} shown`);
    expect(await visibleRows(page)).toEqual(before);
    expect(await page.locator('[data-testid="traffic-list"] .empty').count()).toBe(0);
    // Selecting a kept row still inspects it, though the ring no longer holds it.
    await page.locator('[data-testid="traffic-list"] [role="option"]').last().click();
    expect(await page.getByTestId('inspector').textContent()).toContain('CANDIDATE');
    await page.getByTestId('pause').click();
    await expect.poll(async () => (await visibleRows(page)).at(-1)).toContain('ANSWER pause-b → pause-a');
    // The list never holds more than the buffer: "held" ≤ "buffer".
    const text = (await count.textContent()) ?? '';
    const held = Number(/([\d,]+) held/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(held).toBeLessThanOrEqual(RING);
    expect(text).toContain(`buffer ${RING} events`);
  });
});
