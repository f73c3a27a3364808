/** The PeerJS client snippet for an address of this server. Pure. */
import { parseUrl } from '../../shared/url.js';

export interface ClientTarget {
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
}

/** Splits "http://192.168.1.20:9000/" into host, port and path; null for an unusable address. */
export function targetOf(address: string, key: string): ClientTarget | null {
  const url = parseUrl(address);
  if (!url) return null;
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port, path: url.pathname || '/', key, secure };
}

export function peerSnippet(t: ClientTarget): string {
  const lines = [
    `const peer = new Peer({`,
    `  host: ${JSON.stringify(t.host)},`,
    `  port: ${t.port},`,
    `  path: ${JSON.stringify(t.path)},`,
    `  key: ${JSON.stringify(t.key)},`,
  ];
  if (t.secure) lines.push(`  secure: true,`);
  lines.push(`  config: { iceServers: [] },`, `});`);
  return lines.join('\n');
}

/** The join page the QR code points at: the server's own page for phones, <address>join. */
export function joinUrlOf(address: string): string {
  return address.endsWith('/') ? `${address}join` : `${address}/join`;
}

/** "192.168.1.20:9000" (and the path when it is not "/"): what a person types or reads off a projector. */
export function shortAddress(address: string): string {
  const url = parseUrl(address);
  return url ? `${url.host}${url.pathname === '/' ? '' : url.pathname}` : address;
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/**
 * Null when another machine can use one of the addresses; else why only this computer can connect
 * (a loopback bind address, or no network but loopback), in words for the person in the room.
 */
export function loopbackWarning(addresses: readonly string[], boundHost: string | null): string | null {
  if (addresses.length === 0) return null;
  const hosts = addresses.map((a) => parseUrl(a)?.hostname ?? a);
  if (!hosts.every(isLoopbackHost)) return null;
  if (boundHost !== null && isLoopbackHost(boundHost)) {
    return `Only this computer can connect: the server listens on ${boundHost}. Set the bind address to :: to let others in.`;
  }
  return 'Only this computer can connect: no network was found besides loopback (Wi-Fi or Ethernet off?).';
}
