#!/usr/bin/env node
// Renders build/icon.svg and build/tray.svg to the PNGs electron-builder and the tray use, with the
// system's Chromium (headless, via playwright-core). Run it after editing an SVG; the files are committed.
//   node build/render-icons.mjs          (everything)
//   node build/render-icons.mjs --tray   (only the tray icons)
// Tray icons (src/main/tray-icons.ts): <state>.png 24 px and <state>@2x.png 48 px (Linux), <state>.ico with
// 16/20/24/32/40/48 px PNG frames (Windows), <state>Template.png 16 px and @2x 32 px, black and alpha (macOS).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

// macOS Template images: black and alpha only, so the state is in the shape, not the colour.
const TEMPLATE = {
  running: { fill: '#000', badge: '' },
  stopped: { fill: 'none', badge: '' },
  error: {
    fill: '#000',
    badge: '<circle cx="25" cy="8" r="6.5" fill="#000"/><rect x="24" y="4" width="2" height="5" fill="#fff" style="mix-blend-mode:destination-out"/>',
  },
};
const TEMPLATE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">
  <defs><mask id="m"><rect width="32" height="32" fill="#fff"/>MASK</mask></defs>
  <g mask="url(#m)">
    <g stroke="#000" stroke-width="2" stroke-linejoin="round" fill="FILL">
      <rect x="10" y="2" width="4" height="9" rx="1"/>
      <rect x="18" y="2" width="4" height="9" rx="1"/>
      <rect x="6" y="10" width="20" height="11" rx="4"/>
    </g>
    <path d="M16 21 V25 Q16 29 20 29 H27" fill="none" stroke="#000" stroke-width="3.4" stroke-linecap="round"/>
    BADGE
  </g>
</svg>`;

/** An .ico holding PNG frames (valid since Windows Vista), largest last. */
function ico(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, data } of pngs) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

const trayOnly = process.argv.includes('--tray');
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
  if (!trayOnly) {
    const icon = readFileSync(join(here, 'icon.svg'), 'utf8');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) await render(icon, size, join(here, 'icons', `${size}x${size}.png`));
    await render(icon, 1024, join(here, 'icon.png'));
  }
  const tray = readFileSync(join(here, 'tray.svg'), 'utf8');
  for (const [state, { color, badge }] of Object.entries(TRAY)) {
    const svg = tray.replaceAll('COLOR', color).replace('BADGE', badge);
    await render(svg, 24, join(here, 'tray', `${state}.png`));
    await render(svg, 48, join(here, 'tray', `${state}@2x.png`));
    const frames = [];
    for (const size of [16, 20, 24, 32, 40, 48]) {
      const out = join(here, 'tray', `.${state}-${size}.png`);
      await render(svg, size, out);
      frames.push({ size, data: readFileSync(out) });
    }
    writeFileSync(join(here, 'tray', `${state}.ico`), ico(frames));
    for (const { size } of frames) (await import('node:fs')).rmSync(join(here, 'tray', `.${state}-${size}.png`));
    console.log(`wrote ${join(here, 'tray', `${state}.ico`)}`);
  }
  for (const [state, { fill, badge }] of Object.entries(TEMPLATE)) {
    // The error badge's "!" is cut out of the badge by the mask.
    const mask = state === 'error' ? '<rect x="24" y="3.5" width="2" height="5.5" fill="#000"/><rect x="24" y="10" width="2" height="2" fill="#000"/>' : '';
    const svg = TEMPLATE_SVG.replace('FILL', fill).replace('MASK', mask).replace('BADGE', badge.replace(/<rect[^>]*>/, ''));
    await render(svg, 16, join(here, 'tray', `${state}Template.png`));
    await render(svg, 32, join(here, 'tray', `${state}Template@2x.png`));
  }
} finally {
  await browser.close();
}
