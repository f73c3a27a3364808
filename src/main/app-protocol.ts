/**
 * The dashboard is served from a privileged custom scheme, `app://switchboard/…`, not from `file://`
 * (Electron security checklist, item 18): the origin is fixed whatever the install path (spaces, `^`,
 * non-ASCII), so the IPC sender check is an exact string compare; the page gets a real origin for
 * `'self'` in its CSP, which is sent as a response header here; and the packaged app can turn the
 * `grantFileProtocolExtraPrivileges` fuse off. Only files under the renderer folder are served.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { parseUrl } from '../shared/url.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
/** The page every window loads; the only URL the IPC, permission and navigation checks accept. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Registered before `ready` with protocol.registerSchemesAsPrivileged. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: relative URLs and a real origin; secure: like https (no mixed-content downgrade);
  // supportFetchAPI: the page's own fetch of its assets. No bypassCSP, no corsEnabled, no service workers.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file a request maps to, or null when it is not ours or would leave the root. */
export function appRequestPath(root: string, requestUrl: string): string | null {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + (pathname === '/' ? '/index.html' : pathname));
  return file.startsWith(base + sep) ? file : null;
}

/** The `protocol.handle` handler: GET/HEAD of files under `root`, each with the CSP header. */
export function createAppProtocolHandler(root: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const file = appRequestPath(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
