/**
 * The dashboard against the real headless stack: peers appear and leave, traffic rows match what the
 * clients sent, the inspector reads the SDP, the ladder shows the negotiation in order, disconnect
 * works, and an exported session imports into the same rows.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setTypes, visibleRows, type Stack, useDashboardSession } from './harness.js';
import { negotiate, type Negotiated } from './negotiation.js';

describe('dashboard: live view of a negotiation', () => {
  let stack: Stack;
  let page: Page;
  let done: Negotiated;

  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('lists peers as they connect', async () => {
    const alice = await stack.peer('alice');
    const bob = await stack.peer('bob');
    await page.locator('[data-peer="alice"]').waitFor();
    await page.locator('[data-peer="bob"]').waitFor();
    await expect.poll(() => page.getByTestId('peer-count').textContent()).toBe('2');
    expect(await page.locator('[data-peer="alice"] [data-testid="health"]').getAttribute('data-health')).toBe('ok');
    done = await negotiate(alice, 'alice', bob, 'bob');
  });

  it('shows every frame the clients sent, in order, as "in" rows', async () => {
    // One row per relayed message by default; row by row here.
    await page.getByTestId('fold-relays').uncheck();
    await page.getByTestId('filter-direction').selectOption('in');
    await expect.poll(async () => (await visibleRows(page)).length).toBe(done.sent.length);
    const rows = await visibleRows(page);
    expect(rows).toEqual(done.sent.map((s) => `in ${s.type} ${s.from} → ${s.to}`));
    // Relayed copies go out to the other peer; the server's own OPENs are listed too.
    await page.getByTestId('filter-direction').selectOption('out');
    await expect.poll(async () => (await visibleRows(page)).every((r) => r.startsWith('out'))).toBe(true);
    const out = await visibleRows(page);
    expect(out.filter((r) => r.startsWith('out OPEN'))).toHaveLength(2);
    expect(out.filter((r) => !r.startsWith('out OPEN'))).toEqual(done.sent.map((s) => `out ${s.type} ${s.from} → ${s.to}`));
    await page.getByTestId('filter-direction').selectOption('all');
    await page.getByTestId('fold-relays').check();
  });

  it('inspects the OFFER: pretty JSON and an SDP summary with media, codecs, ufrag and candidates', async () => {
    await setTypes(page, ['OFFER']);
    await page.getByTestId('filter-direction').selectOption('in');
    await page.locator('[data-testid="traffic-list"] [role="option"]').first().click();
    const summary = page.getByTestId('sdp-summary');
    await summary.waitFor();
    expect(await page.getByTestId('sdp-ufrag').textContent()).toBe('F7gI');
    const media = await page.getByTestId('sdp-media').allTextContents();
    expect(media).toHaveLength(3);
    expect(media[0]).toContain('audio');
    expect(media[0]).toContain('opus/48000/2');
    expect(media[1]).toContain('VP8/90000');
    expect(media[2]).toContain('SCTP data channel');
    const candidates = await summary.locator('.cand').allTextContents();
    expect(candidates).toEqual(['host', 'srflx', 'relay', 'host']);
    expect(await summary.textContent()).toContain('198.51.100.4:3478');
    expect(await page.getByTestId('inspector').locator('pre.json').textContent()).toContain('"connectionId": "mc_3k2j8d9x1q"');
    await setTypes(page, ['CANDIDATE']);
    await page.locator('[data-testid="traffic-list"] [role="option"]').first().click();
    expect(await page.getByTestId('candidate-summary').textContent()).toContain('192.168.1.23:50968');
    await setTypes(page, []);
    await page.getByTestId('filter-direction').selectOption('all');
  });

  it('draws the ladder: OFFER, then ANSWER, then the CANDIDATEs, each hop through the server', async () => {
    await page.getByRole('tab', { name: 'Flows' }).click();
    const ladder = page.getByTestId('ladder');
    await ladder.waitFor();
    await expect.poll(async () => (await ladder.locator('[data-step]').count())).toBe(done.sent.length * 2);
    const steps = await ladder.locator('[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(steps).toEqual(['OFFER', 'OFFER', 'ANSWER', 'ANSWER', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE']);
    const times = await ladder.locator('.step-time').allTextContents();
    expect(times[0]).toBe('+0 ms');
    expect(await page.getByTestId('flow-item').first().getAttribute('data-status')).toBe('connected');
    await page.getByRole('tab', { name: 'Traffic' }).click();
  });

  it('selecting a peer filters the traffic to it', async () => {
    await page.locator('[data-peer="bob"]').click();
    expect(await page.getByTestId('filter-peer').inputValue()).toBe('bob');
    const rows = await visibleRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('bob'))).toBe(true);
    await page.locator('[data-peer="bob"]').click();
    expect(await page.getByTestId('filter-peer').inputValue()).toBe('');
  });

  it('exports the session as NDJSON and imports it into the same rows', async () => {
    await page.getByTestId('filter-direction').selectOption('in');
    const liveRows = await visibleRows(page);
    const liveCount = await page.getByTestId('row-count').textContent();
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-export-'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ format: 'switchboard-session', version: 1 });
    expect(lines.filter((l) => l.startsWith('{"peer"'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('"kind":"frame-in"'))).toHaveLength(done.sent.length);

    await page.getByTestId('import-input').setInputFiles(file);
    await page.getByTestId('imported-banner').waitFor();
    expect(await page.getByTestId('server-status').textContent()).toContain('Imported');
    expect(await visibleRows(page)).toEqual(liveRows);
    expect(await page.getByTestId('row-count').textContent()).toBe(liveCount);
    expect(await page.locator('[data-peer]').count()).toBe(2);
    await page.getByRole('tab', { name: 'Flows' }).click();
    expect(await page.getByTestId('ladder').locator('[data-step]').count()).toBe(done.sent.length * 2);
    await page.getByRole('tab', { name: 'Traffic' }).click();
    await page.getByRole('button', { name: 'Back to live' }).click();
    await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    await page.getByTestId('filter-direction').selectOption('all');
  });

  it('labels every control and reaches the main ones by keyboard', async () => {
    for (const tab of ['Traffic', 'Flows', 'Stats', 'Settings']) {
      await page.getByRole('tab', { name: tab }).click();
      const unlabelled = await page.$$eval('button, input, select, textarea, [role="tab"], [role="listbox"]', (els) =>
        els
          .filter((el) => {
            const e = el as HTMLInputElement;
            const name = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.labels && e.labels.length > 0 ? 'label' : '') || (e.tagName === 'BUTTON' ? e.textContent?.trim() : '');
            return !name && e.type !== 'hidden';
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unlabelled, tab).toEqual([]);
    }
    await page.getByRole('tab', { name: 'Traffic' }).click();
    await page.locator('body').focus();
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim().slice(0, 20) ?? ''));
    }
    for (const name of ['Stop', 'Export', 'Import…', 'Copy PeerJS snippet', 'Traffic', 'Traffic: frames and server events, newest last']) {
      expect([...reached], name).toContain(name);
    }
    // Arrow keys move the selection in the traffic list and the inspector follows.
    await page.getByTestId('traffic-list').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('inspector').waitFor();
  });

  it('disconnects a peer from its row, and peers leave the table when they go', async () => {
    const [alice, bob] = stack.clients;
    await page.getByRole('button', { name: 'Disconnect bob' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect', exact: true }).click();
    await bob?.closed;
    await page.locator('[data-peer="bob"]').waitFor({ state: 'detached' });
    await alice?.close();
    await page.locator('[data-peer="alice"]').waitFor({ state: 'detached' });
    expect(await page.getByTestId('peer-count').textContent()).toBe('0');
  });
});
