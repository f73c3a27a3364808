/**
 * A burst of 20,000 relayed messages leaves the dashboard responsive. Measured in the test's own
 * Chromium: animation-frame gaps (rAF) and input latency (Event Timing API + click-to-DOM time) while
 * the burst streams in. Figures are printed; only generous bounds are asserted (shared, noisy CPUs).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/renderer/lib/session-file.js';
import type { ServerEvent } from '../../../src/shared/events.js';
import type { Page } from 'playwright-core';
import { CANDIDATES } from '../../unit/renderer/fixtures/sdp.js';
import { type Stack, useDashboardSession } from './harness.js';
import { waitCount } from './negotiation.js';

const MESSAGES = 20_000;

interface Probe {
  gaps: number[];
  events: number[];
}

declare global {
  interface Window {
    __probe?: Probe;
  }
}

async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = { gaps: [], events: [] };
    window.__probe = probe;
    let last = performance.now();
    const loop = (t: number) => {
      probe.gaps.push(t - last);
      last = t;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.events.push(e.duration);
    }).observe({ type: 'event', buffered: false, durationThreshold: 16 } as PerformanceObserverInit);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

describe('dashboard: responsiveness under a burst', () => {
  let stack: Stack;
  let page: Page;

  useDashboardSession({}, (session) => ({ stack, page } = session));

  it(`stays responsive while ${MESSAGES.toLocaleString('en-US')} messages stream in`, { timeout: 120_000 }, async () => {
    const sender = await stack.peer('burst-a');
    const receiver = await stack.peer('burst-b');
    await page.locator('[data-peer="burst-b"]').waitFor();
    await installProbe(page);

    const t0 = Date.now();
    const sending = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        sender.send({ type: 'CANDIDATE', dst: 'burst-b', payload: { candidate: { candidate: CANDIDATES.host, sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: 'dc_burst', n: i } });
        if (i % 500 === 499) await new Promise((r) => setImmediate(r));
      }
    })();

    // Interact while the burst streams: toggle Pause and measure click → DOM updated.
    const clicks: number[] = [];
    const pause = page.getByTestId('pause');
    // Where the pointer aims: the Pause button must not move while the burst streams (no layout shift).
    const pauseY: number[] = [];
    for (let i = 0; i < 6; i++) {
      pauseY.push((await pause.boundingBox())?.y ?? NaN);
      const before = await pause.getAttribute('aria-pressed');
      const c0 = Date.now();
      await pause.click();
      await page.waitForFunction((prev) => document.querySelector('[data-testid="pause"]')?.getAttribute('aria-pressed') !== prev, before);
      clicks.push(Date.now() - c0);
    }
    if ((await pause.getAttribute('aria-pressed')) === 'true') await pause.click();

    await sending;
    await waitCount(receiver, 'CANDIDATE', MESSAGES, 0, 60_000);
    for (let i = 0; i < 10; i++) {
      pauseY.push((await pause.boundingBox())?.y ?? NaN);
      await page.waitForTimeout(100);
    }
    const relayMs = Date.now() - t0;
    // Let the last batches reach the page.
    await page.waitForTimeout(1500);

    const typing0 = Date.now();
    await page.getByTestId('filter-text').fill('"n":19999');
    // Whatever a full batch left out, the list refills from the core's ring buffer after the burst:
    // the very last message is listed, received and relayed (one row: relays are folded).
    await expect.poll(() => page.locator('[data-testid="traffic-list"] [role="option"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-testid="traffic-list"] [role="option"]').getAttribute('data-dir')).toBe('relay');
    const filterMs = Date.now() - typing0;

    const probe = await page.evaluate(() => window.__probe ?? { gaps: [], events: [] });
    const gaps = probe.gaps.slice(1);
    const held = await page.getByTestId('row-count').textContent();
    const figures = {
      relayMs,
      frames: gaps.length,
      frameP50: percentile(gaps, 0.5).toFixed(1),
      frameP95: percentile(gaps, 0.95).toFixed(1),
      frameMax: Math.max(...gaps).toFixed(1),
      eventTimingMax: probe.events.length ? Math.max(...probe.events).toFixed(0) : 'none over 16 ms',
      clickToDomMs: clicks,
      filterAfterBurstMs: filterMs,
      list: held,
      pauseButtonY: [...new Set(pauseY)],
    };
    console.log(`burst of ${MESSAGES} messages: ${JSON.stringify(figures)}`);

    // Generous bounds only: the page kept painting and answering input.
    expect(gaps.length).toBeGreaterThan(10);
    expect(Math.max(...gaps)).toBeLessThan(3000);
    // Input latency inside the page (Event Timing API): what a person feels. The click round trip also
    // includes this test process, busy sending the burst, so only its median is bounded.
    expect(probe.events.length === 0 ? 0 : Math.max(...probe.events)).toBeLessThan(3000);
    expect(percentile(clicks, 0.5)).toBeLessThan(3000);
    expect(new Set(pauseY).size, `Pause button moved: ${pauseY.join(', ')}`).toBe(1);
    // Memory stays bounded by the ring buffer (10,000 events).
    const heldRows = Number(/([\d,]+) held/.exec(held ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    expect(heldRows).toBeLessThanOrEqual(10_000);
    expect(heldRows).toBeGreaterThan(1000);
  });

  it('scrolls an imported session of 100,000 rows smoothly (virtualised list)', { timeout: 120_000 }, async () => {
    const events: ServerEvent[] = [];
    const start = Date.now() - 600_000;
    for (let i = 0; i < 100_000; i++) {
      const frame = JSON.stringify({ type: 'CANDIDATE', dst: `peer-${(i + 1) % 40}`, payload: { candidate: { candidate: CANDIDATES.host }, connectionId: `dc_${i % 900}`, n: i } });
      events.push({ kind: 'frame-in', seq: i + 1, time: start + i * 5, peer: `peer-${i % 40}`, type: 'CANDIDATE', dst: `peer-${(i + 1) % 40}`, size: frame.length, frame });
    }
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-100k-')), 'big.ndjson');
    writeFileSync(file, exportSession({ exportedAt: Date.now(), settings: null, history: { maxEvents: 100_000, maxBytes: 64 * 1024 * 1024 }, peers: [], events }));
    const i0 = Date.now();
    await page.getByTestId('filter-text').fill('');
    await page.getByTestId('import-input').setInputFiles(file);
    await page.getByTestId('row-count').filter({ hasText: '100,000 held' }).waitFor({ timeout: 60_000 });
    const importMs = Date.now() - i0;
    await installProbe(page);
    const list = page.getByTestId('traffic-list');
    await list.focus();
    await page.keyboard.press('Home');
    const box = await list.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const s0 = Date.now();
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(16);
    }
    await page.keyboard.press('End');
    await page.keyboard.press('PageUp');
    const scrollMs = Date.now() - s0;
    const probe = await page.evaluate(() => window.__probe ?? { gaps: [], events: [] });
    const gaps = probe.gaps.slice(1);
    const rendered = await page.locator('[data-testid="traffic-list"] [role="option"]').count();
    console.log(
      `100,000 rows: ${JSON.stringify({ importMs, scrollMs, frames: gaps.length, frameP50: percentile(gaps, 0.5).toFixed(1), frameP95: percentile(gaps, 0.95).toFixed(1), frameMax: Math.max(...gaps).toFixed(1), rowsInDom: rendered })}`,
    );
    expect(rendered).toBeLessThan(200);
    expect(Math.max(...gaps)).toBeLessThan(3000);
    await page.getByRole('button', { name: 'Back to live' }).click();
  });
});
