/** The traffic list fills the workspace whatever the inspector holds (it once collapsed to two rows). */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDashboardSession } from './harness.js';

describe('dashboard: layout', () => {
  let page: Page;
  useDashboardSession({}, (session) => ({ page } = session));

  it('the traffic list takes the height left below the overview, with nothing selected', async () => {
    const viewport = page.viewportSize();
    const list = await page.getByTestId('traffic-list').boundingBox();
    const workspace = await page.locator('.workspace').boundingBox();
    expect(viewport && list && workspace).toBeTruthy();
    if (!viewport || !list || !workspace) return;
    // The workspace reaches the bottom of the window (14 px padding), and the list most of the workspace.
    expect(workspace.y + workspace.height).toBeGreaterThan(viewport.height - 30);
    expect(list.height).toBeGreaterThan(workspace.height * 0.6);
  });
});
