/**
 * Finds and launches Debian's Chromium for browser tests (never a downloaded browser).
 * CHROMIUM_PATH wins; else the usual system paths. `npm test` (scripts/test.js) refuses to run
 * without one, so a browser test never skips itself quietly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh persistent context (Playwright refuses --user-data-dir in args). */
export async function launchChromium(opts: { webrtc?: boolean } = {}): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
  const args = [...CHROMIUM_FLAGS];
  if (opts.webrtc) args.push('--allow-loopback-in-peer-connection');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args,
    // Chromium only offers non-default ICE addresses to pages holding these permissions; no device is opened.
    permissions: opts.webrtc ? ['camera', 'microphone'] : [],
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
