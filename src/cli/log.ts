/** One log line per connection event, from the core's typed events (never per message). */
import type { SignalingServer } from '../core/api.js';

/** Escapes control characters (a client's id may hold newlines or terminal escape sequences). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export function attachConnectionLog(server: SignalingServer, write: (line: string) => void): () => void {
  const stamp = () => new Date().toISOString();
  const offs = [
    server.on('connection-opened', (e) => write(`${stamp()} connected    ${clean(e.id)} from ${clean(e.remote)}${e.reconnect ? ' (reconnect)' : ''}`)),
    server.on('connection-closed', (e) => write(`${stamp()} disconnected ${clean(e.id)} (${e.reason})`)),
    server.on('cluster-status', (e) => write(`${stamp()} cluster ${e.status}: ${clean(e.detail)}`)),
    server.on('connection-refused', (e) => write(`${stamp()} refused      ${e.id === null ? '(no id)' : clean(e.id)} from ${clean(e.remote)}: ${clean(e.msg)}${e.tried ? ` (tried ${clean(e.tried)})` : ''}`)),
  ];
  return () => offs.forEach((off) => off());
}
