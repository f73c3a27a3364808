import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRequestPath, createAppProtocolHandler } from '../../../src/main/app-protocol.js';
import { isAppUrl, resolveAppLocation } from '../../../src/main/app-url.js';
import { contentSecurityPolicy, hardenWebContents, installSessionPolicy } from '../../../src/main/security.js';
import { FakeWebContents, as, fakeEvent } from './fakes.js';

const ROOT = '/opt/Switchboard ^ é/resources/app.asar/out/renderer';

describe('app location and URL check', () => {
  it('serves the built renderer as app://switchboard/index.html, and accepts only that page (any hash or query)', () => {
    const loc = resolveAppLocation({ devUrl: undefined, isPackaged: true, rendererRoot: ROOT });
    expect(loc).toEqual({ kind: 'app', root: ROOT, url: 'app://switchboard/index.html' });
    expect(isAppUrl(loc, 'app://switchboard/index.html')).toBe(true);
    expect(isAppUrl(loc, 'app://switchboard/index.html#/peers?x=1')).toBe(true);
    expect(isAppUrl(loc, 'app://switchboard/evil.html')).toBe(false);
    expect(isAppUrl(loc, 'app://other/index.html')).toBe(false);
    expect(isAppUrl(loc, `file://${ROOT}/index.html`)).toBe(false);
    expect(isAppUrl(loc, 'file:///etc/passwd')).toBe(false);
    expect(isAppUrl(loc, 'https://example.com/')).toBe(false);
    expect(isAppUrl(loc, 'not a url')).toBe(false);
  });

  it('trusts ELECTRON_RENDERER_URL only unpackaged and on loopback', () => {
    const dev = resolveAppLocation({ devUrl: 'http://localhost:5173/', isPackaged: false, rendererRoot: ROOT });
    expect(dev).toMatchObject({ kind: 'dev', origin: 'http://localhost:5173' });
    expect(isAppUrl(dev, 'http://localhost:5173/index.html')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(resolveAppLocation({ devUrl: 'http://localhost:5173/', isPackaged: true, rendererRoot: ROOT }).kind).toBe('app');
    expect(resolveAppLocation({ devUrl: 'http://evil.example:5173/', isPackaged: false, rendererRoot: ROOT }).kind).toBe('app');
    expect(resolveAppLocation({ devUrl: 'javascript:alert(1)', isPackaged: false, rendererRoot: ROOT }).kind).toBe('app');
  });
});

describe('app:// protocol handler', () => {
  it('serves files under the renderer root with the CSP header, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-app-proto-'));
    try {
      mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
      writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
      writeFileSync(join(root, 'renderer', 'assets', 'a b.js'), 'export {}');
      writeFileSync(join(root, 'secret.txt'), 'secret');
      const handle = createAppProtocolHandler(join(root, 'renderer'), "default-src 'self'");
      const index = await handle(new Request('app://switchboard/index.html'));
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
      expect(await index.text()).toContain('<title>x</title>');
      const asset = await handle(new Request('app://switchboard/assets/a%20b.js'));
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      for (const url of ['app://switchboard/../secret.txt', 'app://switchboard/%2e%2e/secret.txt', 'app://switchboard/assets/..%2f..%2fsecret.txt', 'app://other/index.html', 'app://switchboard/missing.js']) {
        expect((await handle(new Request(url))).status, url).toBe(404);
      }
      expect(appRequestPath(join(root, 'renderer'), 'app://switchboard/%2e%2e%2fsecret.txt')).toBeNull();
      expect((await handle(new Request('app://switchboard/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

type RequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;
type HeaderMap = Record<string, string[]>;
type HeadersHandler = (details: { responseHeaders?: HeaderMap }, cb: (r: { responseHeaders?: HeaderMap }) => void) => void;

interface FakeSession {
  requestHandler: RequestHandler | null;
  checkHandler: CheckHandler | null;
  deviceHandler: (() => boolean) | null;
  headers: HeadersHandler | null;
  setPermissionRequestHandler(h: RequestHandler): void;
  setPermissionCheckHandler(h: CheckHandler): void;
  setDevicePermissionHandler(h: () => boolean): void;
  webRequest: { onHeadersReceived(h: HeadersHandler): void };
}

function fakeSession(): FakeSession {
  const s: FakeSession = {
    requestHandler: null,
    checkHandler: null,
    deviceHandler: null,
    headers: null,
    setPermissionRequestHandler(h) {
      s.requestHandler = h;
    },
    setPermissionCheckHandler(h) {
      s.checkHandler = h;
    },
    setDevicePermissionHandler(h) {
      s.deviceHandler = h;
    },
    webRequest: {
      onHeadersReceived(h) {
        s.headers = h;
      },
    },
  };
  return s;
}

describe('session policy', () => {
  const app = 'app://switchboard/index.html';
  const isApp = (url: string): boolean => url === app;

  it('denies every permission request and check, except a clipboard write from the app itself', () => {
    const s = fakeSession();
    installSessionPolicy(as(s), { csp: contentSecurityPolicy(false), isAppUrl: isApp });
    const answers: Record<string, boolean> = {};
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'clipboard-sanitized-write']) {
      s.requestHandler?.(new FakeWebContents(), permission, (ok) => (answers[permission] = ok), { requestingUrl: app });
    }
    expect(answers).toEqual({
      media: false,
      geolocation: false,
      notifications: false,
      openExternal: false,
      'clipboard-read': false,
      'clipboard-sanitized-write': true,
    });
    let fromElsewhere: boolean | null = null;
    s.requestHandler?.(new FakeWebContents(), 'clipboard-sanitized-write', (ok) => (fromElsewhere = ok), { requestingUrl: 'https://evil.example/' });
    expect(fromElsewhere).toBe(false);
    expect(s.checkHandler?.(null, 'media', 'app://switchboard', { requestingUrl: app })).toBe(false);
    expect(s.checkHandler?.(null, 'clipboard-sanitized-write', 'app://switchboard', { requestingUrl: app })).toBe(true);
    expect(s.deviceHandler?.()).toBe(false);
  });

  it("sets a strict CSP on every response, replacing the response's own", () => {
    const s = fakeSession();
    installSessionPolicy(as(s), { csp: contentSecurityPolicy(false), isAppUrl: isApp });
    let headers: Record<string, string[]> | undefined;
    s.headers?.({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy(false)] });
    const csp = contentSecurityPolicy(false);
    expect(csp).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(contentSecurityPolicy(true)).toMatch(/'unsafe-inline'/); // dev server only
  });
});

describe('web contents hardening', () => {
  it('denies new windows, blocks navigation and <webview>, allows redirects only to the app', () => {
    const contents = new FakeWebContents();
    hardenWebContents(as(contents), (url) => url === 'app://switchboard/index.html');
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://example.com', true],
      ['will-navigate', 'app://switchboard/index.html', true],
      ['will-redirect', 'https://example.com', true],
      ['will-redirect', 'app://switchboard/index.html', false],
      ['will-attach-webview', 'app://switchboard/index.html', true],
    ] as const) {
      const e = fakeEvent();
      contents.emit(event, e, url);
      expect(e.defaultPrevented, `${event} ${url}`).toBe(blocked);
    }
  });
});
