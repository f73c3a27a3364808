/**
 * Issue 11, item 1 and the settings part of item 9: Apply a port that is in use and the class stays online
 * (old server, every peer), the error is on the Port field, nothing is saved, and Start after Revert uses
 * the saved port. Inline checks in plain words before Apply; confirmations before cutting peers off; an
 * "Applied…" message never outlives the state it described.
 */
import { createServer, type Server } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Stack, useDashboardSession } from './harness.js';

const blockers: Server[] = [];
afterAll(async () => {
  await Promise.all(blockers.map((s) => new Promise((r) => s.close(r))));
});

function busyPort(): Promise<number> {
  const s = createServer();
  blockers.push(s);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
}

const help = (page: Page, field: string) => page.locator(`#setting-${field}-help`);

describe('dashboard: applying settings never takes the class offline', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('a port in use: the server keeps running with every peer, the error is on Port, nothing saved; Start uses the saved port', async () => {
    const alice = await stack.peer('alice');
    const bob = await stack.peer('bob');
    await page.locator('[data-peer="bob"]').waitFor();
    const before = stack.settings();
    const busy = await busyPort();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Port', { exact: true }).fill(String(busy));
    await page.getByRole('button', { name: 'Apply and restart' }).click();
    await expect.poll(() => help(page, 'port').textContent()).toMatch(new RegExp(`Port ${busy} is already in use`));
    expect(await page.getByLabel('Port', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('settings-message').textContent()).toMatch(new RegExp(`keeps running on port ${stack.port}; nothing was changed`));
    expect(await page.getByTestId('server-status').textContent()).toContain('Running');
    expect(await page.getByTestId('port').textContent()).toBe(String(stack.port));
    expect(stack.settings()).toEqual(before);
    // Both peers are still connected, and still relayed.
    expect((await stack.controller.getSnapshot()).peers.map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    bob.send({ type: 'OFFER', dst: 'alice', payload: { connectionId: 'dc_still' } });
    await alice.next((m) => m.type === 'OFFER' && m.src === 'bob');
    // The error shows once (on the field and the form), not also in the status bar.
    expect(await page.getByTestId('server-error').count()).toBe(0);

    // Revert, Stop (confirming: peers are connected), Start: the saved port, not the failed one.
    await page.getByRole('button', { name: 'Revert' }).click();
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe(String(stack.port));
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop server' }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Stopped' }).waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    expect(await page.getByTestId('port').textContent()).toBe(String(stack.port));
    expect(await page.locator('.status-error').count()).toBe(0);
  });

  it('inline checks before Apply, in plain words: numbers, bind address, privileged port; any key like the CLI', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const port = page.getByLabel('Port', { exact: true });
    await port.fill('1.5');
    await expect.poll(() => help(page, 'port').textContent()).toBe('Port must be a whole number from 0 to 65535');
    await port.fill('abc');
    expect(await help(page, 'port').textContent()).toBe('Port must be a whole number from 0 to 65535');
    await port.fill('80');
    expect(await help(page, 'port').textContent()).toMatch(/below 1024 need administrator rights/);
    expect(await port.getAttribute('aria-invalid')).toBeNull();
    await port.fill(String(stack.port));

    const host = page.getByLabel('Bind address');
    for (const bad of ['999.1.1.1', 'example.com']) {
      await host.fill(bad);
      await expect.poll(() => help(page, 'host').textContent()).toMatch(new RegExp(`^${bad.replace(/\./g, '\\.')} is not an address of this computer`));
    }
    for (const good of ['::', '0.0.0.0', '127.0.0.1']) {
      await host.fill(good);
      expect(await help(page, 'host').getAttribute('class')).toBe('help');
    }
    // Help says the default is ::, with code shown as code (no literal backticks).
    expect(await help(page, 'host').locator('code').first().textContent()).toBe('::');
    expect(await page.locator('.settings').textContent()).not.toContain('`');

    await page.getByLabel('Key', { exact: true }).fill('Klasse 7b / Raum ü');
    expect(await help(page, 'key').getAttribute('class')).toBe('help');
    const text = await page.locator('.settings').textContent();
    expect(text).not.toMatch(/Invalid input|expected int|received number/);
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('an "Applied" message clears once the server stops; Stop asks first only when peers are connected', async () => {
    for (const c of stack.clients.splice(0)) await c.close();
    await page.locator('[data-peer]').first().waitFor({ state: 'detached' }).catch(() => undefined);
    await page.getByLabel('Alive timeout').fill('45000');
    await page.getByRole('button', { name: 'Apply and restart' }).click();
    await expect.poll(() => page.getByTestId('settings-message').textContent()).toMatch(/^Applied/);
    expect(stack.settings().alive_timeout).toBe(45_000);

    // No peers: Stop acts at once, and the "Applied" claim goes away with the state it described.
    await expect.poll(async () => (await stack.controller.getSnapshot()).peers.length).toBe(0);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Stopped' }).waitFor();
    expect(await page.getByTestId('settings-message').count()).toBe(0);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();

    // A peer: Stop asks; "Keep running" keeps it connected.
    const carol = await stack.peer('carol');
    await page.locator('[data-peer="carol"]').waitFor();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const question = page.getByRole('alertdialog');
    expect(await question.getAttribute('aria-label')).toBe('Stop the server? 1 connected peer will be disconnected.');
    await question.getByRole('button', { name: 'Keep running' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.getByTestId('server-status').textContent()).toContain('Running');
    expect(carol.ws.readyState).toBe(carol.ws.OPEN);
    // Escape also cancels.
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('Disconnect asks before cutting a peer off', async () => {
    await page.getByRole('tab', { name: 'Traffic' }).click();
    const dave = await stack.peer('dave');
    await page.locator('[data-peer="dave"]').waitFor();
    await page.getByRole('button', { name: 'Disconnect dave' }).click();
    const question = page.getByRole('alertdialog', { name: /^Disconnect dave\?/ });
    await question.getByRole('button', { name: 'Cancel' }).click();
    await new Promise((r) => setTimeout(r, 300));
    expect(dave.ws.readyState).toBe(dave.ws.OPEN);
    await page.getByRole('button', { name: 'Disconnect dave' }).click();
    await page.getByRole('alertdialog', { name: /^Disconnect dave\?/ }).getByRole('button', { name: 'Disconnect', exact: true }).click();
    await dave.closed;
    await page.locator('[data-peer="dave"]').waitFor({ state: 'detached' });
  });
});
