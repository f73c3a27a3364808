#!/usr/bin/env node
/**
 * Dashboard benchmark (run by hand, not a test): 500 peers join, the Peers list scrolls, a
 * 20,000-message burst streams in, then a search runs over the 10,000 rows held; measured inside
 * Debian's Chromium (rAF frame gaps, long tasks, layout shifts, the Pause button's position).
 *
 *   npm run build:node && npm run build:renderer && node bench/dashboard.mjs [--static DIR] [--label NAME] [--out FILE]
 *
 * --static serves another build of the renderer (e.g. the previous version) against the same core,
 * so two dashboards can be measured side by side in one run. Prints JSON; --out appends a Markdown
 * row. Linux; CHROMIUM_PATH or /usr/bin/chromium.
 */
import { existsSync, appendFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    static: { type: 'string', default: path.join(ROOT, 'out/renderer') },
    label: { type: 'string', default: 'this branch' },
    out: { type: 'string' },
    peers: { type: 'string', default: '500' },
    messages: { type: 'string', default: '20000' },
  },
});
const PEERS = Number(args.peers);
const MESSAGES = Number(args.messages);
if (!existsSync(path.join(ROOT, 'dist/control/index.js')) || !existsSync(path.join(args.static, 'index.html'))) {
  console.error('Build first: npm run build:node && npm run build:renderer');
  process.exit(2);
}
const { createController, createMemorySettingsStore } = await import(path.join(ROOT, 'dist/control/index.js'));
const { createSignalingServer } = await import(path.join(ROOT, 'dist/core/index.js'));
const { startDashboardServer } = await import(path.join(ROOT, 'dist/cli/dashboard/index.js'));
const { DEFAULT_SETTINGS } = await import(path.join(ROOT, 'dist/shared/settings.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] : 0;
};

// --- the stack -----------------------------------------------------------------------------------
const settingsStore = createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1', port: 0 });
const controller = createController({
  createServer: (options) => createSignalingServer(options),
  settingsStore,
  overrides: { port: 0 },
  addresses: (b) => [`http://127.0.0.1:${b.port}${b.path}`],
  logError: () => undefined,
});
const started = await controller.start();
if (!started.ok) throw new Error(started.error);
const port = (await controller.getSnapshot()).state.port;
const dashboard = await startDashboardServer({ control: controller, host: '127.0.0.1', port: 0, staticDir: args.static });

function peer(id) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${encodeURIComponent(id)}&token=t-${id}`);
    let received = 0;
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'OPEN') resolve(client);
      else received++;
    });
    ws.on('error', reject);
    const client = { id, ws, get received() { return received; }, send: (m) => ws.send(JSON.stringify(m)) };
  });
}

// --- the page ------------------------------------------------------------------------------------
const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'sb-bench-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1440, height: 900 },
});
const page = await browser.newPage();
await page.goto(dashboard.url);
await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();

async function probe() {
  await page.evaluate(() => {
    const p = { gaps: [], tasks: [], shifts: 0, shiftMax: 0 };
    window.__bench = p;
    let last = performance.now();
    const loop = (t) => {
      p.gaps.push(t - last);
      last = t;
      if (window.__bench === p) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    new PerformanceObserver((l) => l.getEntries().forEach((e) => p.tasks.push(e.duration))).observe({ type: 'longtask' });
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        if (!e.hadRecentInput) {
          p.shifts += e.value;
          p.shiftMax = Math.max(p.shiftMax, e.value);
        }
      }),
    ).observe({ type: 'layout-shift' });
  });
}
async function collect() {
  const p = await page.evaluate(() => {
    const r = window.__bench;
    window.__bench = null;
    return r;
  });
  const gaps = p.gaps.slice(1);
  return { frames: gaps.length, frameP95: +pct(gaps, 0.95).toFixed(1), frameMax: +Math.max(0, ...gaps).toFixed(1), longestTask: +Math.max(0, ...p.tasks).toFixed(0), longTasks: p.tasks.length, layoutShift: +p.shifts.toFixed(4) };
}

const results = { label: args.label, peers: PEERS, messages: MESSAGES, load: loadavg().map((l) => +l.toFixed(2)), cpus: cpus().length };

// 1. 500 peers join (in waves of 50), with PeerJS's 5 s heartbeat.
await probe();
const clients = [];
for (let i = 0; i < PEERS; i += 50) {
  clients.push(...(await Promise.all(Array.from({ length: Math.min(50, PEERS - i) }, (_, j) => peer(`student-${String(i + j).padStart(3, '0')}`)))));
  await sleep(100);
}
const beats = setInterval(() => clients.forEach((c) => c.send({ type: 'HEARTBEAT' })), 5000);
await page.waitForFunction((n) => document.querySelector('[data-testid="peer-count"]')?.textContent === String(n), PEERS, { timeout: 60_000 });
await sleep(1500);
results.join = await collect();

// 2. Scroll the Peers list (the full view when there is one).
const fullView = page.getByRole('tab', { name: 'Peers', exact: true });
if (await fullView.count()) await fullView.click();
const scroller = page.locator('.peers-grid, .peers-card .table-scroll').last();
const box = await scroller.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
await probe();
for (let i = 0; i < 40; i++) {
  await page.mouse.wheel(0, i < 20 ? 600 : -600);
  await sleep(16);
}
await sleep(300);
results.peersScroll = await collect();
const trafficTab = page.getByRole('tab', { name: 'Traffic' });
await trafficTab.click();

// 3. A 20,000-message burst (10 senders → 10 receivers); the pointer rests on Pause.
const pause = page.getByTestId('pause');
const pb = await pause.boundingBox();
await page.mouse.move(pb.x + pb.width / 2, pb.y + pb.height / 2);
const pauseYBefore = pb.y;
await probe();
const t0 = Date.now();
for (let i = 0; i < MESSAGES; i++) {
  const from = clients[i % 10];
  const to = clients[10 + (i % 10)];
  from.send({ type: 'CANDIDATE', dst: to.id, payload: { candidate: { candidate: 'candidate:1 1 udp 2122260223 192.168.1.23 50968 typ host', sdpMid: '0' }, type: 'data', connectionId: `dc_${i % 50}`, n: i } });
  if (i % 500 === 499) await new Promise((r) => setImmediate(r));
}
while (clients.slice(10, 20).reduce((n, c) => n + c.received, 0) < MESSAGES && Date.now() - t0 < 120_000) await sleep(50);
results.relayMs = Date.now() - t0;
await sleep(1500);
results.burst = await collect();
results.burst.pauseMoved = Math.abs(((await pause.boundingBox())?.y ?? pauseYBefore) - pauseYBefore);

// 4. Search over the rows held (10,000): time from the keystroke to the updated list painted.
results.rowsHeld = await page.getByTestId('row-count').textContent();
const search = async (text) =>
  page.evaluate(async (q) => {
    const input = document.querySelector('[data-testid="filter-text"]');
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const t = performance.now();
    set.call(input, q);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t;
  }, text);
const searches = [];
for (const q of ['"n":1999', 'dc_17', 'student-013', '192.168', '']) searches.push(+(await search(q)).toFixed(1));
results.searchMs = searches;
results.searchMax = Math.max(...searches);

clearInterval(beats);
console.log(JSON.stringify(results, null, 2));
if (args.out) {
  const row = `| ${args.label} | ${results.load.join(' / ')} | ${results.join.longestTask} | ${results.join.frameP95} | ${results.peersScroll.frameP95} | ${results.burst.frameP95} (max ${results.burst.frameMax}) | ${results.burst.longestTask} | ${results.searchMax} | ${results.burst.layoutShift} / ${results.burst.pauseMoved} px |\n`;
  appendFileSync(args.out, row);
}
await browser.close();
clients.forEach((c) => c.ws.close());
await dashboard.close();
await controller.dispose();
process.exit(0);
