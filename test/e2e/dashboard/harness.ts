/**
 * The real headless stack for dashboard tests: core + controller + dashboard server on 127.0.0.1,
 * Debian Chromium on the page, real `ws` PeerJS clients. Builds the renderer once if it is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createController, createMemorySettingsStore, type Controller } from '../../../src/control/index.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { startDashboardServer, type DashboardServer } from '../../../src/cli/dashboard/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { launchChromium, type LaunchedBrowser } from '../../helpers/chromium.js';
import { freePort } from '../../helpers/net.js';
import { connect, type TestClient } from '../../helpers/ws-client.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The renderer build served; SWITCHBOARD_DASHBOARD_STATIC points at another build (e.g. to run a test against an older dashboard). */
export const STATIC_DIR = process.env.SWITCHBOARD_DASHBOARD_STATIC ?? `${ROOT}out/renderer`;

export function ensureRendererBuilt(): void {
  if (existsSync(`${STATIC_DIR}/index.html`)) return;
  execFileSync('npx', ['vite', 'build', '-c', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Stack {
  controller: Controller;
  dashboard: DashboardServer;
  settings: () => Settings;
  /** The signaling port (fixed across Stop/Start). */
  port: number;
  clients: TestClient[];
  /** A PeerJS client that is OPEN. */
  peer(id: string): Promise<TestClient>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** The core's ring buffer (and what the dashboard is told it holds). */
  history?: { maxEvents: number; maxBytes: number };
}

export async function startStack(settings: Partial<Settings> = {}, addresses?: (port: number) => string[], extra: StackOptions = {}): Promise<Stack> {
  ensureRendererBuilt();
  const port = await freePort();
  const store = createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1', port, ...settings });
  const controller = createController({
    createServer: (options) => createSignalingServer(options),
    settingsStore: store,
    addresses: (b) => addresses?.(b.port) ?? [`http://127.0.0.1:${b.port}${b.path}`],
    logError: () => undefined,
    ...(extra.history ? { overrides: { history: extra.history }, history: extra.history } : {}),
  });
  const started = await controller.start();
  if (!started.ok) throw new Error(started.error);
  const dashboard = await startDashboardServer({ control: controller, host: '127.0.0.1', port: 0, staticDir: STATIC_DIR });
  const clients: TestClient[] = [];
  return {
    controller,
    dashboard,
    settings: () => store.current(),
    port,
    clients,
    async peer(id) {
      const c = await connect(port, { id, token: `tok-${id}` });
      clients.push(c);
      await c.next((m) => m.type === 'OPEN');
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await dashboard.close();
      await controller.dispose();
    },
  };
}

export async function openDashboard(browser: LaunchedBrowser, stack: Stack): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(stack.dashboard.url);
  await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
  return page;
}

export { launchChromium };

/**
 * One stack, one browser and one dashboard page for a whole test file: started before the first test,
 * closed after the last. `use` receives them once they are up.
 */
export function useDashboardSession(settings: Partial<Settings>, use: (session: { stack: Stack; page: Page }) => void, extra: StackOptions = {}): void {
  let stack: Stack | null = null;
  let browser: LaunchedBrowser | null = null;
  beforeAll(async () => {
    stack = await startStack(settings, undefined, extra);
    browser = await launchChromium();
    use({ stack, page: await openDashboard(browser, stack) });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
}

/** The (type, src, dst) of every rendered traffic row, top to bottom. */
export async function visibleRows(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="traffic-list"] [role="option"]', (els) =>
    els
      .map((el) => ({ y: Number(/translateY\(([\d.]+)px\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 0), el }))
      .sort((a, b) => a.y - b.y)
      .map(({ el }) => `${el.getAttribute('data-dir')} ${el.getAttribute('data-type')} ${el.querySelector('.ends')?.getAttribute('title') ?? ''}`),
  );
}

/** Sets the traffic type filter to exactly `types` (empty = all) through the type menu. */
export async function setTypes(page: Page, types: string[]): Promise<void> {
  const menu = page.locator('details.type-picker');
  if ((await menu.getAttribute('open')) === null) await page.getByTestId('filter-type').click();
  for (const box of await menu.locator('input[type="checkbox"]').all()) {
    const type = ((await box.getAttribute('data-testid')) ?? '').slice('type-'.length);
    if ((await box.isChecked()) !== types.includes(type)) await box.click();
  }
  await page.getByTestId('filter-type').click();
}
