import { describe, expect, it } from 'vitest';
import { SERVER_DESCRIPTION } from '../../../src/core/index.js';
import { startServer } from '../../helpers/server.js';
import { connectOpen } from '../../helpers/ws-client.js';

describe('HTTP routes (parity with peer 1.0.2)', () => {
  it('GET / describes the server, with and without a trailing slash under a path', async () => {
    const { base } = await startServer({ path: '/myapp' });
    for (const url of [`${base}/myapp`, `${base}/myapp/`]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(SERVER_DESCRIPTION);
    }
    expect(SERVER_DESCRIPTION).toEqual({
      name: 'PeerJS Server',
      description: 'A server side element to broker connections between PeerJS clients.',
      website: 'https://peerjs.com/',
    });
  });

  it('GET /<key>/id returns a fresh UUID as text/plain, no newline', async () => {
    const { base } = await startServer();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${base}/peerjs/id?ts=${i}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await res.text();
      expect(body).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      ids.add(body);
    }
    expect(ids.size).toBe(5);
  });

  it('GET /<key>/id never hands out a connected id (custom generator)', async () => {
    let n = 0;
    const { base, port } = await startServer({ generateClientId: () => (n++ < 3 ? 'taken' : `free${n}`) });
    const c = await connectOpen(port, { id: 'taken' });
    expect(await (await fetch(`${base}/peerjs/id`)).text()).toBe('free4');
    await c.close();
  });

  it('GET /<key>/peers is 401 without allow_discovery', async () => {
    const { base } = await startServer();
    expect((await fetch(`${base}/peerjs/peers`)).status).toBe(401);
  });

  it('GET /<key>/peers lists connected ids with allow_discovery, and checks the key', async () => {
    const { base, port } = await startServer({ allow_discovery: true, key: 'secret' });
    const a = await connectOpen(port, { id: 'alice', key: 'secret' });
    const b = await connectOpen(port, { id: 'bob', key: 'secret' });
    const res = await fetch(`${base}/secret/peers`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as string[]).sort()).toEqual(['alice', 'bob']);
    expect((await fetch(`${base}/wrong/peers`)).status).toBe(401);
    await Promise.all([a.close(), b.close()]);
  });

  it('reflects the Origin for CORS by default and answers preflight', async () => {
    const { base } = await startServer();
    const res = await fetch(`${base}/peerjs/id`, { headers: { Origin: 'http://game.local:8080' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://game.local:8080');
    const pre = await fetch(`${base}/peerjs/id`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://game.local:8080', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://game.local:8080');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('restricts CORS to the listed origins', async () => {
    const { base } = await startServer({ cors: ['http://allowed.test'] });
    const ok = await fetch(`${base}/`, { headers: { Origin: 'http://allowed.test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://allowed.test');
    const no = await fetch(`${base}/`, { headers: { Origin: 'http://evil.test' } });
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('unknown routes are 404 and WebSocket upgrades elsewhere are refused', async () => {
    const { base, port } = await startServer({ path: '/myapp' });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    await expect(connectOpen(port, { path: '/' })).rejects.toThrow(/404|Unexpected server response/);
    const ok = await connectOpen(port, { path: '/myapp' });
    await ok.close();
  });
});
