/**
 * The window's security policy: the content security policy, navigation and window-open blocking, and
 * the session's permission policy. Each function takes the Electron objects it touches, so tests can
 * hand in plain fakes. (The web preferences are written literally where the window is created, in
 * window.ts, so that Electronegativity can read them.)
 */
import type { Session, WebContents } from 'electron';

/**
 * `default-src 'self'` and nothing else loads: no inline script, no eval, no remote anything. The dev
 * server (Vite + React refresh) needs inline scripts and its WebSocket, so only `dev` relaxes that.
 */
export function contentSecurityPolicy(dev: boolean): string {
  const directives = [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    dev ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

type HeaderMap = Record<string, string | string[]>;

/** Response headers without any CSP header (ours replaces it). */
export function withoutCsp(headers: HeaderMap | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  return out;
}

/** Permissions the page may use: only writing (sanitised) text to the clipboard, for the copy buttons. */
const ALLOWED_PERMISSIONS = new Set<string>(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, isAppUrl: (url: string) => boolean): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

type SessionLike = {
  setPermissionRequestHandler: Session['setPermissionRequestHandler'];
  setPermissionCheckHandler: Session['setPermissionCheckHandler'];
  setDevicePermissionHandler: Session['setDevicePermissionHandler'];
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/**
 * Denies every permission request and check (except the clipboard write above), and sets the CSP on
 * every response, so it holds even if the page's own HTML had none.
 */
export function installSessionPolicy(session: SessionLike, options: { csp: string; isAppUrl: (url: string) => boolean }): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), options.isAppUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, options.isAppUrl),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...withoutCsp(details.responseHeaders), 'Content-Security-Policy': [options.csp] } });
  });
}

type ContentsLike = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** No new windows, no navigation away from the app, no <webview>. */
export function hardenWebContents(contents: ContentsLike, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    // The dashboard is a single page: nothing navigates, not even to itself.
    event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
