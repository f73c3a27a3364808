/**
 * Renders a realistic, busy dashboard into docs/screenshot*.png (light, dark, flows, stats), and a
 * classroom with problems (Problems view, Peers with departed students, a narrow window).
 * Not part of `npm test` (it writes into docs/): `npm run screenshots` runs it with vitest.screenshots.config.ts.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSWER_SDP, CANDIDATES, DATA_OFFER_SDP, OFFER_SDP } from '../../unit/renderer/fixtures/sdp.js';
import type { TestClient } from '../../helpers/ws-client.js';
import { classroom } from './classroom.js';
import { launchChromium, openDashboard, startStack, type Stack } from './harness.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('docs screenshots', () => {
  let stack: Stack | null = null;
  afterAll(async () => {
    await stack?.close();
  });

  it('captures a busy classroom session', { timeout: 120_000 }, async () => {
    stack = await startStack({ alive_timeout: 12_000, expire_timeout: 2500, host: '127.0.0.1' }, (port) => [
      `http://192.168.1.23:${port}/`,
      `http://10.8.0.14:${port}/`,
    ]);
    const s = stack;
    // A peer that went quiet a while ago (amber/red badge by the time of the shot).
    const sleepy = await s.peer('old-chromebook');
    void sleepy;
    await sleep(2500);
    const quiet = await s.peer('hall-display');
    void quiet;
    const ids = ['teacher-laptop', 'projector-room-12', 'alice-pixel-8', 'bob-thinkpad', 'carol-ipad', '3f9c2a71-5d0e-4b8f-a6c1-92e4b7d05f13'];
    const peers = new Map<string, TestClient>();
    for (const id of ids) peers.set(id, await s.peer(id));
    const heartbeat = setInterval(() => {
      for (const c of peers.values()) c.send({ type: 'HEARTBEAT' });
    }, 5000);

    const negotiate = async (a: string, b: string, cid: string, media: boolean) => {
      const ca = peers.get(a);
      const cb = peers.get(b);
      if (!ca || !cb) return;
      const type = media ? 'media' : 'data';
      ca.send({ type: 'OFFER', dst: b, payload: { sdp: { type: 'offer', sdp: media ? OFFER_SDP : DATA_OFFER_SDP }, type, connectionId: cid, browser: 'chrome', label: cid, reliable: true, serialization: 'binary' } });
      await sleep(120);
      cb.send({ type: 'ANSWER', dst: a, payload: { sdp: { type: 'answer', sdp: ANSWER_SDP }, type, connectionId: cid, browser: 'firefox' } });
      for (const line of [CANDIDATES.host, CANDIDATES.mdns, CANDIDATES.srflx]) {
        await sleep(40);
        ca.send({ type: 'CANDIDATE', dst: b, payload: { candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0 }, type, connectionId: cid } });
      }
      await sleep(30);
      cb.send({ type: 'CANDIDATE', dst: a, payload: { candidate: { candidate: CANDIDATES.tcp, sdpMid: '0', sdpMLineIndex: 0 }, type, connectionId: cid } });
    };

    const browser = await launchChromium();
    try {
      const page = await openDashboard(browser, s);
      await negotiate('teacher-laptop', 'projector-room-12', 'mc_q8r2k1z7hd', true);
      await negotiate('alice-pixel-8', 'bob-thinkpad', 'dc_7m3x0p2wle', false);
      // An OFFER to a peer that never shows up: queued, then EXPIRE.
      peers.get('carol-ipad')?.send({ type: 'OFFER', dst: 'dave-phone', payload: { sdp: { type: 'offer', sdp: DATA_OFFER_SDP }, type: 'data', connectionId: 'dc_n4v8s1c0aa', browser: 'safari' } });
      await negotiate('3f9c2a71-5d0e-4b8f-a6c1-92e4b7d05f13', 'teacher-laptop', 'dc_k2j5h8g1ff', false);
      await negotiate('bob-thinkpad', 'carol-ipad', 'mc_p0o9i8u7yt', true);
      await sleep(3500);
      await negotiate('alice-pixel-8', 'teacher-laptop', 'dc_z1x2c3v4bn', false);
      await sleep(1200);

      // Traffic with the OFFER's SDP in the inspector.
      await page.getByTestId('filter-type').click();
      await page.getByTestId('type-OFFER').check();
      await page.locator('[data-testid="traffic-list"] [role="option"]').first().click();
      await page.getByTestId('type-OFFER').uncheck();
      await page.getByTestId('filter-type').click();
      await page.getByTestId('sdp-summary').waitFor();
      await page.emulateMedia({ colorScheme: 'light' });
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });

      await page.getByRole('tab', { name: 'Flows' }).click();
      await page.getByTestId('flow-item').filter({ hasText: 'expired' }).first().click();
      await sleep(200);
      await page.screenshot({ path: `${DOCS}screenshot-flows.png` });
      await page.getByTestId('flow-item').filter({ hasText: 'projector-room-12' }).first().click();
      await sleep(200);
      await page.screenshot({ path: `${DOCS}screenshot-flows-ok.png` });

      await page.getByRole('tab', { name: 'Stats' }).click();
      await sleep(1500);
      await page.screenshot({ path: `${DOCS}screenshot-stats.png` });
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Port', { exact: true }).fill('70000');
      await sleep(200);
      await page.screenshot({ path: `${DOCS}screenshot-settings.png` });
      expect(true).toBe(true);
    } finally {
      clearInterval(heartbeat);
      await browser.close();
    }
  });

  it('captures a classroom with problems, wide, narrow and dark', { timeout: 120_000 }, async () => {
    await stack?.close();
    stack = await startStack({ alive_timeout: 4000, expire_timeout: 2500, host: '127.0.0.1' }, (port) => [`http://192.168.1.23:${port}/`]);
    const room = await classroom(stack);
    const browser = await launchChromium();
    try {
      const page = await openDashboard(browser, stack);
      await sleep(6500);
      await page.getByRole('tab', { name: 'Problems' }).click();
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot-problems.png` });
      await page.getByRole('tab', { name: 'Peers' }).click();
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot-peers.png` });
      await page.getByRole('tab', { name: 'Traffic' }).click();
      await page.setViewportSize({ width: 900, height: 600 });
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot-narrow.png`, fullPage: true });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.getByRole('tab', { name: 'Problems' }).click();
      await sleep(300);
      await page.screenshot({ path: `${DOCS}screenshot-problems-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
    } finally {
      room.stopHeartbeats();
      await browser.close();
    }
  });
});
