import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressSignaling, SERVER_DESCRIPTION, type EmbeddedSignaling } from '../../../src/core/index.js';
import { connectOpen } from '../../helpers/ws-client.js';

let http: Server | null = null;
let signaling: EmbeddedSignaling | null = null;

afterEach(async () => {
  signaling?.close();
  signaling = null;
  if (http) {
    http.closeAllConnections();
    await new Promise((r) => http?.close(r));
  }
  http = null;
});

describe('embedding in an Express app', () => {
  it('mounts the routes and the WebSocket under the mount path, next to the host app', async () => {
    const app = express();
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    http = createServer(app);
    signaling = expressSignaling(http, { path: '/myapp', allow_discovery: true });
    app.use('/peerjs', signaling.app);
    await new Promise<void>((r) => http?.listen(0, '127.0.0.1', r));
    const port = (http.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/health`)).text()).toBe('ok');
    expect(await (await fetch(`${base}/peerjs/myapp`)).json()).toEqual(SERVER_DESCRIPTION);
    const a = await connectOpen(port, { id: 'alice', path: '/peerjs/myapp' });
    const b = await connectOpen(port, { id: 'bob', path: '/peerjs/myapp' });
    expect(((await (await fetch(`${base}/peerjs/myapp/peerjs/peers`)).json()) as string[]).sort()).toEqual(['alice', 'bob']);
    a.send({ type: 'OFFER', dst: 'bob', payload: 1 });
    expect(await b.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'alice' });
    expect(signaling.peers()).toHaveLength(2);
    signaling.close();
    signaling = null;
    expect((await a.closed).code).toBe(1001);
    await b.closed;
  });
});
