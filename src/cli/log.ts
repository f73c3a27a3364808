/** One log line per connection event, from the core's typed events (never per message). */
import type { SignalingServer } from '../core/api.js';

export function attachConnectionLog(server: SignalingServer, write: (line: string) => void): () => void {
  const stamp = () => new Date().toISOString();
  const offs = [
    server.on('connection-opened', (e) => write(`${stamp()} connected    ${e.id} from ${e.remote}${e.reconnect ? ' (reconnect)' : ''}`)),
    server.on('connection-closed', (e) => write(`${stamp()} disconnected ${e.id} (${e.reason})`)),
    server.on('connection-refused', (e) => write(`${stamp()} refused      ${e.id ?? '(no id)'} from ${e.remote}: ${e.msg}`)),
  ];
  return () => offs.forEach((off) => off());
}
