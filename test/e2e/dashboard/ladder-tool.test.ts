/**
 * The ladder as a tool: clicking an arrow shows that frame in the inspector, a flow opens its traffic
 * rows and a traffic row opens its place in the ladder, arrow keys walk the hops, and an unrelated
 * malformed frame from the same peer is not drawn into the negotiation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession, visibleRows } from './harness.js';
import { negotiate } from './negotiation.js';

describe('dashboard: ladder as a tool', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('opens the frame of a clicked arrow, walks hops by keyboard, and links to and from the traffic rows', { timeout: 60_000 }, async () => {
    const a = await stack.peer('lad-a');
    const b = await stack.peer('lad-b');
    const done = await negotiate(a, 'lad-a', b, 'lad-b');
    // Unrelated to the negotiation: a malformed frame from the same peer.
    a.sendRaw('{"type":"ANSWER","dst":');
    await new Promise((r) => setTimeout(r, 600));
    await page.getByRole('tab', { name: 'Flows' }).click();
    const ladder = page.getByTestId('ladder');
    await expect.poll(() => ladder.locator('[data-step]').count()).toBe(done.sent.length * 2);
    expect(await ladder.locator('[data-step="ERROR"]').count()).toBe(0);
    expect(await page.getByTestId('flow-item').first().getAttribute('data-status')).toBe('connected');

    // Click the ANSWER arrow (peer → server hop): the inspector shows that frame.
    await ladder.locator('[data-step="ANSWER"]').first().click();
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    expect(await inspector.locator('h2').textContent()).toContain('ANSWER');
    expect(await inspector.locator('pre.json').textContent()).toContain('"type": "answer"');
    // Arrow keys move to the next hop (the delivered ANSWER), then the first CANDIDATE.
    await page.getByTestId('ladder-scroll').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await ladder.locator('.step-selected').getAttribute('data-step')).toBe('CANDIDATE');
    expect(await inspector.locator('h2').textContent()).toContain('CANDIDATE');

    // Flow → its traffic rows (by connectionId), with that hop selected.
    await page.getByTestId('flow-traffic').click();
    expect(await page.getByTestId('filter-text').inputValue()).toBe(done.connectionId);
    const rows = await visibleRows(page);
    expect(rows.length).toBe(done.sent.length);
    expect(await page.locator('[data-testid="traffic-list"] [aria-selected="true"]').getAttribute('data-type')).toBe('CANDIDATE');

    // Traffic row → its hop in the ladder.
    await page.locator('[data-testid="traffic-list"] [data-type="OFFER"]').click();
    await page.getByTestId('show-in-ladder').click();
    await expect.poll(() => page.getByTestId('ladder').locator('.step-selected').getAttribute('data-step')).toBe('OFFER');
  });
});
