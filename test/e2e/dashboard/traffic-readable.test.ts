/**
 * Traffic a person can read: heartbeats hidden by default, several types at once, "problems only",
 * one row per relayed message (received and delivered folded, both in the inspector), and Escape
 * clears the focused filter.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setTypes, type Stack, useDashboardSession, visibleRows } from './harness.js';
import { negotiate } from './negotiation.js';

describe('dashboard: readable traffic', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({}, (session) => ({ stack, page } = session));

  it('hides heartbeats by default, folds relays into one row, and filters several types and problems', async () => {
    const a = await stack.peer('read-a');
    const b = await stack.peer('read-b');
    for (let i = 0; i < 5; i++) a.send({ type: 'HEARTBEAT' });
    const done = await negotiate(a, 'read-a', b, 'read-b');
    a.sendRaw('{"type":"OFFER","dst":');
    await page.getByTestId('peer-count').filter({ hasText: '2' }).waitFor();
    await expect.poll(async () => (await visibleRows(page)).filter((r) => r.startsWith('relay')).length).toBe(done.sent.length);
    const rows = await visibleRows(page);
    expect(await page.getByTestId('hide-heartbeats').isChecked()).toBe(true);
    expect(rows.some((r) => r.includes('HEARTBEAT'))).toBe(false);
    // One row per relayed message: OFFER, ANSWER and 3 CANDIDATEs, each once.
    expect(rows.filter((r) => / (OFFER|ANSWER|CANDIDATE) /.test(r))).toEqual(done.sent.map((s) => `relay ${s.type} ${s.from} → ${s.to}`));
    await page.locator('[data-testid="traffic-list"] [data-dir="relay"][data-type="ANSWER"]').click();
    expect(await page.getByTestId('relay-delivered').textContent()).toContain('read-a');
    // Unfolded: in and out separately.
    await page.getByTestId('fold-relays').uncheck();
    await expect.poll(async () => (await visibleRows(page)).filter((r) => / ANSWER /.test(r))).toEqual(['in ANSWER read-b → read-a', 'out ANSWER read-b → read-a']);
    await page.getByTestId('fold-relays').check();
    // Heartbeats on demand.
    await page.getByTestId('hide-heartbeats').uncheck();
    await expect.poll(async () => (await visibleRows(page)).filter((r) => r.includes('HEARTBEAT')).length).toBe(5);
    await page.getByTestId('hide-heartbeats').check();
    // Two types at once.
    await setTypes(page, ['OFFER', 'ANSWER']);
    expect(await page.getByTestId('filter-type').textContent()).toContain('OFFER, ANSWER');
    await expect.poll(async () => (await visibleRows(page)).map((r) => r.split(' ')[1])).toEqual(['OFFER', 'ANSWER']);
    await setTypes(page, []);
    // Problems only: the invalid frame, nothing else.
    await page.getByTestId('problems-only').check();
    await expect.poll(async () => (await visibleRows(page)).length).toBeGreaterThan(0);
    const problems = await visibleRows(page);
    expect(problems.every((r) => /protocol-error|ERROR|dropped|\(invalid\)/.test(r)), problems.join('\n')).toBe(true);
    await page.getByTestId('problems-only').uncheck();
  });

  it('Escape clears the filter that has the focus, and only that one', async () => {
    await page.getByTestId('filter-peer').fill('read-a');
    await page.getByTestId('filter-text').fill('CANDIDATE');
    await page.getByTestId('filter-text').press('Escape');
    expect(await page.getByTestId('filter-text').inputValue()).toBe('');
    expect(await page.getByTestId('filter-peer').inputValue()).toBe('read-a');
    await page.getByTestId('filter-peer').press('Escape');
    expect(await page.getByTestId('filter-peer').inputValue()).toBe('');
  });
});
