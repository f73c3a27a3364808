/**
 * Where the dashboard is loaded from, and whether a URL is the app's own page. IPC senders, navigations
 * and permission requests are checked against this, so only our own page ever talks to the main process.
 */
import { parseUrl } from '../shared/url.js';
import { APP_ENTRY_URL } from './app-protocol.js';

export type AppLocation = { kind: 'app'; root: string; url: string } | { kind: 'dev'; url: string; origin: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The built renderer (out/renderer, served as app://switchboard/index.html), or the Vite dev server named
 * by ELECTRON_RENDERER_URL — only when the app is not packaged and the URL is http(s) on loopback.
 */
export function resolveAppLocation(input: { devUrl: string | undefined; isPackaged: boolean; rendererRoot: string }): AppLocation {
  if (input.devUrl && !input.isPackaged) {
    // Not a loopback http(s) URL: fall through to the built files.
    const url = parseUrl(input.devUrl);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) {
      return { kind: 'dev', url: url.href, origin: url.origin };
    }
  }
  return { kind: 'app', root: input.rendererRoot, url: APP_ENTRY_URL };
}

/** True only for the app's own page (any hash or query), never for another file or origin. */
export function isAppUrl(location: AppLocation, candidate: string): boolean {
  const url = parseUrl(candidate);
  if (!url) return false;
  if (location.kind === 'dev') return url.origin === location.origin;
  url.hash = '';
  url.search = '';
  return url.href === location.url;
}
