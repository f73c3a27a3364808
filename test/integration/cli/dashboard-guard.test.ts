/**
 * The dashboard server's guard with malformed requests: a request target or token cookie that does not
 * parse gets a 4xx answer (socket upgrades included), never a crash of the process or a 500.
 */
import { connect as netConnect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from '../../../src/cli/dashboard/index.js';
import { createController, createMemorySettingsStore, type Controller } from '../../../src/control/index.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

/** Sends raw HTTP and returns the status line of the answer. */
function rawStatus(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      got += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got.split('\r\n', 1)[0] ?? ''));
    socket.write(request);
    setTimeout(() => socket.end(), 500);
  });
}

describe('dashboard server: malformed requests', () => {
  let dir: string;
  let controller: Controller;
  let dashboard: DashboardServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-dash-guard-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1' }),
      overrides: { port: 0 },
    });
    dashboard = await startDashboardServer({ control: controller, host: '127.0.0.1', port: 0, staticDir: dir });
  });
  afterAll(async () => {
    await dashboard.close();
    await controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const upgrade = (target: string, extra = '') =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

  it('answers an upgrade with a broken token cookie with 401 and keeps serving', async () => {
    expect(await rawStatus(dashboard.port, upgrade('/admin', 'Cookie: switchboard_token=%E0%A4%A\r\n'))).toMatch(/^HTTP\/1\.1 401/);
    const ok = await fetch(dashboard.url);
    expect(ok.status).toBe(200);
  });

  it('answers an upgrade whose target is not a valid URL path with 404 and keeps serving', async () => {
    expect(await rawStatus(dashboard.port, upgrade('//'))).toMatch(/^HTTP\/1\.1 40[04]/);
    const ok = await fetch(dashboard.url);
    expect(ok.status).toBe(200);
  });

  it('answers a page request with a broken token cookie with 401, not 500', async () => {
    const res = await fetch(`http://127.0.0.1:${dashboard.port}/`, { headers: { cookie: 'switchboard_token=%' } });
    expect(res.status).toBe(401);
  });
});
