/** The URLs a PeerJS client on the LAN can use to reach the server. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export interface LanAddressInput {
  /** The bind host ('0.0.0.0' and '::' mean every interface). */
  host: string;
  port: number;
  /** Mount path, e.g. '/' or '/signal'. */
  path: string;
  secure?: boolean;
  /** For tests; defaults to os.networkInterfaces(). */
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const WILDCARD_V4 = new Set(['0.0.0.0']);
const WILDCARD_ANY = new Set(['::', '::0', '0:0:0:0:0:0:0:0']);

function formatHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function isFamily(info: NetworkInterfaceInfo, family: 'IPv4' | 'IPv6'): boolean {
  // Node 18.0–18.3 reported the family as a number; accept both.
  const f: unknown = info.family;
  return f === family || f === (family === 'IPv4' ? 4 : 6);
}

/**
 * Lists http(s)://ip:port/path for every usable interface address. Internal (loopback) addresses are
 * listed only when there is nothing else; IPv6 link-local addresses are skipped (they need a zone id).
 */
export function lanAddresses(input: LanAddressInput): string[] {
  const scheme = input.secure ? 'https' : 'http';
  const path = input.path.startsWith('/') ? input.path : `/${input.path}`;
  const url = (address: string): string => `${scheme}://${formatHost(address)}:${input.port}${path}`;

  const wantV4 = WILDCARD_V4.has(input.host) || WILDCARD_ANY.has(input.host);
  const wantV6 = WILDCARD_ANY.has(input.host);
  if (!wantV4 && !wantV6) return [url(input.host)];

  const external: string[] = [];
  const internal: string[] = [];
  const ifaces = input.interfaces ?? networkInterfaces();
  for (const list of Object.values(ifaces)) {
    for (const info of list ?? []) {
      const v4 = isFamily(info, 'IPv4');
      const v6 = isFamily(info, 'IPv6');
      if (!((v4 && wantV4) || (v6 && wantV6))) continue;
      if (v6 && info.address.toLowerCase().startsWith('fe80:')) continue;
      (info.internal ? internal : external).push(info.address);
    }
  }
  // IPv4 first: it is what people type and what phones on a LAN reach most reliably.
  const ordered = (list: string[]): string[] => [
    ...list.filter((a) => !a.includes(':')),
    ...list.filter((a) => a.includes(':')),
  ];
  const chosen = external.length > 0 ? ordered(external) : ordered(internal);
  if (chosen.length === 0) chosen.push('127.0.0.1');
  return [...new Set(chosen)].map(url);
}

/** Every address of this computer a server can bind to (loopback included, IPv6 link-local left out). */
export function machineAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const out = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.address.toLowerCase().startsWith('fe80:')) continue;
      out.add(info.address);
    }
  }
  return [...out];
}
