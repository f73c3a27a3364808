/**
 * `server.clusterView()` on two instances sharing a real redis-server: both instances with their
 * clients, ids and figures; cross-instance latency after cross-instance traffic; messages queued in
 * Redis; Redis stopped → degraded, then fenced, with why; null outside cluster mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer } from '../../helpers/server.js';
import { connectOpen, sleep } from '../../helpers/ws-client.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('cluster view', () => {
  it('lists both instances with clients and ids, measures cross-instance latency, counts what waits in Redis', async () => {
    const o = { key: 'view', cluster: { redis: redis.url } };
    const one = await startServer(o);
    const two = await startServer(o);
    const a = await connectOpen(one.port, { id: 'alice', key: 'view' });
    const c = await connectOpen(one.port, { id: 'carol', key: 'view' });
    const b = await connectOpen(two.port, { id: 'bob', key: 'view' });
    // Cross-instance both ways, and a local pair on instance one.
    for (let i = 0; i < 50; i += 1) {
      a.send({ type: 'CANDIDATE', dst: 'bob', payload: i });
      b.send({ type: 'CANDIDATE', dst: 'alice', payload: i });
      a.send({ type: 'CANDIDATE', dst: 'carol', payload: i });
    }
    await b.next((m) => m.payload === 49);
    await a.next((m) => m.payload === 49);
    // Two messages for an id connected nowhere: they wait in Redis.
    a.send({ type: 'OFFER', dst: 'dave', payload: 1 });
    a.send({ type: 'OFFER', dst: 'dave', payload: 2 });
    // Figures are published with each lease renewal (every 2 s by default).
    let view = await one.server.clusterView();
    await expect.poll(async () => {
      view = await one.server.clusterView();
      return view?.instances.length === 2 && view.instances[1]?.clients === 1 && view.queued?.messages === 2;
    }, { timeout: 10_000 }).toBe(true);
    if (!view) throw new Error('no view');
    if (process.env.SHOW_VIEW) console.log(JSON.stringify(view, null, 1));
    expect(view.redis).toMatchObject({ state: 'connected', address: `127.0.0.1:${redis.port}` });
    expect(view.redis.rttMs).toBeGreaterThanOrEqual(0);
    const [self, other] = view.instances;
    expect(self).toMatchObject({ self: true, about: `127.0.0.1:${one.port}`, clients: 2, ids: 2, listed: ['alice', 'carol'] });
    expect(other).toMatchObject({ self: false, about: `127.0.0.1:${two.port}`, clients: 1, ids: 1, listed: ['bob'] });
    expect(other?.uptimeMs).toBeGreaterThan(0);
    expect(other?.leaseAgeMs).toBeGreaterThanOrEqual(0);
    expect(other?.leaseLeftMs).toBeGreaterThan(0);
    expect(view.registry).toBe(3);
    expect(view.queued).toEqual({ messages: 2, bytes: expect.any(Number) as number, ids: 1 });
    // 50 frames reached each instance from the other: measured on arrival, merged cluster-wide.
    expect(self?.latency?.count).toBe(50);
    expect(view.latency.count).toBe(100);
    expect(view.latency.p50).toBeGreaterThanOrEqual(0);
    expect(view.latency.p99).toBeGreaterThanOrEqual(view.latency.p50 as number);
    expect(view.latency.p99).toBeLessThan(5000);
    // The local pair went the fast path: counted as local, not cross-instance.
    expect(self?.rates).not.toBeNull();
    const s2 = await two.server.clusterView();
    expect(s2?.instances[0]).toMatchObject({ self: true, about: `127.0.0.1:${two.port}` });
    expect(await (await startServer({ key: 'alone' })).server.clusterView()).toBeNull();
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('says degraded (with why and since when) when Redis stops, fenced once the lease ran out, connected when it is back', async () => {
    const o = { key: 'down', cluster: { redis: redis.url, lease_ms: 1500 } };
    const one = await startServer(o);
    const a = await connectOpen(one.port, { id: 'alice', key: 'down' });
    expect((await one.server.clusterView())?.redis.state).toBe('connected');
    const before = Date.now();
    await redis.stop();
    await expect.poll(async () => (await one.server.clusterView())?.redis.state, { timeout: 10_000 }).toMatch(/degraded|fenced/);
    const degraded = await one.server.clusterView();
    expect(degraded?.redis.since).toBeGreaterThanOrEqual(before);
    expect(degraded?.redis.why).toMatch(/Redis|lease/);
    // Redis cannot be asked: this instance alone, with what it knows itself.
    expect(degraded?.instances).toHaveLength(1);
    expect(degraded?.instances[0]).toMatchObject({ self: true, clients: 1, ids: null });
    expect(degraded?.registry).toBeNull();
    await expect.poll(async () => (await one.server.clusterView())?.redis.state, { timeout: 10_000 }).toBe('fenced');
    expect((await one.server.clusterView())?.redis.why).toMatch(/lease not renewed/);
    await redis.restart();
    await expect.poll(async () => (await one.server.clusterView())?.redis.state, { timeout: 15_000 }).toBe('connected');
    await sleep(50);
    await a.close();
  });
});
