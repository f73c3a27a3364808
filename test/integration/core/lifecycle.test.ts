import { describe, expect, it } from 'vitest';
import { createSignalingServer, SignalingError } from '../../../src/core/index.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';
import { portIsFree } from '../../helpers/net.js';

function handles(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout');
}

describe('lifecycle', () => {
  it('start and stop many times; stop closes every socket, frees the port and leaves no handle', async () => {
    const before = handles();
    const server = createSignalingServer({ host: '127.0.0.1', port: 0 });
    const reasons: string[] = [];
    server.on('connection-closed', (e) => reasons.push(e.reason));
    for (let round = 0; round < 3; round += 1) {
      const { port } = await server.start();
      expect(server.running).toBe(true);
      const a = await connectOpen(port, { id: 'alice' });
      const b = await connectOpen(port, { id: 'bob' });
      a.send({ type: 'OFFER', dst: 'absent', payload: 1 });
      await sleep(20);
      await server.stop();
      expect(server.running).toBe(false);
      expect(server.address()).toBeNull();
      expect((await a.closed).code).toBe(1001);
      expect((await b.closed).code).toBe(1001);
      expect(await portIsFree(port)).toBe(true);
      expect(server.peers()).toEqual([]);
    }
    expect(reasons).toEqual(Array(6).fill('server-stop'));
    await sleep(50);
    expect(handles()).toEqual(before);
  });

  it('stop when stopped is a no-op; start when running is refused with a code', async () => {
    const server = createSignalingServer({ host: '127.0.0.1', port: 0 });
    await server.stop();
    await server.start();
    await expect(server.start()).rejects.toMatchObject({ code: 'ERR_SERVER_RUNNING' });
    await server.stop();
  });

  it('port in use: rejects with ERR_ADDRESS_IN_USE and a clear message, and can start later', async () => {
    const first = createSignalingServer({ host: '127.0.0.1', port: 0 });
    const { port } = await first.start();
    const second = createSignalingServer({ host: '127.0.0.1', port });
    const err = await second.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignalingError);
    expect((err as SignalingError).code).toBe('ERR_ADDRESS_IN_USE');
    expect((err as Error).message).toMatch(new RegExp(`Port ${port} is already in use`));
    expect(second.running).toBe(false);
    await first.stop();
    await second.start();
    await second.stop();
  });

  it('a bad bind address rejects with ERR_ADDRESS_NOT_AVAILABLE', async () => {
    const server = createSignalingServer({ host: '203.0.113.77', port: 0 });
    await expect(server.start()).rejects.toMatchObject({ code: 'ERR_ADDRESS_NOT_AVAILABLE' });
  });

  it('invalid options throw ERR_INVALID_OPTION at creation', () => {
    expect(() => createSignalingServer({ port: 99999 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
  });

  it('stats and seq start afresh at each start', async () => {
    const server = createSignalingServer({ host: '127.0.0.1', port: 0 });
    const { port } = await server.start();
    const a = await connectOpen(port, { id: 'alice' });
    await a.close();
    expect(server.stats().connectionsTotal).toBe(1);
    await server.stop();
    await server.start();
    expect(server.stats().connectionsTotal).toBe(0);
    expect(server.recentEvents()[0]).toMatchObject({ kind: 'server-started', seq: 1 });
    await server.stop();
  });
});
