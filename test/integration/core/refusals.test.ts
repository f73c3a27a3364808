/**
 * Clean refusals before the upgrade: a duplicated id/token/key is 400, an Origin off the cors allow-list is
 * 403 (no Origin: allowed), and request headers over Node's limit get 431 rather than a TCP reset, on the
 * signaling server and on the headless dashboard server.
 */
import { connect as netConnect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { startDashboardServer } from '../../../src/cli/dashboard/index.js';
import { createController, createMemorySettingsStore } from '../../../src/control/index.js';
import { createSignalingServer, type ServerEvent } from '../../../src/core/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { startServer } from '../../helpers/server.js';
import { connectOpen } from '../../helpers/ws-client.js';

/** Tries an upgrade; resolves 'open' or the HTTP status and body it was refused with. */
function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number | 'open'; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve({ status: 'open', body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

/** Sends raw bytes and resolves everything answered before the server closed (rejects on a reset). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (got += chunk));
    socket.on('error', (err) => reject(new Error(`${(err as NodeJS.ErrnoException).code ?? err.message} after ${JSON.stringify(got)}`)));
    socket.on('close', () => resolve(got));
    socket.write(request);
  });
}

const BIG = 'x'.repeat(100 * 1024);

describe('duplicated id, token or key: HTTP 400 before the upgrade', () => {
  it.each([
    ['id', 'key=peerjs&id=a&id=b&token=t'],
    ['token', 'key=peerjs&id=a&token=t&token=u'],
    ['key', 'key=peerjs&key=wrong&id=a&token=t'],
    ['id (same value twice)', 'key=peerjs&id=a&id=a&token=t'],
  ])('%s', async (name, query) => {
    const { port, server } = await startServer();
    const events: ServerEvent[] = [];
    server.on('connection-refused', (e) => events.push(e));
    const r = await tryUpgrade(`ws://127.0.0.1:${port}/peerjs?${query}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/given more than once/);
    expect(server.peers()).toEqual([]);
    expect(events).toMatchObject([{ kind: 'connection-refused', reason: 'duplicate-params' }]);
    expect(server.stats().refusedTotal).toBe(1);
    // The same request without the duplicate is admitted.
    const ok = await connectOpen(port, { id: 'a', token: 't' });
    await ok.close();
  });
});

describe('cors allow-list applies to WebSocket upgrades', () => {
  it('Origin on the list: admitted; another Origin: 403; no Origin (not a browser): admitted', async () => {
    const { port, server } = await startServer({ cors: ['http://good.example', 'http://also.example'] });
    const url = (id: string) => `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t`;
    expect((await tryUpgrade(url('a'), { Origin: 'http://good.example' })).status).toBe('open');
    expect((await tryUpgrade(url('b'), { Origin: 'http://also.example' })).status).toBe('open');
    const evil = await tryUpgrade(url('c'), { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatch(/not allowed/);
    expect((await tryUpgrade(url('d'), { Origin: 'null' })).status).toBe(403);
    expect((await tryUpgrade(url('e'), { Origin: 'http://good.example.evil.example' })).status).toBe(403);
    expect((await tryUpgrade(url('f'))).status).toBe('open');
    expect(server.stats().refusedTotal).toBe(3);
    expect(server.recentEvents().filter((e) => e.kind === 'connection-refused').map((e) => e.kind === 'connection-refused' && e.reason)).toEqual([
      'origin-not-allowed',
      'origin-not-allowed',
      'origin-not-allowed',
    ]);
  });

  it('without an allow-list (the default) any Origin is admitted', async () => {
    const { port } = await startServer();
    expect((await tryUpgrade(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=a&token=t`, { Origin: 'http://anywhere.example' })).status).toBe('open');
  });
});

describe('oversized request headers: 431, not a reset', () => {
  it('signaling server: HTTP route and WebSocket upgrade both answer 431; the server keeps serving', async () => {
    const { port, base } = await startServer();
    const plain = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${BIG}\r\n\r\n`);
    expect(plain).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const upgrade = await rawExchange(
      port,
      `GET /peerjs?key=peerjs&id=a&token=t HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Big: ${BIG}\r\n\r\n`,
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${base}/`)).status).toBe(200);
    const c = await connectOpen(port, { id: 'after' });
    await c.close();
  });

  it('headless dashboard server: 431 too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-431-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1' }),
      overrides: { port: 0 },
    });
    const dashboard = await startDashboardServer({ control: controller, host: '127.0.0.1', port: 0, staticDir: dir });
    try {
      const answer = await rawExchange(dashboard.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${BIG}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect((await fetch(dashboard.url)).status).toBe(200);
    } finally {
      await dashboard.close();
      await controller.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
