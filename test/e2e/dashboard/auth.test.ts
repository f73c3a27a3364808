/**
 * The dashboard server's guard and admin protocol: 401 without the token (pages, assets, socket),
 * the cookie that lets the page load its assets, same-origin sockets only, and zod-validated
 * JSON-RPC where bad input gets an error reply and the server keeps going.
 */
import { readdirSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { STATIC_DIR, startStack, type Stack } from './harness.js';

interface Reply {
  id?: number | null;
  result?: unknown;
  error?: { message: string };
  type?: string;
}

function openAdmin(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; replies: Reply[]; next: (pred: (r: Reply) => boolean) => Promise<Reply> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const replies: Reply[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (d) => {
      replies.push(JSON.parse(d.toString()) as Reply);
      for (const w of [...waiters]) w();
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        replies,
        next: (pred) =>
          new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`no reply; got ${JSON.stringify(replies)}`)), 5000);
            const check = () => {
              const found = replies.find(pred);
              if (found) {
                clearTimeout(timer);
                waiters.delete(check);
                res(found);
              }
            };
            waiters.add(check);
            check();
          }),
      }),
    );
  });
}

describe('dashboard server: token and admin protocol', () => {
  let stack: Stack;
  let base: string;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    token = stack.dashboard.token;
    base = `http://127.0.0.1:${stack.dashboard.port}`;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('prints a 127.0.0.1 URL with a long random token', () => {
    expect(stack.dashboard.url).toBe(`${base}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 without the token or with a wrong one, for pages and assets alike', async () => {
    const asset = readdirSync(`${STATIC_DIR}/assets`).find((f) => f.endsWith('.js'));
    for (const path of ['/', '/index.html', `/assets/${asset}`, '/?token=wrong', `/?token=${token}x`, '/admin']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain('token');
    }
    const wrongCookie = await fetch(`${base}/`, { headers: { cookie: 'switchboard_token=nope' } });
    expect(wrongCookie.status).toBe(401);
  });

  it('serves the page with the token, sets an HttpOnly SameSite cookie, and the cookie loads the assets', async () => {
    const res = await fetch(`${base}/?token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const html = await res.text();
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${base}/${asset}`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/nope.txt?token=${token}`)).status).toBe(404);
  });

  it('refuses the admin socket without the token, and from another origin', async () => {
    await expect(openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/admin`)).rejects.toThrow('HTTP 401');
    await expect(openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/admin?token=bad`)).rejects.toThrow('HTTP 401');
    await expect(openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/admin?token=${token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/other?token=${token}`)).rejects.toThrow('HTTP 404');
  });

  it('answers bad requests with errors and keeps serving', async () => {
    const admin = await openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/admin?token=${token}`);
    admin.ws.send('not json');
    admin.ws.send(JSON.stringify({ id: 1, method: 'format-disk' }));
    admin.ws.send(JSON.stringify({ id: 2, method: 'disconnectPeer', params: { id: 42 } }));
    admin.ws.send(JSON.stringify([1, 2, 3]));
    admin.ws.send(Buffer.from([0xde, 0xad]));
    admin.ws.send(JSON.stringify({ id: 3, method: 'applySettings', params: { settings: { ...DEFAULT_SETTINGS, port: 70000 } } }));
    admin.ws.send(JSON.stringify({ id: 4, method: 'applySettings', params: { settings: 'everything' } }));
    admin.ws.send(JSON.stringify({ id: 5, method: 'getSnapshot' }));
    admin.ws.send(JSON.stringify({ id: 6, method: 'disconnectPeer', params: { id: 'nobody' } }));
    const r5 = await admin.next((r) => r.id === 5);
    expect(r5.result).toMatchObject({ state: { status: 'running' } });
    expect((await admin.next((r) => r.id === 1)).error?.message).toMatch(/Bad request/);
    expect((await admin.next((r) => r.id === 2)).result).toMatchObject({ ok: false, issues: [{ field: '(arguments)', message: 'A peer id is required' }] });
    expect(admin.replies.filter((r) => r.id === null && r.error).length).toBeGreaterThanOrEqual(3);
    expect((await admin.next((r) => r.id === 3)).result).toMatchObject({ ok: false, issues: [{ field: 'port', message: 'Port must be a whole number from 0 to 65535' }] });
    expect((await admin.next((r) => r.id === 4)).result).toMatchObject({ ok: false });
    expect((await admin.next((r) => r.id === 6)).result).toMatchObject({ ok: false });
    expect(stack.settings().port).toBe(stack.port);
    admin.ws.close();
  });

  it('pushes batches to a subscribed socket', async () => {
    const admin = await openAdmin(`ws://127.0.0.1:${stack.dashboard.port}/admin?token=${token}`);
    admin.ws.send(JSON.stringify({ id: 1, method: 'subscribe' }));
    await admin.next((r) => r.id === 1);
    const peer = await stack.peer('batch-watcher');
    const batch = (await admin.next((r) => r.type === 'batch' && JSON.stringify(r).includes('batch-watcher'))) as Reply & { batch: { events: { kind: string }[] } };
    expect(batch.batch.events.some((e) => e.kind === 'connection-opened')).toBe(true);
    await peer.close();
    admin.ws.close();
  });
});
