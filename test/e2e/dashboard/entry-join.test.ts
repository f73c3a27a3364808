/**
 * Issue 11, items 8, 10 and 11 in a real browser: a lost link is said in the status pill (uptime stops, no
 * QR code); a missing or wrong token gets a page with a field to paste it, the token survives a restart
 * and can be regenerated; a projector view whose QR code opens a join page useful on a phone, and a
 * warning when only this computer can connect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from '../../../src/cli/dashboard/index.js';
import { launchChromium, openDashboard, STATIC_DIR, startStack, type Stack } from './harness.js';
import type { LaunchedBrowser } from '../../helpers/chromium.js';

let stack: Stack;
let browser: LaunchedBrowser;
const dir = mkdtempSync(join(tmpdir(), 'sb-entry-'));
const tokenFile = join(dir, 'dashboard-token');
const extra: DashboardServer[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(extra.map((d) => d.close()));
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dashboardWithTokenFile(): Promise<DashboardServer> {
  const d = await startDashboardServer({ control: stack.controller, host: '127.0.0.1', port: 0, staticDir: STATIC_DIR, tokenFile });
  extra.push(d);
  return d;
}

describe('dashboard entry: the token', () => {
  it('a missing or wrong token gets a page that says why and takes the token; pasting it opens the dashboard', async () => {
    const d = await dashboardWithTokenFile();
    const base = `http://127.0.0.1:${d.port}`;
    const page = await browser.context.newPage();
    const missing = await page.goto(`${base}/`);
    expect(missing?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Switchboard dashboard');
    expect(await page.getByRole('alert').textContent()).toBe('This dashboard needs its access token.');
    expect(await page.locator('body').textContent()).not.toMatch(/^Switchboard dashboard: a valid token is required/);

    await page.getByLabel('Dashboard token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await page.getByRole('alert').filter({ hasText: 'That token is not this dashboard’s' }).waitFor();

    await page.getByLabel('Dashboard token').fill(d.token);
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    // Scripts and non-page requests still get a plain 401, not the page.
    expect((await fetch(`${base}/admin`)).headers.get('content-type')).toMatch(/text\/plain/);
    await page.close();
  });

  it('the token survives a restart (same file), and Regenerate ends old sessions and reloads with the new one', async () => {
    const first = await dashboardWithTokenFile();
    const again = await dashboardWithTokenFile();
    expect(again.token).toBe(first.token);
    const old = first.token;

    const page = await browser.context.newPage();
    await page.goto(first.url);
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    const other = await browser.context.newPage();
    await other.goto(first.url);
    await other.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Regenerate token' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'New token' }).click();
    await page.waitForURL((url) => url.searchParams.get('token') !== old);
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    const fresh = new URL(page.url()).searchParams.get('token');
    expect(fresh).toBe(first.token);
    expect(fresh).not.toBe(old);

    // The other dashboard (old token) is told, with a way to enter the new one.
    await other.getByTestId('enter-token').waitFor({ timeout: 15_000 });
    const res = await fetch(`http://127.0.0.1:${first.port}/?token=${old}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('data-reason="wrong"');
    await page.close();
    await other.close();
  });
});

describe('joining: projector view, join page, loopback warning', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openDashboard(browser, stack);
  });

  it('says when only this computer can connect', async () => {
    expect(await page.getByTestId('loopback-warning').textContent()).toBe(
      'Only this computer can connect: the server listens on 127.0.0.1. Set the bind address to :: to let others in.',
    );
  });

  it('projector view: a big QR code to the join page, the address in big letters, one line of instructions', async () => {
    await page.getByRole('button', { name: 'Projector view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join the PeerJS server' });
    await dialog.waitFor();
    expect(await page.getByTestId('projector-address').textContent()).toBe(`127.0.0.1:${stack.port}`);
    const join = `http://127.0.0.1:${stack.port}/join`;
    expect(await dialog.locator('.projector-qr').getAttribute('data-url')).toBe(join);
    const box = await dialog.locator('.projector-qr svg').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(400);
    const addressSize = await page.getByTestId('projector-address').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(addressSize).toBeGreaterThanOrEqual(48);
    expect(await dialog.locator('.projector-instructions').textContent()).toBe(`Scan the code, or open ${join} on a device on the same network.`);
    expect(await page.getByTestId('projector-warning').textContent()).toMatch(/^Only this computer can connect/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('connect-qr').getAttribute('data-url')).toBe(join);
  });

  it('the join page (what the QR code opens) gives a phone the connection details and a snippet', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const res = await phone.goto(`http://127.0.0.1:${stack.port}/join`);
    expect(res?.status()).toBe(200);
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe('You reached the PeerJS server');
    const field = (name: string) => phone.locator(`[data-field="${name}"]`).textContent();
    expect(await field('host')).toBe('127.0.0.1');
    expect(await field('port')).toBe(String(stack.port));
    expect(await field('path')).toBe('/');
    expect(await field('key')).toBe('peerjs');
    expect(await phone.getByLabel('PeerJS snippet').textContent()).toContain(`port: ${stack.port},`);
    // Fits a phone: no horizontal page scroll.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The PeerJS routes are untouched: / is still the reference server's JSON.
    expect(await (await fetch(`http://127.0.0.1:${stack.port}/`)).json()).toMatchObject({ name: 'PeerJS Server' });
    await phone.close();
  });

  it('a lost link: the pill says so, uptime stops, the QR code goes', async () => {
    await stack.peer('watcher');
    expect(await page.getByTestId('uptime').textContent()).not.toBe('—');
    await stack.dashboard.close();
    await page.getByTestId('server-status').filter({ hasText: 'Link lost' }).waitFor();
    expect(await page.getByTestId('uptime').textContent()).toBe('—');
    expect(await page.getByTestId('connect-qr').count()).toBe(0);
    expect(await page.getByTestId('connect-stale').textContent()).toMatch(/may be out of date/);
    expect(await page.getByRole('button', { name: 'Projector view' }).count()).toBe(0);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await page.getByTestId('uptime').textContent()).toBe('—');
    expect(await page.getByTestId('server-status').textContent()).toContain('Link lost');
  });
});
