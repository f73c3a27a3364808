/** The PeerJS client snippet for an address of this server. Pure. */

export interface ClientTarget {
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
}

/** Splits "http://192.168.1.20:9000/" into host, port and path; null for an unusable address. */
export function targetOf(address: string, key: string): ClientTarget | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
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
