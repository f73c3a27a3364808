/**
 * From 800×600 to 4K: one column on narrow windows, nothing overlaps, no horizontal page scroll, the
 * traffic list shows rows, QR and Copy stay on screen, and a 56-character id is truncated (full id on
 * hover and in the inspector) without pushing Queued or Disconnect out of the table.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession } from './harness.js';

const LONG_ID = 'f3a9c2e1-7b4d-4e8a-9c6f-2d1e0b7a5c3f-classroom-laptop-12';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
}

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not rendered`);
  return b;
}

describe('dashboard: responsive layout', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({ host: '127.0.0.1' }, (session) => ({ stack, page } = session));

  it('lays out without overlap or sideways scroll from 800×600 to 3840×2160', { timeout: 90_000 }, async () => {
    expect(LONG_ID).toHaveLength(56);
    const long = await stack.peer(LONG_ID);
    const other = await stack.peer('short-id');
    long.send({ type: 'OFFER', dst: 'short-id', payload: { connectionId: 'dc_resp', sdp: { type: 'offer', sdp: 'v=0' }, type: 'data' } });
    for (let i = 0; i < 20; i++) other.send({ type: 'CANDIDATE', dst: LONG_ID, payload: { connectionId: 'dc_resp', candidate: { candidate: '' } } });
    await page.locator(`[data-peer="${LONG_ID}"]`).waitFor();
    for (const [width, height] of [
      [800, 600],
      [900, 600],
      [1024, 768],
      [1440, 900],
      [3840, 2160],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(250);
      const at = `${width}×${height}`;
      const scroll = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scroll.scrollWidth, `${at}: page width`).toBeLessThanOrEqual(scroll.clientWidth);
      const connect = await box(page, '.connect-card');
      const peers = await box(page, '.peers-card');
      const workspace = await box(page, '.workspace');
      expect(overlap(connect, peers), `${at}: connect/peers`).toBe(false);
      expect(overlap(peers, workspace), `${at}: peers/workspace`).toBe(false);
      expect(overlap(connect, workspace), `${at}: connect/workspace`).toBe(false);
      // Peers header never draws over anything else in its card.
      const head = await box(page, '.peers-card .card-head');
      const grid = await box(page, '.peers-card [data-testid="peers-table"]');
      expect(head.y + head.height, `${at}: peers header`).toBeLessThanOrEqual(grid.y + 1);
      // The traffic list shows rows.
      expect(await page.locator('[data-testid="traffic-list"] [role="option"]').count(), `${at}: traffic rows`).toBeGreaterThan(3);
      expect((await box(page, '[data-testid="traffic-list"]')).height, `${at}: traffic height`).toBeGreaterThan(120);
      // QR and Copy on screen.
      for (const sel of ['.qr', '.snippet .btn']) {
        const b = await box(page, sel);
        expect(b.x + b.width, `${at}: ${sel}`).toBeLessThanOrEqual(width);
      }
      // The long id's row keeps Queued and Disconnect inside the table.
      const row = page.locator(`[data-peer="${LONG_ID}"]`);
      const disconnect = await row.getByRole('button', { name: `Disconnect ${LONG_ID}` }).boundingBox();
      expect(disconnect && disconnect.x + disconnect.width <= grid.x + grid.width + 1, `${at}: Disconnect inside the table`).toBe(true);
      expect(await row.locator('.peer-id').getAttribute('title')).toBe(LONG_ID);
    }
    // The inspector shows the full id.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('[data-testid="traffic-list"] [data-type="OFFER"]').first().click();
    expect(await page.getByTestId('inspector').locator('h2').textContent()).toContain(LONG_ID);
  });
});
