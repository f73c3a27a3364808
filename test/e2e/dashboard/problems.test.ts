/**
 * Problems are where the teacher looks: refusals (with the reason and a masked hint of a wrong key),
 * a timeout, an expired negotiation, an invalid frame, grouped by peer and counted, kept after the
 * traffic buffer forgot them, cleared only by the user; departed and refused peers stay in Peers,
 * greyed, with the reason; problems sort first; the Peers list can use the whole window.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { classroom, type Classroom } from './classroom.js';
import { type Stack, useDashboardSession } from './harness.js';

describe('dashboard: problems at a glance', () => {
  let stack: Stack;
  let page: Page;
  let room: Classroom;
  useDashboardSession({ alive_timeout: 2500, expire_timeout: 1500 }, (session) => ({ stack, page } = session), { history: { maxEvents: 400, maxBytes: 16 * 1024 * 1024 } });

  it('lists every problem of the classroom by peer, with reasons, and keeps the departed in Peers', { timeout: 60_000 }, async () => {
    room = await classroom(stack);
    await page.getByRole('tab', { name: 'Problems' }).click();
    const group = (peer: string) => page.locator(`[data-problem-peer="${peer}"]`);
    await group('mallory-old-tablet').waitFor({ timeout: 15_000 });
    await group('alice-pixel-8').locator('[data-kind="expired"]').waitFor({ timeout: 15_000 });
    expect(await group('guest-peerj').textContent()).toContain('refused: wrong key (tried pe••j (5 chars))');
    expect(await group('guest-peerjs').textContent()).toContain('tried Pe•••S (6 chars)');
    expect(await group('bob-thinkpad').textContent()).toContain('refused: id already taken');
    expect(await group('mallory-old-tablet').textContent()).toContain('timed out');
    expect(await group('alice-pixel-8').textContent()).toContain('negotiation with teacher-desktop expired');
    expect(await group('carol-ipad').locator('[data-kind="invalid"]').count()).toBe(1);
    expect(await page.getByTestId('problem-count').textContent()).toBe('6');

    // Peers: the timed-out and refused students stay, greyed, with why; problems sort first.
    const departed = page.locator('[data-departed="mallory-old-tablet"]');
    await departed.waitFor();
    expect(await departed.textContent()).toContain('timed out');
    expect(await page.locator('[data-departed="guest-peerj"]').textContent()).toContain('refused: wrong key');
    const order = await page.locator('[data-testid="peers-table"] .peers-inner [role="row"]').evaluateAll((els) =>
      els
        .map((el) => ({ y: Number(/translateY\(([\d.]+)px\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 0), id: el.getAttribute('data-peer') ?? el.getAttribute('data-departed') }))
        .sort((a, b) => a.y - b.y)
        .map((r) => r.id),
    );
    expect(order.slice(0, 3).sort()).toEqual(['guest-peerj', 'guest-peerjs', 'mallory-old-tablet']);

    // A problem links to its traffic row.
    await page.locator('[data-problem-peer="carol-ipad"]').getByRole('button', { name: /traffic row/ }).click();
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    expect(await inspector.textContent()).toMatch(/protocol-error|not valid JSON/);
    await page.getByRole('tab', { name: 'Problems' }).click();
  });

  it('keeps the problems after the traffic buffer has forgotten them, and says so when linked', { timeout: 60_000 }, async () => {
    const alice = room.students.get('alice-pixel-8');
    for (let i = 0; i < 900; i++) alice?.send({ type: 'HEARTBEAT' });
    await expect.poll(async () => page.evaluate(() => document.querySelector('[data-problem-peer="guest-peerj"]') !== null)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.getByTestId('problem-count').textContent()).toBe('6');
    await page.locator('[data-problem-peer="carol-ipad"]').getByRole('button', { name: /traffic row/ }).click();
    expect(await page.getByTestId('inspector-empty').textContent()).toContain('left the traffic buffer');
    await page.getByRole('tab', { name: 'Problems' }).click();
  });

  it('uses the whole window for Peers, virtualised', async () => {
    const extra = [];
    for (let i = 0; i < 70; i++) extra.push(stack.peer(`student-${String(i).padStart(2, '0')}`));
    await Promise.all(extra);
    await page.getByRole('tab', { name: 'Peers', exact: true }).click();
    const grid = page.getByTestId('peers-table');
    await expect.poll(async () => page.getByTestId('peer-count-full').textContent()).toBe('80');
    const box = await grid.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.height > viewport.height * 0.7).toBe(true);
    const rendered = await grid.locator('[role="row"]').count();
    expect(rendered).toBeGreaterThan(20);
    expect(rendered).toBeLessThan(80);
    // They leave normally (not a problem).
    await Promise.all(stack.clients.filter((c, i) => i >= stack.clients.length - 70).map((c) => c.close()));
  });

  it('clears problems only when the user says so', async () => {
    await page.getByRole('tab', { name: 'Problems' }).click();
    await page.getByTestId('clear-problems').click();
    expect(await page.locator('[data-problem-peer]').count()).toBe(0);
    expect(await page.getByTestId('problems-summary').textContent()).toBe('No problem so far.');
    await new Promise((r) => setTimeout(r, 1500));
    // Nothing that was cleared comes back (later problems would be new ones).
    for (const peer of ['guest-peerj', 'guest-peerjs', 'carol-ipad', 'alice-pixel-8']) expect(await page.locator(`[data-problem-peer="${peer}"]`).count()).toBe(0);
    room.stopHeartbeats();
  });
});
