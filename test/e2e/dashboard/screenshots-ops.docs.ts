/**
 * docs/ screenshots of the classroom entry points: the projector view, the join page a phone opens from
 * its QR code, the token entry page, and the loopback-only warning. `npm run screenshots` (not npm test).
 */
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, openDashboard, startStack, type Stack } from './harness.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The join page as a phone on the LAN gets it (its Host header names the LAN address). */
function joinPageAs(port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/join', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('docs screenshots: joining and entry', () => {
  const stacks: Stack[] = [];
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.close()));
  });

  it('captures the projector view, the join page, the entry page and the loopback warning', async () => {
    const lan = await startStack({ host: '127.0.0.1' }, () => ['http://192.168.1.23:9000/', 'http://10.8.0.14:9000/']);
    stacks.push(lan);
    const browser = await launchChromium();
    try {
      for (const id of ['teacher-laptop', 'alice-pixel-8', 'bob-thinkpad']) await lan.peer(id);
      const page = await openDashboard(browser, lan);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('button', { name: 'Projector view' }).click();
      await page.getByTestId('projector').waitFor();
      await sleep(200);
      await page.screenshot({ path: `${DOCS}screenshot-projector.png` });
      await page.keyboard.press('Escape');

      const phone = await browser.context.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      const html = await joinPageAs(lan.port, '192.168.1.23:9000');
      await phone.route('http://192.168.1.23:9000/join', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      await phone.goto('http://192.168.1.23:9000/join');
      await phone.screenshot({ path: `${DOCS}screenshot-join-phone.png` });
      await phone.close();

      const entry = await browser.context.newPage();
      await entry.setViewportSize({ width: 1000, height: 640 });
      await entry.context().clearCookies();
      await entry.goto(`http://127.0.0.1:${lan.dashboard.port}/`);
      await entry.screenshot({ path: `${DOCS}screenshot-entry.png` });
      await entry.close();

      // Bound to loopback and the machine has no LAN: the card says only this computer can connect.
      const local = await startStack({ host: '127.0.0.1' });
      stacks.push(local);
      const lonely = await openDashboard(browser, local);
      await lonely.setViewportSize({ width: 1440, height: 900 });
      await lonely.getByTestId('loopback-warning').waitFor();
      await lonely.screenshot({ path: `${DOCS}screenshot-loopback.png`, clip: { x: 0, y: 0, width: 1440, height: 380 } });
      expect(true).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
