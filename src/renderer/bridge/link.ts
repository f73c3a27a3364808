/** Bridges that can lose their transport (the web one) report it, so the UI can say so and re-sync. */
import type { Bridge } from '../../shared/control.js';

export type LinkListener = (state: 'open' | 'lost', error: string | null) => void;

export interface LinkAware {
  onLink(listener: LinkListener): () => void;
}

export function isLinkAware(bridge: Bridge): bridge is Bridge & LinkAware {
  return typeof (bridge as Partial<LinkAware>).onLink === 'function';
}

/** The web bridge's own command: a new dashboard token (headless dashboard only; Electron has none). */
export interface TokenAware {
  regenerateToken(): Promise<{ ok: true; token: string } | { ok: false; error: string }>;
}

export function isTokenAware(bridge: Bridge): bridge is Bridge & TokenAware {
  return typeof (bridge as Partial<TokenAware>).regenerateToken === 'function';
}
