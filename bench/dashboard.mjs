#!/usr/bin/env node
/**
 * Dashboard benchmark (run by hand, not a test): 500 peers join, the Peers list scrolls, a
 * 20,000-message burst streams in, then a search runs over the 10,000 rows held; measured inside
 * Debian's Chromium (rAF frame gaps, long tasks, layout shifts, the Pause button's position).
 *
 *   npm run build:node && npm run build:renderer && node bench/dashboard.mjs [--static DIR] [--label NAME] [--out FILE] [--trace] [--profile DIR]
 *
 * --static serves another build of the renderer (e.g. the previous version) against the same core,
 * so two dashboards can be measured side by side in one run. Prints JSON; --out appends a Markdown
 * row. --trace adds the main thread's CPU time (from a Chromium trace) of the join, scroll and burst phases,
 * which depends far less on the machine's load than frame gaps do. Linux; CHROMIUM_PATH or /usr/bin/chromium.
 */
import { existsSync, appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    // Records a Chromium trace of the join, scroll and burst phases: main-thread CPU time (thread time of the
    // renderer's top-level tasks), which is far less sensitive to the machine's load than frame gaps.
    trace: { type: 'boolean', default: false },
    // Writes a V8 CPU profile of each phase to this folder (for finding where the time goes).
    profile: { type: 'string' },
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

const cdp = args.trace || args.profile ? await page.context().newCDPSession(page) : null;
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

/** Starts recording a phase (trace and/or CPU profile). */
async function record() {
  if (!cdp) return;
  if (args.trace) await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReturnAsStream' });
  if (args.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
}

/** Main-thread time of the page's renderer: the thread time (CPU) and wall time of its top-level tasks, and their parts. */
function summarise(events, frames) {
  const mains = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.set(`${e.pid}:${e.tid}`, { cpu: 0, wall: 0, tasks: 0, parts: {} });
  const PARTS = { FunctionCall: 'script', EvaluateScript: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', V8Execute: 'script', Layout: 'layout', UpdateLayoutTree: 'style', Paint: 'paint', PrePaint: 'paint', Layerize: 'paint', UpdateLayer: 'paint', 'Document::updateStyleAndLayout': 'layout' };
  // Outermost tasks only (a task can run nested inside another).
  const runs = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const ends = new Map();
  for (const e of runs) {
    const k = `${e.pid}:${e.tid}`;
    if ((ends.get(k) ?? -1) > e.ts) continue;
    ends.set(k, e.ts + (e.dur ?? 0));
    const m = mains.get(k);
    m.cpu += (e.tdur ?? e.dur ?? 0) / 1000;
    m.wall += (e.dur ?? 0) / 1000;
    m.tasks++;
    (m.top ??= []).push(e);
  }
  const main = [...mains.values()].sort((a, b) => b.cpu - a.cpu)[0] ?? { cpu: 0, wall: 0, tasks: 0, top: [] };
  // The frames that did the phase's work: tasks that handled a scroll of the list, and tasks that
  // painted (a frame that changed the page). Their CPU time is the cost of one such frame.
  const mainKey = [...mains.entries()].find(([, v]) => v === main)?.[0];
  const inside = (match) => {
    const marks = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === mainKey && match(e)).map((e) => e.ts).sort((a, b) => a - b);
    const cpus = [];
    let i = 0;
    for (const t of main.top ?? []) {
      while (i < marks.length && marks[i] < t.ts) i++;
      if (i < marks.length && marks[i] <= t.ts + (t.dur ?? 0)) cpus.push((t.tdur ?? t.dur ?? 0) / 1000);
    }
    return cpus;
  };
  const stats = (cpus) => ({ count: cpus.length, meanMs: cpus.length ? +(cpus.reduce((a, b) => a + b, 0) / cpus.length).toFixed(1) : 0, p95Ms: +pct(cpus, 0.95).toFixed(1) });
  const scrollFrames = stats(inside((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'scroll'));
  const paintFrames = stats(inside((e) => e.name === 'Paint'));
  // Parts: the outermost event of each kind (nested ones are inside it).
  const key = [...mains.entries()].find(([, v]) => v === main)?.[0];
  const open = [];
  const parts = {};
  for (const e of events
    .filter((x) => x.ph === 'X' && `${x.pid}:${x.tid}` === key && PARTS[x.name])
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    const kind = PARTS[e.name];
    while (open.length && open[open.length - 1].end <= e.ts) open.pop();
    if (!open.some((o) => o.kind === kind)) parts[kind] = (parts[kind] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000;
    open.push({ kind, end: e.ts + (e.dur ?? 0) });
  }
  return {
    mainCpuMs: +main.cpu.toFixed(0),
    // The heaviest single task by CPU (what a long task is made of, far less load-sensitive than its wall time).
    maxTaskCpuMs: +Math.max(0, ...(main.top ?? []).map((t) => (t.tdur ?? t.dur ?? 0) / 1000)).toFixed(1),
    mainWallMs: +main.wall.toFixed(0),
    cpuPerFrameMs: frames ? +(main.cpu / frames).toFixed(2) : null,
    cpuParts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, +v.toFixed(0)])),
    // CPU of one frame that scrolled the list / that painted: count, mean, p95 (ms).
    scrollFrameCpu: scrollFrames,
    paintFrameCpu: paintFrames,
  };
}

/** Ends recording a phase: adds the trace figures to `into`, writes the profile. */
async function stopRecording(name, into) {
  if (!cdp) return;
  if (args.profile) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(args.profile, { recursive: true });
    writeFileSync(path.join(args.profile, `${args.label.replace(/\W+/g, '-')}-${name}.cpuprofile`), JSON.stringify(profile));
  }
  if (!args.trace) return;
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text);
  if (process.env.BENCH_KEEP_TRACE) writeFileSync(`${process.env.BENCH_KEEP_TRACE}-${name}.json`, text);
  Object.assign(into, summarise(Array.isArray(parsed) ? parsed : parsed.traceEvents, into.frames));
}

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
await record();
const clients = [];
for (let i = 0; i < PEERS; i += 50) {
  clients.push(...(await Promise.all(Array.from({ length: Math.min(50, PEERS - i) }, (_, j) => peer(`student-${String(i + j).padStart(3, '0')}`)))));
  await sleep(100);
}
const beats = setInterval(() => clients.forEach((c) => c.send({ type: 'HEARTBEAT' })), 5000);
await page.waitForFunction((n) => document.querySelector('[data-testid="peer-count"]')?.textContent === String(n), PEERS, { timeout: 60_000 });
await sleep(1500);
results.join = await collect();
await stopRecording('join', results.join);

// 2. Scroll the Peers list (the full view when there is one).
const fullView = page.getByRole('tab', { name: 'Peers', exact: true });
if (await fullView.count()) await fullView.click();
const scroller = page.locator('.peers-grid, .peers-card .table-scroll').last();
const box = await scroller.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
await probe();
await record();
for (let i = 0; i < 40; i++) {
  await page.mouse.wheel(0, i < 20 ? 600 : -600);
  await sleep(16);
}
await sleep(300);
results.peersScroll = await collect();
await stopRecording('scroll', results.peersScroll);
const trafficTab = page.getByRole('tab', { name: 'Traffic' });
await trafficTab.click();

// 3. A 20,000-message burst (10 senders → 10 receivers); the pointer rests on Pause.
const pause = page.getByTestId('pause');
const pb = await pause.boundingBox();
await page.mouse.move(pb.x + pb.width / 2, pb.y + pb.height / 2);
const pauseYBefore = pb.y;
await probe();
await record();
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
await stopRecording('burst', results.burst);
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
  const cpu = (phase, frames) => (phase.mainCpuMs === undefined ? '' : ` · CPU ${phase.mainCpuMs} ms; per ${frames === phase.scrollFrameCpu ? 'scrolled' : 'painted'} frame ${frames.meanMs} (p95 ${frames.p95Ms}, n ${frames.count})`);
  const row = `| ${args.label} | ${results.load.join(' / ')} | ${results.join.longestTask}${results.join.maxTaskCpuMs === undefined ? '' : ` · heaviest task CPU ${results.join.maxTaskCpuMs}`} | ${results.join.frameP95} | ${results.peersScroll.frameP95}${cpu(results.peersScroll, results.peersScroll.scrollFrameCpu)} | ${results.burst.frameP95} (max ${results.burst.frameMax})${cpu(results.burst, results.burst.paintFrameCpu)} | ${results.burst.longestTask} | ${results.searchMax} | ${results.burst.layoutShift} / ${results.burst.pauseMoved} px |\n`;
  appendFileSync(args.out, row);
}
await browser.close();
clients.forEach((c) => c.ws.close());
await dashboard.close();
await controller.dispose();
process.exit(0);
