#!/usr/bin/env node
// Renders build/icon.svg and build/tray.svg to the PNGs electron-builder and the tray use, with the
// system's Chromium (headless, via playwright-core). Run it after editing an SVG; the PNGs are committed.
//   node build/render-icons.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const TRAY = {
  running: { color: '#22c55e', badge: '' },
  stopped: { color: '#9ca3af', badge: '' },
  error: {
    color: '#ef4444',
    badge: '<circle cx="25" cy="8" r="6.5" fill="#ef4444" stroke="#0f172a" stroke-width="1.2"/><rect x="24" y="4" width="2" height="5" fill="#fff"/><rect x="24" y="10" width="2" height="2" fill="#fff"/>',
  },
};

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  async function render(svg, size, out) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`wrote ${out}`);
  }
  const icon = readFileSync(join(here, 'icon.svg'), 'utf8');
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) await render(icon, size, join(here, 'icons', `${size}x${size}.png`));
  await render(icon, 1024, join(here, 'icon.png'));
  const tray = readFileSync(join(here, 'tray.svg'), 'utf8');
  for (const [state, { color, badge }] of Object.entries(TRAY)) {
    const svg = tray.replaceAll('COLOR', color).replace('BADGE', badge);
    await render(svg, 32, join(here, 'tray', `${state}.png`));
  }
} finally {
  await browser.close();
}
