/** Sorting and filtering of the peers table. Pure. */
import type { PeerInfo } from '../../shared/events.js';

export type PeerSortKey = 'id' | 'remote' | 'connectedAt' | 'lastSeen' | 'messages' | 'bytes' | 'pendingOut';

export interface PeerSort {
  key: PeerSortKey;
  dir: 'asc' | 'desc';
}

function value(p: PeerInfo, key: PeerSortKey): number | string {
  switch (key) {
    case 'id':
      return p.id;
    case 'remote':
      return p.remote;
    case 'connectedAt':
      return p.connectedAt;
    case 'lastSeen':
      return p.lastSeen;
    case 'messages':
      return p.messagesIn + p.messagesOut;
    case 'bytes':
      return p.bytesIn + p.bytesOut;
    case 'pendingOut':
      return p.pendingOut;
  }
}

export function sortPeers(peers: readonly PeerInfo[], sort: PeerSort, query: string): PeerInfo[] {
  const q = query.trim().toLowerCase();
  const shown = q ? peers.filter((p) => p.id.toLowerCase().includes(q) || p.remote.toLowerCase().includes(q)) : peers.slice();
  const sign = sort.dir === 'asc' ? 1 : -1;
  return shown.sort((x, y) => {
    const a = value(x, sort.key);
    const b = value(y, sort.key);
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    return c === 0 ? x.id.localeCompare(y.id) : c * sign;
  });
}
