/** Bridges that can lose their transport (the web one) report it, so the UI can say so and re-sync. */
import type { Bridge } from '../../shared/control.js';

export type LinkListener = (state: 'open' | 'lost', error: string | null) => void;

export interface LinkAware {
  onLink(listener: LinkListener): () => void;
}

export function isLinkAware(bridge: Bridge): bridge is Bridge & LinkAware {
  return typeof (bridge as Partial<LinkAware>).onLink === 'function';
}
