/** Start/Stop from the status bar, and the settings form (invalid input refused, valid input applied). */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { portIsFree } from '../../helpers/net.js';
import { connect } from '../../helpers/ws-client.js';
import { type Stack, useDashboardSession } from './harness.js';

describe('dashboard: server control and settings', () => {
  let stack: Stack;
  let page: Page;

  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('Stop disconnects every client and frees the port; Start serves again', async () => {
    const a = await stack.peer('stop-a');
    const b = await stack.peer('stop-b');
    await page.locator('[data-peer="stop-b"]').waitFor();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    // Peers are connected: Stop asks first.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop server' }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Stopped' }).waitFor();
    await Promise.all([a.closed, b.closed]);
    expect(await portIsFree(stack.port)).toBe(true);
    expect(await page.getByTestId('peer-count').textContent()).toBe('0');
    await expect(connect(stack.port, { id: 'too-early' })).rejects.toThrow();

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    const c = await stack.peer('after-restart');
    await page.locator('[data-peer="after-restart"]').waitFor();
    await c.close();
  });

  it('invalid settings show inline errors and change nothing', async () => {
    const before = stack.settings();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const port = page.getByLabel('Port', { exact: true });
    await port.fill('70000');
    await expect.poll(() => page.locator('#setting-port-help').textContent()).toBe('Port must be a whole number from 0 to 65535');
    expect(await port.getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Key', { exact: true }).fill('');
    expect(await page.locator('#setting-key-help').textContent()).toBe('Key needs a value');
    await page.getByRole('button', { name: 'Apply and restart' }).click();
    expect(await page.getByTestId('settings-message').textContent()).toContain('Fix the fields');
    expect(stack.settings()).toEqual(before);
    expect((await stack.controller.getSnapshot()).state.status).toBe('running');
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('valid settings are applied and the server restarts with them', async () => {
    await page.getByLabel('Alive timeout').fill('45000');
    await page.getByRole('button', { name: 'Apply and restart' }).click();
    await expect.poll(() => page.getByTestId('settings-message').textContent()).toContain('Applied');
    expect(stack.settings().alive_timeout).toBe(45_000);
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    await page.getByRole('tab', { name: 'Traffic' }).click();
    expect(await page.locator('.peers-card').textContent()).toContain('alive_timeout 45s');
  });
});
