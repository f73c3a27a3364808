/**
 * The smaller things: a distinct colour per message type (ANSWER ≠ OPEN, EXPIRE ≠ ERROR) in the list
 * and the chart, "failed negotiations" counted as negotiations (not messages), help text without
 * literal backticks, a wrong key's refusal says what was tried (masked).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connect } from '../../helpers/ws-client.js';
import { setTypes, type Stack, useDashboardSession } from './harness.js';
import { negotiate } from './negotiation.js';

describe('dashboard: details', () => {
  let stack: Stack;
  let page: Page;
  useDashboardSession({ expire_timeout: 1000 }, (session) => ({ stack, page } = session));

  it('gives every type its own colour, and counts an expired negotiation once', { timeout: 60_000 }, async () => {
    const a = await stack.peer('det-a');
    const b = await stack.peer('det-b');
    await negotiate(a, 'det-a', b, 'det-b');
    // One negotiation to an absent peer: an OFFER and two CANDIDATEs expire together.
    a.send({ type: 'OFFER', dst: 'nobody', payload: { connectionId: 'dc_x', sdp: { type: 'offer', sdp: 'v=0' } } });
    a.send({ type: 'CANDIDATE', dst: 'nobody', payload: { connectionId: 'dc_x', candidate: {} } });
    a.send({ type: 'CANDIDATE', dst: 'nobody', payload: { connectionId: 'dc_x', candidate: {} } });
    await a.next((m) => m.type === 'EXPIRE', 10_000);
    // An ERROR frame: the server sends one only when it refuses a connection (here: no token).
    const refused = await connect(stack.port, { id: 'det-c', token: null }).catch(() => null);
    await refused?.closed;
    await setTypes(page, ['OPEN', 'ANSWER', 'EXPIRE', 'ERROR', 'expired', 'protocol-error']);
    await page.locator('[data-testid="traffic-list"] [data-type="EXPIRE"]').first().waitFor();
    const colour = (type: string) => page.locator(`[data-testid="traffic-list"] .type-${type.toLowerCase()}`).first().evaluate((el) => getComputedStyle(el).color);
    expect(await colour('ANSWER')).not.toBe(await colour('OPEN'));
    expect(await colour('EXPIRE')).not.toBe(await colour('ERROR'));
    await setTypes(page, []);

    await page.getByRole('tab', { name: 'Stats' }).click();
    await expect.poll(() => page.getByTestId('expired-negotiations').locator('dd').textContent()).toBe('1 (3 messages)');
    const markers = await page.locator('.u-legend .u-series').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.querySelector('.u-label')?.textContent ?? '', getComputedStyle(el.querySelector('.u-marker') as Element).borderColor])),
    );
    expect(markers.ANSWER).toBeDefined();
    expect(markers.ANSWER).not.toBe(markers.OPEN);
    expect(markers.EXPIRE).not.toBe(markers.ERROR);
  });

  it('renders code in help text instead of literal backticks', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const help = await page.locator('.settings').textContent();
    expect(help).not.toContain('`');
    expect(await page.locator('.settings .help code').count()).toBeGreaterThan(0);
  });

  it('says what a refused wrong key tried, masked', async () => {
    const c = await connect(stack.port, { id: 'det-guest', token: 'x', key: 'secret-typo' });
    await c.closed;
    await page.getByRole('tab', { name: 'Traffic' }).click();
    await setTypes(page, ['refused']);
    const row = page.locator('[data-testid="traffic-list"] [data-type="refused"]', { hasText: 'det-guest' }).first();
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('tried key se••••••••o (11 chars)');
    expect(text).not.toContain('secret-typo');
  });
});
