/** Starts a real signaling server on 127.0.0.1 with a free port, and stops it after each test. */
import { afterEach } from 'vitest';
import { createSignalingServer, type SignalingOptions, type SignalingServer } from '../../src/core/index.js';

const running: SignalingServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

export async function startServer(options: Partial<SignalingOptions> = {}): Promise<{ server: SignalingServer; port: number; base: string }> {
  const server = createSignalingServer({ host: '127.0.0.1', port: 0, ...options });
  running.push(server);
  const { port } = await server.start();
  return { server, port, base: `http://127.0.0.1:${port}` };
}
