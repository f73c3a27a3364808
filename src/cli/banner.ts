/** What the CLI prints at start: where clients connect, and a PeerJS snippet to paste. */

export interface BannerInput {
  addresses: string[];
  port: number;
  path: string;
  key: string;
  secure: boolean;
  dashboardUrl: string | null;
}

/** A `new Peer({...})` snippet for one address (host without scheme and port). */
export function peerSnippet(host: string, port: number, path: string, key: string, secure: boolean): string {
  const fields = [`host: ${JSON.stringify(host)}`, `port: ${port}`, `path: ${JSON.stringify(path)}`, `key: ${JSON.stringify(key)}`];
  if (secure) fields.push('secure: true');
  fields.push('config: { iceServers: [] }');
  return `new Peer({ ${fields.join(', ')} })`;
}

export function banner(input: BannerInput): string {
  const lines = ['Switchboard signaling server is running.', '', 'PeerJS clients on this network can connect to:'];
  for (const a of input.addresses) lines.push(`  ${a}`);
  const first = input.addresses[0];
  const host = first ? new URL(first).hostname.replace(/^\[|\]$/g, '') : 'localhost';
  lines.push('', 'In the browser:', `  ${peerSnippet(host, input.port, input.path, input.key, input.secure)}`);
  lines.push('  (iceServers: [] keeps ICE on the LAN; an unreachable STUN server slows or breaks it offline)');
  if (input.dashboardUrl) lines.push('', `Dashboard: ${input.dashboardUrl}`);
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}
