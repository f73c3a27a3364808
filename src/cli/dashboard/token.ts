/**
 * The dashboard's access token: random per start, required on every request (like Jupyter's).
 * The page URL carries it as ?token=…; a valid load sets an HttpOnly, SameSite=Strict cookie so the
 * page's own assets (./assets/*.js, *.css — which cannot carry the query) load too.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'switchboard_token';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== TOKEN_COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null; // a malformed escape is no token
    }
  }
  return null;
}

/** The request target as a URL, or null when it does not parse (e.g. `//`). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

export interface TokenCheck {
  ok: boolean;
  /** True when the token came in the query (so the response should set the cookie). */
  fromQuery: boolean;
}

/** Accepts ?token= in the URL or the dashboard cookie. */
export function checkToken(req: IncomingMessage, expected: string): TokenCheck {
  const url = requestUrl(req);
  if (url === null) return { ok: false, fromQuery: false };
  const query = url.searchParams.get('token');
  if (query !== null) return { ok: tokensEqual(query, expected), fromQuery: true };
  return { ok: tokensEqual(cookieToken(req.headers.cookie), expected), fromQuery: false };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
